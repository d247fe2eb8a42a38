/** What the cost simulation counts, per request type, and the caches whose peaks it keeps. */
export const METRICS = [
  'requests',
  'kvReads',
  'kvWrites',
  'kvDeletes',
  'kvLists',
  'tokenValidations',
  'profileCalls',
  'userinfoCalls',
  'tokeninfoCalls',
  'jwksFetches',
  'rideOrders',
  's3Downloads',
  'certDownloadsLimited',
  'newIsolates',
  'tokenMemoryHits',
  'tokenKvHits',
  'refusedKvHits',
  'cpuUs',
] as const;
export type Metric = (typeof METRICS)[number];
/** Counters per request type: `kind * M + metric`. */
export const M = METRICS.length;
const index = (name: Metric): number => METRICS.indexOf(name);
export const REQ = index('requests');
export const KV_R = index('kvReads');
export const KV_W = index('kvWrites');
export const KV_D = index('kvDeletes');
export const KV_L = index('kvLists');
export const VALID = index('tokenValidations');
export const PROFILE = index('profileCalls');
export const USERINFO = index('userinfoCalls');
export const TOKENINFO = index('tokeninfoCalls');
export const JWKS_FETCH = index('jwksFetches');
export const RIDE = index('rideOrders');
export const S3 = index('s3Downloads');
export const CERT_LIMITED = index('certDownloadsLimited');
export const NEW_ISO = index('newIsolates');
export const MEM_HIT = index('tokenMemoryHits');
export const KV_HIT = index('tokenKvHits');
export const REJ_HIT = index('refusedKvHits');
export const CPU = index('cpuUs');

/** The in-isolate caches the model tracks, with their bounds from `Model` (the Isolate's caches, in order, then the key set). */
export const CACHES = ['certificates', 'accounts', 'rejected', 'replays', 'purges', 'jwks'] as const;
export type Cache = (typeof CACHES)[number];
export const JWKS_CACHE = CACHES.indexOf('jwks');
