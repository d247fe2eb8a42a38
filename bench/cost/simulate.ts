/**
 * The cost model at scale (issue #23): a deterministic simulation, at the level of cache events,
 * of a month of Ride Hailer traffic through the kit's layered caches (isolate memory → Workers KV
 * → the provider and S3), then Cloudflare's prices applied to it. Not the Worker itself: what each
 * request reads and writes is the table below, taken from the kit's code (packages/alexa-skill-workers/src)
 * and Ride Hailer's (src/).
 *
 *   npm exec -- node bench/cost/simulate.ts --users 1000000 --days 30 --seed 1 [--json]
 *
 * Options: `--users N`, `--days N` (of a 30-day month), `--seed N`, `--sample-days K` (simulate K
 * of the days, evenly spread, and scale up), `--set name=value` (any parameter below, repeatable;
 * JSON for lists), `--json` (the raw result), otherwise markdown tables. `bench/cost/report.ts`
 * regenerates docs/cost.md from the same code.
 *
 * The parameters come first, so they are easy to update when the code changes: KIT (sizes and
 * lifetimes, each with the file it is read from), REQUESTS (what each request type reads and
 * writes, with its handler), WORKLOAD and PLATFORM (assumptions, said to be assumptions), CPU (the
 * bench's measurements, with the file and row), SIZES (bytes of entries, estimated from
 * representative values). Prices are in bench/cost/pricing.ts.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { report } from './markdown.ts';
import { run } from './run.ts';

/** One parameter: its value and where it comes from (a file of this repository, a page, or "assumption"). */
export interface Parameter<V = number> {
  readonly value: V;
  readonly source: string;
}

/**
 * The kit's caches and bounds, as Ride Hailer builds them (src/runtime.ts passes no `maxEntries`
 * nor `refusedTtlSeconds`, so the kit's defaults apply): each with the file it is read from,
 * under packages/alexa-skill-workers/src/.
 */
export const KIT = {
  certMemoryEntries: { value: 16, source: 'packages/alexa-skill-workers/src/verification/cert-store.ts: `options.maxEntries ?? 16` (LRU of verified keys per isolate; the verifier passes none)' },
  certKvMaxTtlSeconds: { value: 7 * 24 * 3600, source: 'packages/alexa-skill-workers/src/verification/cert-store.ts: `KV_MAX_TTL_SECONDS` (cert: entries, at most 7 days)' },
  certUnverifiedDownloadBurst: { value: 8, source: 'packages/alexa-skill-workers/src/verification/cert-store.ts: `UNVERIFIED_DOWNLOAD_BURST` (downloads of URLs the isolate never verified, at once; only after a cert: miss)' },
  certUnverifiedRefillSeconds: { value: 7.5, source: 'packages/alexa-skill-workers/src/verification/cert-store.ts: `UNVERIFIED_REFILL_MS` / 1000 (one more such download every 7.5 s)' },
  tokenMemoryEntries: { value: 1000, source: 'packages/alexa-skill-workers/src/linking/account-service.ts: `numberOption(options, \'maxEntries\', 1000, …)` (accounts LRU per isolate, token-cache.ts)' },
  rejectedMemoryEntries: { value: 1000, source: 'packages/alexa-skill-workers/src/linking/account-service.ts: the same `maxEntries` (refused-token LRU per isolate, token-cache.ts)' },
  purgeMemoryEntries: { value: 1000, source: 'packages/alexa-skill-workers/src/linking/account-service.ts: the same `maxEntries` (purge records per isolate, linking/purges.ts)' },
  refusedTtlSeconds: { value: 3600, source: 'packages/alexa-skill-workers/src/linking/token-cache.ts: `REFUSED_TTL_SECONDS` (a refused token, in memory and in KV under rej:)' },
  purgeTombstoneTtlSeconds: { value: 120, source: 'packages/alexa-skill-workers/src/linking/purges.ts: `PURGE_TOMBSTONE_TTL_SECONDS` (purge: tombstone of a SkillDisabled)' },
  tokenCacheMaxTtlSeconds: { value: 900, source: 'packages/alexa-skill-workers/src/linking/account-service.ts: `DEFAULT_MAX_TTL_SECONDS`, Ride Hailer\'s `TOKEN_CACHE_MAX_TTL_SECONDS` default (src/config/config.ts; tok: TTL = min(token expiry, this))' },
  kvMinTtlSeconds: { value: 60, source: 'packages/alexa-skill-workers/src/lib/kv.ts: `KV_MIN_TTL_SECONDS` (shorter-lived tok: and rej: entries stay in memory only)' },
  jwksMaxAgeSeconds: { value: 600, source: 'packages/alexa-skill-workers/src/linking/jwt-validator.ts: `JWKS_MAX_AGE_MS` (jose cacheMaxAge and the jwks: TTL)' },
  replayMemoryEntries: { value: 1000, source: 'packages/alexa-skill-workers/src/ask-sdk/replay-guard.ts: `numberOption(options, \'maxEntries\', 1000, …)` (done: LRU per isolate)' },
  replayRecordTtlSeconds: { value: 360, source: 'packages/alexa-skill-workers/src/ask-sdk/replay-guard.ts: `REPLAY_RECORD_TTL_SECONDS` (memory and KV)' },
} satisfies Record<string, Parameter>;

