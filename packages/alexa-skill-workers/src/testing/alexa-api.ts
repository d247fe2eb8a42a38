import type { FakeService } from './intercept.ts';

/** Amazon's Alexa API hosts the fake answers on intercepted `fetch` by default (the kit's `ALEXA_API_HOSTS`). */
const AMAZON_ORIGINS = ['https://api.amazonalexa.com', 'https://api.eu.amazonalexa.com', 'https://api.fe.amazonalexa.com'];

/** A recognized speaker of a {@link FakeAlexaUser}: their contact details and their own consent. */
export interface FakeAlexaPerson {
  readonly name?: string;
  readonly givenName?: string;
  readonly mobileNumber?: { readonly countryCode: string; readonly phoneNumber: string };
  /** Permission scopes this person granted (person-level consent), e.g. `alexa::profile:given_name:read`. */
  readonly permissions?: readonly string[];
}

/** An Alexa account as the fake knows it: the Customer Profile, the device settings, the recognized speakers. */
export interface FakeAlexaUser {
  /** `context.System.user.userId`. */
  readonly userId: string;
  readonly name?: string;
  readonly givenName?: string;
  readonly email?: string;
  readonly mobileNumber?: { readonly countryCode: string; readonly phoneNumber: string };
  /** Permission scopes the account granted (customer-level consent). */
  readonly permissions?: readonly string[];
  /** The Settings API's values for every device of the account; absent ones answer 204. */
  readonly timeZone?: string;
  readonly distanceUnits?: 'METRIC' | 'IMPERIAL';
  readonly temperatureUnits?: 'CELSIUS' | 'FAHRENHEIT';
  /** Recognized speakers, by `personId`, each with their own consent. */
  readonly persons?: Readonly<Record<string, FakeAlexaPerson>>;
}

/** Whom an `apiAccessToken` of the fake speaks for: the account, and the recognized speaker and device when there are. */
export interface FakeAlexaIdentity {
  readonly userId: string;
  readonly personId?: string;
  readonly deviceId?: string;
}

/** One call the fake answered: what was asked, for whom (`undefined` for an unknown token), and the status it got. */
export interface FakeAlexaCall {
  readonly method: string;
  /** `directives`, `Profile.givenName`, `Person.givenName`, `System.timeZone`, … or `unknown`. */
  readonly api: string;
  readonly path: string;
  readonly identity: FakeAlexaIdentity | undefined;
  readonly status: number;
}

/** A progressive response the fake accepted (`POST /v1/directives`). */
export interface FakeAlexaDirective {
  readonly requestId: string;
  readonly type: string;
  readonly speech: string;
  readonly identity: FakeAlexaIdentity;
}

/** What {@link FakeAlexaApi.failWith} makes every call answer: a status (empty body), `garbage` (200, not JSON), or `hang` (no answer until the caller gives up). */
export type FakeAlexaFailure = number | 'garbage' | 'hang';

const CUSTOMER_FIELDS: Readonly<Record<string, readonly [scope: string, field: 'name' | 'givenName' | 'email' | 'mobileNumber']>> = {
  'Profile.name': ['alexa::profile:name:read', 'name'],
  'Profile.givenName': ['alexa::profile:given_name:read', 'givenName'],
  'Profile.email': ['alexa::profile:email:read', 'email'],
  'Profile.mobileNumber': ['alexa::profile:mobile_number:read', 'mobileNumber'],
};
const PERSON_FIELDS: Readonly<Record<string, readonly [scope: string, field: 'name' | 'givenName' | 'mobileNumber']>> = {
  name: ['alexa::profile:name:read', 'name'],
  givenName: ['alexa::profile:given_name:read', 'givenName'],
  mobileNumber: ['alexa::profile:mobile_number:read', 'mobileNumber'],
};
const SETTINGS = new Set(['System.timeZone', 'System.distanceUnits', 'System.temperatureUnits']);

/**
 * Alexa's service APIs for tests and local runs, answering like Amazon's reference pages say: the
 * Progressive Response API (`POST /v1/directives`: 204, 400 for a malformed directive), the Settings
 * API (`GET /v2/devices/{deviceId}/settings/System.timeZone|distanceUnits|temperatureUnits`: 200 or
 * 204), the Customer Profile API (`GET /v2/accounts/~current/settings/Profile.{name,givenName,email,mobileNumber}`)
 * and the Person Profile API (`GET /v2/persons/~current/profile/{name,givenName,mobileNumber}`): 200,
 * 204 when the value is unset, 403 when the account (or the recognized speaker) has not granted
 * the scope. A token the fake did not issue with {@link token} answers 401. Every call is recorded
 * in {@link calls}; accepted progressive responses in {@link directives}.
 *
 * Its core, {@link handle}, is a plain `Request` → `Response` function with no test framework in it:
 * serve it from a local server or Worker as a loopback `apiEndpoint`. {@link answer} makes it a
 * {@link FakeService} for `interceptFetch`, answering Amazon's three hosts (or the `origins` given).
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/progressive-response-api-reference.html
 * @see https://developer.amazon.com/en-US/docs/alexa/smapi/alexa-settings-api-reference.html
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/customer-profile-api-reference.html
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/person-profile-api-reference.html
 */
export class FakeAlexaApi implements FakeService {
  readonly #origins: ReadonlySet<string>;
  readonly #users = new Map<string, FakeAlexaUser>();
  readonly #tokens = new Map<string, FakeAlexaIdentity>();
  /** Every call answered, in order. */
  readonly calls: FakeAlexaCall[] = [];
  /** Every progressive response accepted, in order. */
  readonly directives: FakeAlexaDirective[] = [];
  /** When set, every call is answered so (an outage, a broken answer, a hang). */
  failWith: FakeAlexaFailure | undefined;

