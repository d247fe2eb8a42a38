/**
 * The permissions Ride Hailer asks users for with an `AskForPermissionsConsent` card: the rider's
 * first name (`alexa::profile:given_name:read`), said when a ride is ordered (`rider-name.ts`).
 * Each must also be declared in `skill-package/skill.json` `manifest.permissions`, or Alexa never
 * offers it: the package rule `consent-permissions` (tools/skill-package/rules.ts) imports this list
 * and checks that. No imports here, so Node can load it without the kit.
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-customer-contact-information-for-use-in-your-skill.html
 */
export const CONSENT_PERMISSIONS: readonly string[] = ['alexa::profile:given_name:read'];