/** The request types the skill answers. */
export type RequestKind =
  | 'LaunchRequest'
  | 'OrderCar'
  | 'AMAZON.YesIntent'
  | 'RideHailerAvailabilityByCity'
  | 'SessionEndedRequest'
  | 'AlexaSkillEvent.SkillEnabled'
  | 'AlexaSkillEvent.SkillAccountLinked'
  | 'AlexaSkillEvent.SkillDisabled';

/**
 * What a request does beyond verification (which every request does: certificate from memory,
 * else `cert:` in KV, else S3). `token`: `peek` reads memory then `tok:` and never calls the
 * provider; `resolve` reads memory (accounts, then refused tokens), then `tok:`, then `rej:`, then
 * validates with the provider and writes `tok:` (then reads the user's `purge:` tombstone) or, for a
 * refused token, `rej:`.
 */
export interface RequestEffects {
  readonly token: 'none' | 'peek' | 'resolve';
  /** `attr:` read: always, or only when the request has no destination slot. */
  readonly attributesRead?: 'always' | 'without destination slot';
  /** `attr:` written (ask-sdk's savePersistentAttributes). */
  readonly attributesWrite?: boolean;
  /** Wrapped in answerOnce: `done:` read before, written after (memory and KV). */
  readonly replayGuard?: boolean;
  /** One call to RIDES_URL. */
  readonly rideOrder?: boolean;
  /** The event carries a token just issued by linking. */
  readonly newToken?: boolean;
  /** SkillDisabled: writes `purge:<user>`, lists `tok:<user>:` and deletes each entry; deletes `attr:` when NOT_PERSISTED. */
  readonly purge?: boolean;
  readonly source: string;
}

export const REQUESTS: Readonly<Record<RequestKind, RequestEffects>> = {
  LaunchRequest: { token: 'peek', source: 'src/skill/handlers/launch.ts: `accounts.peek` (greets a cached user by name)' },
  OrderCar: {
    token: 'resolve',
    attributesRead: 'without destination slot',
    source: 'src/skill/policy.ts (gated) and src/skill/handlers/order-car.ts: `rememberedDestination` without a slot',
  },
  'AMAZON.YesIntent': {
    token: 'resolve',
    replayGuard: true,
    rideOrder: true,
    attributesRead: 'always',
    attributesWrite: true,
    source: 'src/skill/ordering.ts: `answerOnce` (done:), `orderRide`, `rememberDestination` (attr: read and write)',
  },
  RideHailerAvailabilityByCity: { token: 'none', source: 'src/skill/handlers/availability.ts (public, never reads the token)' },
  SessionEndedRequest: { token: 'none', source: 'src/skill/handlers/session-ended.ts' },
  'AlexaSkillEvent.SkillEnabled': { token: 'none', source: 'src/skill/skill.ts: `skillEventHandler` (acknowledged)' },
  'AlexaSkillEvent.SkillAccountLinked': { token: 'resolve', newToken: true, source: 'packages/alexa-skill-workers/src/ask-sdk/skill-events.ts: `accountLinkedHandler` (warms the cache)' },
  'AlexaSkillEvent.SkillDisabled': {
    token: 'none',
    purge: true,
    source: 'packages/alexa-skill-workers/src/ask-sdk/skill-events.ts: `skillDisabledHandler`; linking/token-cache.ts `forgetUser` (purge: tombstone, then list and deletes)',
  },
};

/** A user session: its share of sessions and its requests, a few seconds apart. */
export interface SessionShape {
  readonly name: string;
  readonly share: number;
  readonly requests: readonly RequestKind[];
}