  /** `origins`: where {@link answer} takes requests; default Amazon's three API hosts. */
  constructor(options: { readonly origins?: readonly string[] } = {}) {
    this.#origins = new Set((options.origins ?? AMAZON_ORIGINS).map((origin) => new URL(origin).origin));
  }

  /** Adds an account (or replaces the one with its `userId`). */
  user(user: FakeAlexaUser): this {
    this.#users.set(user.userId, user);
    return this;
  }

  /** An `apiAccessToken` speaking for `identity`: put it in the envelope's `context.System.apiAccessToken`. */
  token(identity: FakeAlexaIdentity): string {
    const token = `fake-alexa-api.${crypto.randomUUID()}`;
    this.#tokens.set(token, identity);
    return token;
  }

  /** {@link FakeService}: {@link handle} for the fake's origins; anything else is `undefined`. */
  answer(request: Request): Promise<Response> | undefined {
    return this.#origins.has(new URL(request.url).origin) ? this.handle(request) : undefined;
  }

  /** Answers one request to the API, whatever host it was sent to (the path decides). */
  async handle(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url);
    const api = apiOf(request.method, pathname);
    const identity = this.#tokens.get(/^Bearer (\S+)$/.exec(request.headers.get('authorization') ?? '')?.[1] ?? '');
    const record = (response: Response): Response => {
      this.calls.push({ method: request.method, api, path: pathname, identity, status: response.status });
      return response;
    };
    if (this.failWith === 'hang') return hang(request);
    if (this.failWith === 'garbage') return record(new Response('<html>Service Unavailable</html>', { headers: { 'content-type': 'text/html' } }));
    if (this.failWith !== undefined) return record(new Response(null, { status: this.failWith }));
    if (!identity) return record(Response.json({ code: 'UNAUTHORIZED', message: 'The authentication token is malformed or invalid.' }, { status: 401 }));
    if (api === 'directives') return record(await this.#directive(request, identity));
    return record(this.#read(api, pathname, identity));
  }

  async #directive(request: Request, identity: FakeAlexaIdentity): Promise<Response> {
    const body = (await request.json().catch(() => undefined)) as { header?: { requestId?: unknown }; directive?: { type?: unknown; speech?: unknown } } | undefined;
    const requestId = body?.header?.requestId;
    const type = body?.directive?.type;
    const speech = body?.directive?.speech;
    if (typeof requestId !== 'string' || type !== 'VoicePlayer.Speak' || typeof speech !== 'string' || !/^<speak>[\s\S]*<\/speak>$/.test(speech)) {
      return Response.json({ code: 'INVALID_DIRECTIVE', message: 'Directive not valid.' }, { status: 400 });
    }
    this.directives.push({ requestId, type, speech, identity });
    return new Response(null, { status: 204 });
  }

  #read(api: string, pathname: string, identity: FakeAlexaIdentity): Response {
    const user = this.#users.get(identity.userId);
    if (SETTINGS.has(api)) {
      const deviceId = decodeURIComponent(pathname.split('/')[3] ?? '');
      if (identity.deviceId !== undefined && deviceId !== identity.deviceId) return forbidden();
      const key = api === 'System.timeZone' ? 'timeZone' : api === 'System.distanceUnits' ? 'distanceUnits' : 'temperatureUnits';
      return value(user?.[key]);
    }
    const customer = CUSTOMER_FIELDS[api];
    if (customer) return user?.permissions?.includes(customer[0]) ? value(user[customer[1]]) : forbidden();
    const person = api.startsWith('Person.') ? PERSON_FIELDS[api.slice('Person.'.length)] : undefined;
    if (person) {
      const speaker = identity.personId === undefined ? undefined : user?.persons?.[identity.personId];
      return speaker?.permissions?.includes(person[0]) ? value(speaker[person[1]]) : forbidden();
    }
    return Response.json({ code: 'NOT_FOUND', message: 'No such API.' }, { status: 404 });
  }
}

/** The API a path names, as {@link FakeAlexaCall.api} records it. */
function apiOf(method: string, pathname: string): string {
  if (method === 'POST' && pathname === '/v1/directives') return 'directives';
  if (method !== 'GET') return 'unknown';
  const customer = /^\/v2\/accounts\/~current\/settings\/(Profile\.\w+)$/.exec(pathname)?.[1];
  if (customer && Object.hasOwn(CUSTOMER_FIELDS, customer)) return customer;
  const person = /^\/v2\/persons\/~current\/profile\/(\w+)$/.exec(pathname)?.[1];
  if (person && Object.hasOwn(PERSON_FIELDS, person)) return `Person.${person}`;
  const setting = /^\/v2\/devices\/[^/]+\/settings\/(System\.\w+)$/.exec(pathname)?.[1];
  return setting && SETTINGS.has(setting) ? setting : 'unknown';
}

const value = (found: unknown): Response => (found === undefined ? new Response(null, { status: 204 }) : Response.json(found));
const forbidden = (): Response => Response.json({ code: 'ACCESS_DENIED', message: 'The authentication token does not have access to resource.' }, { status: 403 });

/** Never answers; rejects once the caller aborts (its timeout), as a network that went quiet. */
function hang(request: Request): Promise<Response> {
  return new Promise((_, reject) => {
    const { signal } = request;
    if (signal.aborted) reject(signal.reason as Error);
    signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
}
