import type { HandlerInput } from 'ask-sdk-core';
import { EnvelopeError } from '../core/errors.ts';
import { isRecord } from '../lib/json.ts';
import { credentialsOf } from '../ask-sdk/speaker.ts';
import { alexaApiOf } from './context.ts';
import { AlexaApiError } from './errors.ts';
import { settle, type AlexaApiResult } from './result.ts';

/**
 * The permission scope of a given name (first name), for the account (Customer Profile API) and
 * for a recognized speaker (Person Profile API) alike: declare it in `skill.json` `permissions`,
 * and name it in the `AskForPermissionsConsent` card when a read is `ALEXA_API_FORBIDDEN`.
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-customer-contact-information-for-use-in-your-skill.html
 */
export const GIVEN_NAME_PERMISSION = 'alexa::profile:given_name:read';

/**
 * The given name of whoever is speaking: the recognized speaker's own (Person Profile API,
 * `GET /v2/persons/~current/profile/givenName`) when Alexa recognized one (`context.System.person`),
 * else the account's (Customer Profile API, `GET /v2/accounts/~current/settings/Profile.givenName`),
 * which may not be the speaker's. Never the account's for a recognized speaker: their own consent
 * decides. `done` with `undefined` when there is none (204); `failed` with `ALEXA_API_FORBIDDEN` when
 * the permission ({@link GIVEN_NAME_PERMISSION}) is not granted; any other failure by its code.
 * @throws {UsageError} `API_MISUSE` when the skill context has no `alexaApi`.
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/customer-profile-api-reference.html
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/person-profile-api-reference.html
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-recognized-speaker-contact-information.html
 */
export function givenNameOf(input: HandlerInput): Promise<AlexaApiResult<string | undefined>> {
  const { client, ctx } = alexaApiOf(input);
  const person = credentialsOf(input.requestEnvelope).speaker !== undefined;
  const [api, path] = person
    ? ['Person.givenName', '/v2/persons/~current/profile/givenName']
    : ['Profile.givenName', '/v2/accounts/~current/settings/Profile.givenName'];
  return settle(client.call(input.requestEnvelope, { api, method: 'GET', path, read: (body) => optionalString(body, api) }, ctx));
}

/**
 * The device's time zone (Alexa Settings API, `GET /v2/devices/{deviceId}/settings/System.timeZone`),
 * an IANA name such as `America/Los_Angeles`; needs no permission. `done` with `undefined` when the
 * user set none (204); a name `Intl` does not know is `ALEXA_API_UNAVAILABLE`.
 * @throws {UsageError} `API_MISUSE` when the skill context has no `alexaApi`.
 * @throws {EnvelopeError} `ENVELOPE_MALFORMED` when `context.System.device.deviceId` is missing.
 * @see https://developer.amazon.com/en-US/docs/alexa/smapi/alexa-settings-api-reference.html
 */
export function timeZoneOf(input: HandlerInput): Promise<AlexaApiResult<string | undefined>> {
  const { client, ctx } = alexaApiOf(input);
  const device: unknown = (input.requestEnvelope.context?.System as { device?: unknown } | undefined)?.device;
  const deviceId = isRecord(device) && typeof device.deviceId === 'string' && device.deviceId !== '' ? device.deviceId : undefined;
  if (deviceId === undefined) throw new EnvelopeError('context.System.device.deviceId');
  const api = 'System.timeZone';
  const path = `/v2/devices/${encodeURIComponent(deviceId)}/settings/System.timeZone`;
  return settle(client.call(input.requestEnvelope, { api, method: 'GET', path, read: (body) => knownTimeZone(optionalString(body, api), api) }, ctx));
}

/** A JSON string answer, or none; anything else is not what the API documents. */
function optionalString(body: unknown, api: string): string | undefined {
  if (body === undefined || (typeof body === 'string' && body.trim() !== '')) return body;
  throw new AlexaApiError('ALEXA_API_UNAVAILABLE', `${api} answered a value that is not a string`);
}

function knownTimeZone(zone: string | undefined, api: string): string | undefined {
  if (zone === undefined) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch (cause) {
    throw new AlexaApiError('ALEXA_API_UNAVAILABLE', `${api} answered a time zone Intl does not know`, { cause });
  }
}
