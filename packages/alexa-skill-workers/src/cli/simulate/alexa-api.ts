/**
 * The simulator's Alexa service APIs (issue #22): every request it sends carries
 * `context.System.apiEndpoint`, a local Alexa API on 127.0.0.1 (../alexa-api/server.ts), and an
 * `apiAccessToken` issued for that request, bound to the simulated account, the recognized speaker
 * (`--person`) and the device. What the API answers comes from the state folder: the permissions
 * granted (`grant`, `deny`: per account, or per recognized speaker with `--person`, as Alexa keeps
 * customer-level and person-level consent apart) and the profile values (`profile`: defaults, a
 * person's from their name). Nothing granted answers 403, as Amazon's Customer Profile API does.
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-customer-contact-information-for-use-in-your-skill.html
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-recognized-speaker-contact-information.html
 */
import type { FakeAlexaUser } from '../../testing/alexa-api.ts';
import { startLocalAlexaApi, type AlexaApiCall, type LocalAlexaApi } from '../alexa-api/server.ts';
import { CliError, usage } from '../errors.ts';
import { personIdFor } from './person.ts';
import type { SimulatorState } from './state.ts';

/** What one account or one recognized speaker granted, and the values set for them (`profile`). */
interface AlexaApiConsent {
  permissions?: string[];
  profile?: Partial<Record<ProfileKey, string>>;
}

/** The local Alexa API's part of the simulator's state: the account's consent and each `--person`'s. */
export interface AlexaApiState {
  account?: AlexaApiConsent;
  persons?: Record<string, AlexaApiConsent>;
}

/** The permissions the local Alexa API answers for the account (Customer Profile API) and for a recognized speaker (Person Profile API). */
const ACCOUNT_PERMISSIONS = ['alexa::profile:given_name:read', 'alexa::profile:name:read', 'alexa::profile:email:read'] as const;
/** The permissions of a recognized speaker's own consent (the Person Profile API has no email). */
const PERSON_PERMISSIONS = ['alexa::profile:given_name:read', 'alexa::profile:name:read'] as const;

/** The permissions `grant` and `deny` take for the account, or (`speaker`) for a recognized speaker. */
export function answeredPermissions(speaker: boolean): readonly string[] {
  return speaker ? PERSON_PERMISSIONS : ACCOUNT_PERMISSIONS;
}

type ProfileKey = 'givenName' | 'name' | 'email' | 'timeZone';
const ACCOUNT_KEYS: readonly ProfileKey[] = ['givenName', 'name', 'email', 'timeZone'];
const PERSON_KEYS: readonly ProfileKey[] = ['givenName', 'name'];

/**
 * How long the simulator waits, once the skill has answered, for the calls it started (a progressive
 * response is sent alongside the answer): the kit's client gives up on a call after at most 5 s
 * (`AlexaApiClient`'s `timeoutMs` limit), and the local API answers at once, so this is reached
 * only by a call that never ends.
 */
const SETTLE_LIMIT_MS = 5000;

/** The calls one request's skill made, and whether all of them ended within {@link SETTLE_LIMIT_MS}. */
export interface AlexaApiRecord {
  readonly calls: readonly AlexaApiCall[];
  readonly settled: boolean;
}

/** One request's access to the local Alexa API: what its envelope carries, and how to collect what the skill called. */
interface AlexaApiAccess {
  readonly endpoint: string;
  readonly token: string;
  /** Waits (bounded) for the calls in flight, then returns those made since {@link DeviceAlexaApi.begin}. */
  end(): Promise<AlexaApiRecord>;
}

/** The simulated device's Alexa API: started on its first request, stopped with the command. */
export interface DeviceAlexaApi {
  begin(state: SimulatorState, personId: string | undefined): Promise<AlexaApiAccess>;
}

/**
 * A {@link DeviceAlexaApi} that starts the local Alexa API on an ephemeral port when the first
 * request needs it, and registers its close with `onStop` (every way out of the command).
 * @throws {CliError} from `begin`, when no port on 127.0.0.1 can be had (naming `--no-alexa-api`).
 */
export function localAlexaApi(onStop: (stop: () => Promise<void>) => void): DeviceAlexaApi {
  let started: Promise<LocalAlexaApi> | undefined;
  return {
    async begin(state, personId) {
      if (!started) {
        started = startLocalAlexaApi().catch((error: unknown) => {
          const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
          throw new CliError(`the local Alexa API cannot listen on 127.0.0.1 (${reason}): free a port, or pass --no-alexa-api`);
        });
        const api = started;
        onStop(async () => (await api.catch(() => undefined))?.close());
      }
      const api = await started;
      const from = api.calls.length;
      const token = api.issue(userFor(state), { userId: state.userId, deviceId: state.deviceId, ...(personId !== undefined && { personId }) });
      return {
        endpoint: api.endpoint,
        token,
        async end() {
          const settled = await api.settled(SETTLE_LIMIT_MS);
          return { calls: api.calls.slice(from), settled };
        },
      };
    },
  };
}

