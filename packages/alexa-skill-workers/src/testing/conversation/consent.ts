/**
 * What a conversation file declares of Alexa's service APIs (format.ts: `permissions`,
 * `personPermissions`, `profile`), so that it starts from a defined state wherever it is played:
 * the account as a `FakeAlexaApi` (the testing entry's, or the one `replay`'s local Alexa API
 * serves) knows it, granting exactly the permissions the file names. Amazon keeps the account's
 * consent (Customer Profile API) apart from a recognized speaker's own (Person Profile API).
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-customer-contact-information-for-use-in-your-skill.html
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-recognized-speaker-contact-information.html
 */
import type { FakeAlexaUser } from '../alexa-api.ts';

/** The permissions a file may grant for the account (the Customer Profile API's scopes that both fakes answer). */
export const ACCOUNT_PERMISSIONS = ['alexa::profile:given_name:read', 'alexa::profile:name:read', 'alexa::profile:email:read'] as const;
/** The permissions a recognized speaker may grant (the Person Profile API has no email). */
export const PERSON_PERMISSIONS = ['alexa::profile:given_name:read', 'alexa::profile:name:read'] as const;

/** The values the profile APIs answer, for the account and the recognized speaker alike. */
export interface ConversationProfile {
  readonly givenName?: string;
  readonly name?: string;
  /** The account's only (the Person Profile API has none). */
  readonly email?: string;
}
const PROFILE_KEYS = ['givenName', 'name', 'email'] as const;

/** What {@link alexaUserOf} reads: the file's declarations. */
interface Declared {
  readonly person?: string;
  readonly permissions?: readonly string[];
  readonly personPermissions?: readonly string[];
  readonly profile?: ConversationProfile;
}

/**
 * Checks the file's `permissions`, `personPermissions` and `profile` (of a parsed JSON object),
 * calling `fail(path, problem)` on the first problem (which throws).
 */
export function parseConsent(json: Record<string, unknown>, fail: (path: string, problem: string) => never): void {
  const list = (key: 'permissions' | 'personPermissions', known: readonly string[]) => {
    const value = json[key];
    if (value === undefined) return;
    if (!Array.isArray(value)) fail(key, `must be a list of permissions, e.g. ["${known[0]}"]`);
    (value as unknown[]).forEach((permission, i) => {
      if (typeof permission !== 'string' || !known.includes(permission)) fail(`${key}[${i}]`, `must be one of ${known.join(', ')}`);
      if ((value as unknown[]).indexOf(permission) !== i) fail(`${key}[${i}]`, `${permission} is listed twice`);
    });
  };
  list('permissions', ACCOUNT_PERMISSIONS);
  list('personPermissions', PERSON_PERMISSIONS);
  if (json.personPermissions !== undefined && json.person === undefined) fail('personPermissions', 'are a recognized speaker\'s: give "person" too');
  const profile = json.profile;
  if (profile === undefined) return;
  if (typeof profile !== 'object' || profile === null || Array.isArray(profile)) fail('profile', 'must be an object, e.g. { "givenName": "Ana" }');
  for (const [key, value] of Object.entries(profile as Record<string, unknown>)) {
    if (!(PROFILE_KEYS as readonly string[]).includes(key)) fail(`profile.${key}`, `not a profile value: give ${PROFILE_KEYS.join(', ')}`);
    if (typeof value !== 'string' || value === '') fail(`profile.${key}`, 'must be text');
  }
}

/** True when the file declares anything of the Alexa API (then it must be played with one). */
export const declaresAlexaApi = (conversation: Declared): boolean =>
  conversation.permissions !== undefined || conversation.personPermissions !== undefined || conversation.profile !== undefined;

/**
 * The account `userId` as the file declares it, for a `FakeAlexaApi` (`user(...)`) or a local Alexa
 * API (`issue(user, ...)`): exactly the file's permissions (none when it names none), its profile
 * values, and the recognized speaker `person` with their own permissions and the same values.
 */
export function alexaUserOf(conversation: Declared, userId: string): FakeAlexaUser {
  const { givenName, name, email } = conversation.profile ?? {};
  const values = { ...(givenName !== undefined && { givenName }), ...(name !== undefined && { name }) };
  return {
    userId,
    ...values,
    ...(email !== undefined && { email }),
    permissions: [...(conversation.permissions ?? [])],
    persons: conversation.person === undefined ? {} : { [conversation.person]: { ...values, permissions: [...(conversation.personPermissions ?? [])] } },
  };
}