/** Who uses the skill, and how. Every value here is an assumption of this model. */
export const WORKLOAD = {
  activeDaysZipfExponent: { value: 1.3, source: 'assumption: active days d = 1..30 of a monthly user, P(d) ∝ 1/d^s (at s = 1.3: 5.4 days on average, 37% of users on one day only)' },
  sessionsPerActiveDay: { value: [0.75, 0.2, 0.05] as readonly number[], source: 'assumption: P(1, 2, 3 sessions) on an active day' },
  sessions: {
    value: [
      { name: 'launch, order, yes', share: 0.35, requests: ['LaunchRequest', 'OrderCar', 'AMAZON.YesIntent'] },
      { name: 'order, yes', share: 0.3, requests: ['OrderCar', 'AMAZON.YesIntent'] },
      { name: 'launch, no answer', share: 0.075, requests: ['LaunchRequest', 'SessionEndedRequest'] },
      { name: 'order, no answer', share: 0.075, requests: ['OrderCar', 'SessionEndedRequest'] },
      { name: 'availability', share: 0.2, requests: ['RideHailerAvailabilityByCity'] },
    ] as readonly SessionShape[],
    source: 'assumption: the session mix (README "The skill": OrderCar → Yes, availability is public)',
  },
  secondsBetweenRequests: { value: [4, 15] as readonly number[], source: 'assumption: uniform gap between turns, seconds' },
  destinationSlotShare: { value: 0.7, source: 'assumption: share of OrderCar with a destination slot (else attr: is read)' },
  destinationWeights: { value: [0.6, 0.3, 0.1] as readonly number[], source: 'assumption: work, home, other (a Yes to the same place rewrites attr: unchanged)' },
  linkedShare: { value: 0.95, source: 'assumption: monthly users with a linked account (the others get the LinkAccount card)' },
  newlyLinkedShare: { value: 0.05, source: 'assumption: users who link this month (SkillEnabled + SkillAccountLinked before their first session)' },
  disabledShare: { value: 0.01, source: 'assumption: users who disable the skill this month (SkillDisabled)' },
  notPersistedShare: { value: 0.5, source: 'assumption: SkillDisabled with userInformationPersistenceStatus NOT_PERSISTED' },
  householdsWithPersonsShare: { value: 0.2, source: 'assumption: accounts with recognized speakers (README "Recognized speakers")' },
  personsPerHousehold: { value: [0, 0, 0.6, 0.4] as readonly number[], source: 'assumption: P(2, 3 persons) in such a household (index = persons)' },
  personOwnLinkShare: { value: 0.5, source: 'assumption: a person who linked their own profile (person.accessToken, cached per person)' },
  recognizedShare: { value: 0.9, source: 'assumption: a turn in such a household whose voice Alexa recognizes' },
  revokedSessionShare: { value: 0.002, source: 'assumption: sessions whose token the provider refuses (rejected-token memory)' },
  tokenLifetimeSeconds: { value: 3600, source: 'assumption: access tokens last 1 h (Login with Amazon\'s do); Alexa refreshes at the first request after expiry, a new token string each time' },
  localHourWeights: {
    value: [1, 0.5, 0.3, 0.3, 0.5, 1.5, 4, 7, 8, 6, 4, 4, 5, 4, 4, 5, 6, 8, 8, 6, 5, 4, 3, 2] as readonly number[],
    source: 'assumption: sessions by local hour (commute peaks)',
  },
} satisfies Record<string, Parameter<unknown>>;

/** How tokens are validated (Ride Hailer's src/config/tokens.ts picks the kit's validator); `lwa` is Login with Amazon. */
export type TokenMode = 'jwt' | 'opaque' | 'lwa';
const tokenMode = (mode: TokenMode): TokenMode => mode;

/** Cloudflare's side. Sources are Cloudflare's pages where they say it, else assumptions. */
export const PLATFORM = {
  locations: { value: 300, source: 'assumption: Cloudflare locations receiving traffic (see docs/cost.md: Alexa calls from a few AWS regions, so fewer is likely)' },
  locationZipfExponent: { value: 1, source: 'assumption: traffic share of the k-th location ∝ 1/k^s' },
  requestsPerSecondPerIsolate: { value: 5, source: 'assumption: a location runs ceil(its hourly req/s ÷ this) isolates, each request to a random one' },
  maxIsolatesPerLocation: { value: 64, source: 'assumption' },
  isolateLifetimeSeconds: { value: 3600, source: 'assumption: an isolate is replaced after an hour (issue #23: "new isolates per location per hour")' },
  isolateIdleSeconds: { value: 600, source: 'assumption: an isolate idle this long is evicted' },
  deploysPerMonth: { value: 4, source: 'assumption: each deploy replaces every isolate' },
  kvPropagationSeconds: { value: 60, source: 'https://developers.cloudflare.com/kv/concepts/how-kv-works/ ("up to 60 seconds or more to be visible in other global network locations")' },
  tokenMode: {
    value: tokenMode('jwt'),
    source:
      'src/config/tokens.ts: jwt (JwtValidator: JWKS, then 1 profile call), opaque (OpaqueValidator: userinfo + profile at once), ' +
      'lwa (LoginWithAmazonValidator: tokeninfo first, then userinfo + profile; a token tokeninfo refuses costs tokeninfo only)',
  },
} satisfies Record<string, Parameter<unknown>>;

