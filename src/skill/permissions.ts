/**
 * The permissions Ride Hailer asks users for with an `AskForPermissionsConsent` card: the rider's
 * first name (`alexa::profile:given_name:read`), said when a ride is ordered (`rider-name.ts`).
 * Each must also be declared in `skill-package/skill.json` `manifest.permissions`, or Alexa never
 * offers it: package.json's `"alexa-skill-workers".policy.consentPermissions` lists them for the
 * kit's `check` (rule `consent-permissions`), held equal to this list by test/skill/policy.test.ts.
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-customer-contact-information-for-use-in-your-skill.html
 */
export const CONSENT_PERMISSIONS: readonly string[] = ['alexa::profile:given_name:read'];