/** `ana` → `Ana`: a recognized speaker's default name. */
const nameOf = (person: string) => person.charAt(0).toUpperCase() + person.slice(1);

/** The profile values the local Alexa API answers for the account or for `person`: the defaults, overridden by `profile`. */
export function profileOf(state: SimulatorState, person: string | undefined): Partial<Record<ProfileKey, string>> {
  const defaults: Partial<Record<ProfileKey, string>> = person === undefined
    ? { givenName: 'Alex', name: 'Alex Doe', email: 'alex@example.com', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone }
    : { givenName: nameOf(person), name: nameOf(person) };
  const consent = person === undefined ? state.alexaApi?.account : state.alexaApi?.persons?.[person];
  return { ...defaults, ...consent?.profile };
}

/** The account as the local Alexa API knows it: its consent and values, and every recognized speaker's. */
function userFor(state: SimulatorState): FakeAlexaUser {
  const account = profileOf(state, undefined);
  const persons = Object.fromEntries(Object.entries(state.alexaApi?.persons ?? {}).map(([name, consent]) => {
    const profile = profileOf(state, name);
    return [personIdFor(state.userId, name), { name: profile.name, givenName: profile.givenName, permissions: consent.permissions ?? [] }];
  }));
  return {
    userId: state.userId,
    name: account.name,
    givenName: account.givenName,
    email: account.email,
    timeZone: account.timeZone,
    permissions: state.alexaApi?.account?.permissions ?? [],
    persons,
  };
}

/** The consent kept for `person` (or the account), created when missing. */
function consentFor(state: SimulatorState, person: string | undefined): AlexaApiConsent {
  const api = (state.alexaApi ??= {});
  if (person === undefined) return (api.account ??= {});
  return ((api.persons ??= {})[person] ??= {});
}

/**
 * `grant <permission>` or `deny <permission>`, for the account or for `person`.
 * @throws {CliError} exit 2 for a permission the local Alexa API does not answer (the line lists those it does).
 */
export function setPermission(state: SimulatorState, command: 'grant' | 'deny', permission: string | undefined, person: string | undefined): { text: string; json: Record<string, unknown> } {
  const known = answeredPermissions(person !== undefined);
  if (permission === undefined || !known.includes(permission)) {
    const whom = person === undefined ? 'the account' : 'a recognized speaker (--person)';
    throw usage(`${command} needs a permission the local Alexa API answers for ${whom}: ${known.join(', ')}`);
  }
  const consent = consentFor(state, person);
  const others = (consent.permissions ?? []).filter((p) => p !== permission);
  consent.permissions = command === 'grant' ? [...others, permission] : others;
  const whom = person === undefined ? 'the account' : person;
  const effect = command === 'grant' ? 'answered' : 'answered 403 (the skill should ask for consent)';
  return {
    text: `${command === 'grant' ? 'Granted' : 'Denied'} ${permission} for ${whom}: the local Alexa API's calls for it are ${effect}.`,
    json: { permission, granted: command === 'grant', ...(person !== undefined && { person }), permissions: consent.permissions },
  };
}

/**
 * `profile [key=value…]`: sets the values the local Alexa API answers for the account or `person`
 * (underscores for spaces), then shows them with the permissions granted.
 * @throws {CliError} exit 2 for a pair that is not `key=value` of a key the API answers.
 */
export function setProfile(state: SimulatorState, pairs: readonly string[], person: string | undefined): { text: string; json: Record<string, unknown> } {
  const keys = person === undefined ? ACCOUNT_KEYS : PERSON_KEYS;
  for (const pair of pairs) {
    const [key = '', ...rest] = pair.split('=');
    const value = rest.join('=').replace(/_/g, ' ');
    if (!(keys as readonly string[]).includes(key) || rest.length === 0 || value === '') {
      throw usage(`profile takes key=value pairs, keys ${keys.join(', ')}${person === undefined ? '' : ' for a recognized speaker'}, e.g. profile givenName=Ana (not ${JSON.stringify(pair)})`);
    }
    const consent = consentFor(state, person);
    consent.profile = { ...consent.profile, [key]: value };
  }
  const profile = profileOf(state, person);
  const permissions = (person === undefined ? state.alexaApi?.account : state.alexaApi?.persons?.[person])?.permissions ?? [];
  const text = [
    `Alexa API profile of ${person ?? 'the account'}:`,
    ...keys.map((key) => `  ${key}: ${profile[key]}`),
    `  granted: ${permissions.join(', ') || 'nothing (every profile call answers 403)'}`,
  ].join('\n');
  return { text, json: { ...(person !== undefined && { person }), profile, permissions } };
}

/** The readable lines of a request's calls: `Alexa API: POST /v1/directives 204 "One moment…"`. */
export function describeCalls(record: AlexaApiRecord): string[] {
  const lines = record.calls.map((call) => `Alexa API: ${call.method} ${call.path} ${call.status}${call.speech === undefined ? '' : ` ${JSON.stringify(call.speech)}`}`);
  if (!record.settled) lines.push(`Alexa API: a call still running ${SETTLE_LIMIT_MS / 1000} s after the answer was not waited for`);
  return lines;
}