/**
 * CPU per request, from the bench's last run (the Worker's own CPU, in the isolate, median of 5;
 * bench/results/bench.json, run on 2026-12-07 with certificate records: a new isolate parses no X.509).
 */
export const CPU = {
  warmLinkedUs: { value: 169.2, source: 'bench/results/bench.json `inIsolate["warm linked OrderCar"].medianUs`' },
  warmPublicUs: { value: 114.2, source: 'bench/results/bench.json `inIsolate["warm unlinked public intent"].medianUs`' },
  newTokenUs: { value: 464.3, source: 'bench/results/bench.json `inIsolate["new token"].medianUs`' },
  newIsolateUs: { value: 468, source: 'bench/results/bench.json `inIsolate["new isolate"].medianUs` (certificate and token from KV)' },
  startupMs: { value: 12.3, source: 'bench/results/bench.json `startup.differenceMs` (per new isolate; counted apart, see docs/cost.md)' },
} satisfies Record<string, Parameter>;

/** Representative values, for sizes: the demo service's user ana (demo/ride-hailer-service/src/users.ts). */
const ACCOUNT = JSON.stringify({
  subject: 'user-ana',
  profile: {
    id: 'user-ana',
    name: 'Ana',
    defaultLocations: {
      work: { label: 'Contoso Tower', address: '500 Contoso Way, Seattle' },
      home: { label: 'Maple Street', address: '12 Maple Street, Seattle' },
    },
    paymentMethod: 'Visa ending 4242',
  },
  expiresAt: 1_764_000_000_000,
});
const SPEECH = 'Done. Your ride to Contoso Tower is on its way and should arrive in about 7 minutes.';
const ANSWER = JSON.stringify({ value: { response: { outputSpeech: { type: 'SSML', ssml: `<speak>${SPEECH}</speak>` }, shouldEndSession: true }, sessionAttributes: {} } });
const RSA_JWK = { kty: 'RSA', n: 'n'.repeat(342), e: 'AQAB', kid: 'key-1', alg: 'RS256', use: 'sig' };
const KEY_SET = JSON.stringify({ jwks: { keys: [RSA_JWK, { ...RSA_JWK, kid: 'key-2' }] }, uat: 1_764_000_000_000 });
const ATTRIBUTES = JSON.stringify({ lastDestination: 'work' });
const REFUSED = JSON.stringify({ until: 1_764_000_000_000 });
const TOMBSTONE = JSON.stringify({ at: 1_764_000_000_000 });
/** `<prefix>:` + 64 hex (packages/alexa-skill-workers/src/lib/kv-keys.ts); tok: has two digests. */
const KEY = { short: 5 + 64, token: 4 + 64 + 1 + 64, refused: 4 + 64, purge: 6 + 64 };
/**
 * An account's isolate-memory key (token-cache.ts `memoryKey`): the user ID's length and the user
 * ID, `p`, `t` and the token. The user ID is as long as the real Alexa-signed request's (225
 * chars); the token is as long as Login with Amazon allows ("a maximum size of 2048 bytes":
 * Amazon, "Login with Amazon Access Tokens", https://developer.amazon.com/docs/login-with-amazon/access-token.html).
 */
const MEMORY_ACCOUNT_KEY = 'u225:'.length + 225 + 'pt'.length + 2048;
const JSON_TO_HEAP = 3;

