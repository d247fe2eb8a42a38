/**
 * The anchor: what most skills run today. The same Ride Hailer handlers (src/skill) and account
 * service (the kit's linking entry, src/skill), served on Node by ask-sdk-express-adapter with both of its verifiers on
 * (SkillRequestSignatureVerifier, TimestampVerifier), and an in-memory token cache equivalent to
 * the Worker's isolate layer (no KV: a Node process has nothing shared to fall back on).
 *
 * Shim (the only change to the adapter): its SkillRequestSignatureVerifier keeps verified PEMs in
 * a `certCache` Map keyed by URL and skips chain validation on a hit. The benchmark's chain is
 * generated, not Amazon's, so it is put in that Map before traffic, as if already downloaded and
 * validated. Every request still gets the adapter's RSA-SHA256 signature check and timestamp check.
 *
 * Bundled with esbuild by bench/bench.ts; env: PORT, SKILL_ID, PROVIDER, CERT_URL, CHAIN_FILE, and
 * the Worker's own token settings (OAUTH_USERINFO_URL, or OAUTH_JWKS_URL, OAUTH_ISSUER and
 * OAUTH_AUDIENCE), from which Ride Hailer's config chooses the mode and builds the validator as the Worker does.
 */
import { readFileSync } from 'node:fs';
import type { Skill } from 'ask-sdk-core';
import { ExpressAdapter, SkillRequestSignatureVerifier } from 'ask-sdk-express-adapter';
import express from 'express';
import type { Logger } from 'alexa-skill-workers';
import { KvPersistenceAdapter, ReplayGuard } from 'alexa-skill-workers/ask-sdk';
import { AccountService } from 'alexa-skill-workers/linking';
import { parseTokenSettings, tokenValidator } from '../../src/config/tokens.ts';
import { RideHailerClient, type RideHailerProfile } from '../../src/skill/ride-hailer-client.ts';
import { buildSkill } from '../../src/skill/skill.ts';
import type { RideHailerContext } from '../../src/skill/services.ts';

const env = process.env;
const provider = env.PROVIDER ?? '';
const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A Map with the few KV methods the cache and the adapter call; nothing is shared or persisted. */
function memoryKv(): KVNamespace {
  const map = new Map<string, string>();
  return {
    get: (key: string, type?: string) => {
      const value = map.get(key) ?? null;
      return Promise.resolve(type === 'json' && value !== null ? JSON.parse(value) : value);
    },
    put: (key: string, value: string) => Promise.resolve(void map.set(key, value)),
    delete: (key: string) => Promise.resolve(void map.delete(key)),
    list: () => Promise.resolve({ keys: [], list_complete: true, cacheStatus: null }),
  } as unknown as KVNamespace;
}

const call = { fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init), timeoutMs: 2000 };
const validator = tokenValidator(parseTokenSettings(env, { allowDevelopmentTrust: false }), {
  fetch: call.fetch, kv: memoryKv(), timeoutMs: call.timeoutMs, log: silent, allowDevelopmentTrust: false,
});
const rides = new RideHailerClient(call, { profileUrl: `${provider}/api/profile`, ridesUrl: `${provider}/api/rides` });
const accounts = new AccountService<RideHailerProfile>({
  validator,
  profile: rides,
  kv: memoryKv(),
  log: silent,
});
const skill = buildSkill(new KvPersistenceAdapter({ kv: memoryKv(), log: silent }));
const replays = new ReplayGuard({ kv: memoryKv() });

// The adapter calls skill.invoke(envelope) without a context; hand the request's context over.
const withServices = {
  invoke: (envelope: Parameters<Skill['invoke']>[0]) => {
    const context: RideHailerContext = { now: new Date(), log: silent, accounts, replays, rides };
    return skill.invoke(envelope, context);
  },
  appendAdditionalUserAgent: (userAgent: string) => skill.appendAdditionalUserAgent(userAgent),
} as unknown as Skill;

const adapter = new ExpressAdapter(withServices, true, true);
const verifiers = (adapter as unknown as { verifiers: unknown[] }).verifiers;
const signatureVerifier = verifiers.find((v) => v instanceof SkillRequestSignatureVerifier) as unknown as {
  certCache: Map<string, string>;
};
signatureVerifier.certCache.set(env.CERT_URL ?? '', readFileSync(env.CHAIN_FILE ?? '', 'utf8'));

const app = express();
app.post('/', adapter.getRequestHandlers());
// The control: the same server with no skill work, to separate platform overhead from the skill's.
app.post('/__bench/noop', (_req, res) => {
  res.send('noop');
});
const server = app.listen(Number(env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});
server.keepAliveTimeout = 30_000;
