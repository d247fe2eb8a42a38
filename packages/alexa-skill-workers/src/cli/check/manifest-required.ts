/**
 * The manifest fields a custom skill needs before it can be submitted for certification. Every
 * property in the ask-smapi-model types is optional, so the type check passes a manifest without
 * them; this rule does not. Pure: a parsed skill.json in, problems out.
 *
 * @see https://developer.amazon.com/docs/smapi/skill-manifest.html ("Skill Manifest Schema"). It
 *   defines `manifest.manifestVersion`, `publishingInformation` (a `<locale>` object per locale with
 *   `name`, `summary`, `description`, `examplePhrases`, `keywords`, `smallIconUri`, `largeIconUri`),
 *   `privacyAndCompliance` (the yes/no answers, a per-locale `privacyPolicyUrl`) and
 *   `apis.custom.endpoint.uri`; it says that when `isAvailableWorldwide` is false the countries must be
 *   listed in `distributionCountries`. The copies of that page the project could search carry no
 *   "required" column, so which fields submission needs is taken from what the developer console's
 *   Distribution and Privacy & Compliance pages ask for (store listing, icons, example phrases, every
 *   privacy question answered, a privacy policy for a skill that links accounts, as this one does).
 *   Keywords are left optional.
 */

type Json = Record<string, unknown>;

const PRIVACY_ANSWERS = ['allowsPurchases', 'usesPersonalInfo', 'isChildDirected', 'isExportCompliant', 'containsAds'] as const;
const LOCALE_TEXTS = ['name', 'summary', 'description', 'smallIconUri', 'largeIconUri'] as const;

const object = (value: unknown): Json | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
const text = (value: unknown) => typeof value === 'string' && value.trim() !== '';
const strings = (value: unknown) => Array.isArray(value) && value.length > 0 && value.every(text);

/** What a `skill.json` lacks for certification, one message per missing field; empty when complete. */
export function missingManifestFields(skillJson: unknown): string[] {
  const problems: string[] = [];
  const manifest = object(object(skillJson)?.manifest);
  if (!manifest) return ['skill.json has no "manifest" object'];
  if (!text(manifest.manifestVersion)) problems.push('manifest.manifestVersion is missing');

  const publishing = object(manifest.publishingInformation);
  const locales = Object.entries(object(publishing?.locales) ?? {});
  if (locales.length === 0) problems.push('manifest.publishingInformation.locales lists no locale');
  for (const [locale, raw] of locales) {
    const listing = object(raw) ?? {};
    const at = `manifest.publishingInformation.locales.${locale}`;
    for (const field of LOCALE_TEXTS) if (!text(listing[field])) problems.push(`${at}.${field} is missing`);
    if (!strings(listing.examplePhrases)) problems.push(`${at}.examplePhrases is missing or empty`);
  }
  const worldwide = publishing?.isAvailableWorldwide;
  if (typeof worldwide !== 'boolean') problems.push('manifest.publishingInformation.isAvailableWorldwide is missing');
  else if (!worldwide && !strings(publishing?.distributionCountries)) {
    problems.push('manifest.publishingInformation.distributionCountries is empty, and the skill is not available worldwide');
  }

  const privacy = object(manifest.privacyAndCompliance);
  if (!privacy) {
    problems.push('manifest.privacyAndCompliance is missing');
  } else {
    for (const answer of PRIVACY_ANSWERS) {
      if (typeof privacy[answer] !== 'boolean') problems.push(`manifest.privacyAndCompliance.${answer} is not answered (true or false)`);
    }
    const privacyLocales = object(privacy.locales) ?? {};
    for (const [locale] of locales) {
      if (!text(object(privacyLocales[locale])?.privacyPolicyUrl)) problems.push(`manifest.privacyAndCompliance.locales.${locale}.privacyPolicyUrl is missing`);
    }
  }

  if (!text(object(object(object(manifest.apis)?.custom)?.endpoint)?.uri)) problems.push('manifest.apis.custom.endpoint.uri is missing');
  return problems;
}