/** Bytes of entries, from the representative values above; estimates, said to be estimates. */
export const SIZES = {
  memoryCertificateBytes: { value: 8192, source: 'estimate: the ~7 KiB PEM (cert-store.ts `MAX_PEM_BYTES` comment) kept by a downloaded entry\'s persist closure, plus the CryptoKey' },
  memoryAccountBytes: { value: MEMORY_ACCOUNT_KEY + JSON_TO_HEAP * ACCOUNT.length, source: `estimate: the key (${MEMORY_ACCOUNT_KEY} chars: a 225-char user ID and a token of Login with Amazon's 2048-byte maximum) + ${JSON_TO_HEAP} × the JSON of a CachedAccount (${ACCOUNT.length} B)` },
  memoryRejectedBytes: { value: 64 + 16, source: 'estimate: sha256(token) (64 chars) and a number' },
  memoryReplayBytes: { value: KEY.short + JSON_TO_HEAP * ANSWER.length, source: `estimate: the key + ${JSON_TO_HEAP} × the JSON of the Yes answer (${ANSWER.length} B)` },
  memoryPurgeBytes: { value: KEY.purge + 16, source: `estimate: the tombstone key (${KEY.purge} chars) and an epoch number (purges.ts \`#byUser\`)` },
  memoryJwksBytes: { value: JSON_TO_HEAP * KEY_SET.length, source: `estimate: ${JSON_TO_HEAP} × a two-key RSA set's JSON (${KEY_SET.length} B), jose's imported keys aside` },
  kvCertBytes: { value: KEY.short + 7 * 1024, source: 'key + the PEM bundle (~7 KiB)' },
  kvTokenBytes: { value: KEY.token + ACCOUNT.length, source: 'key + the CachedAccount JSON (token-cache.ts `store`)' },
  kvRefusedBytes: { value: KEY.refused + REFUSED.length, source: `key + \`${REFUSED}\` (token-cache.ts \`rememberInvalid\`)` },
  kvPurgeBytes: { value: KEY.purge + TOMBSTONE.length, source: `key + \`${TOMBSTONE}\` (purges.ts \`record\`)` },
  kvJwksBytes: { value: KEY.short + KEY_SET.length, source: 'key + the key set and `uat` (jwt-validator.ts `#persist`)' },
  kvAttributesBytes: { value: KEY.short + ATTRIBUTES.length, source: 'key + `{"lastDestination":"work"}` (src/skill/attributes.ts)' },
  kvReplayBytes: { value: KEY.short + ANSWER.length, source: 'key + the remembered answer (replay-guard.ts `#store`)' },
} satisfies Record<string, Parameter>;

/** Every table, by name, as `--set` and docs/cost.md see them. */
export const TABLES = { KIT, WORKLOAD, PLATFORM, CPU, SIZES } as const;

type Values<T> = { -readonly [K in keyof T]: T[K] extends Parameter<infer V> ? V : never };
/** The values the engine runs on: every table flattened, overrides applied. */
export type Model = Values<typeof KIT> &
  Values<typeof WORKLOAD> &
  Values<typeof PLATFORM> &
  Values<typeof CPU> &
  Values<typeof SIZES> & { requests: typeof REQUESTS };

/**
 * The model with `overrides` (parameter name → value) applied.
 * @throws {Error} naming a parameter that no table has.
 */
export function model(overrides: Readonly<Record<string, unknown>> = {}): Model {
  const values: Record<string, unknown> = { requests: REQUESTS };
  for (const table of Object.values(TABLES)) {
    for (const [name, parameter] of Object.entries(table)) values[name] = (parameter as Parameter<unknown>).value;
  }
  for (const [name, value] of Object.entries(overrides)) {
    if (!(name in values) || name === 'requests') throw new Error(`--set ${name}: no such parameter (see bench/cost/simulate.ts)`);
    values[name] = value;
  }
  return values as Model;
}


/**
 * The command line: see the module comment. Returns the exit code.
 * @throws {Error} naming the option or parameter that is malformed or unknown.
 */
export function main(argv: readonly string[]): number {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      users: { type: 'string', default: '1000000' },
      days: { type: 'string', default: '30' },
      seed: { type: 'string', default: '1' },
      'sample-days': { type: 'string' },
      set: { type: 'string', multiple: true, default: [] },
      json: { type: 'boolean', default: false },
    },
  });
  const overrides = Object.fromEntries(
    values.set.map((pair) => {
      const at = pair.indexOf('=');
      if (at < 1) throw new Error(`--set ${pair}: expected name=value`);
      const text = pair.slice(at + 1);
      let value: unknown = text;
      try {
        value = JSON.parse(text);
      } catch {
        // a bare string, e.g. tokenMode=opaque
      }
      return [pair.slice(0, at), value];
    }),
  );
  const outcome = run(model(overrides), {
    users: positive('--users', values.users),
    days: positive('--days', values.days),
    seed: integer('--seed', values.seed),
    sampleDays: values['sample-days'] === undefined ? undefined : positive('--sample-days', values['sample-days']),
  });
  if (values.json) console.log(JSON.stringify(outcome, null, 2));
  else console.log(report(outcome));
  return 0;
}

function integer(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new Error(`${flag} must be an integer, got "${text}"`);
  return n;
}

function positive(flag: string, text: string): number {
  const n = integer(flag, text);
  if (n < 1) throw new Error(`${flag} must be a positive integer, got "${text}"`);
  return n;
}

if (process.argv[1] !== undefined && import.meta.filename === resolve(process.argv[1])) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
