import type { Skill } from 'ask-sdk-core';
import { parseConfig, type Config, type SkillEnv } from './config.ts';
import { AccountService, tokenWaitDeadlineMs } from './kit/linking/account-service.ts';
import { RideHailerClient } from './skill/ride-hailer-client.ts';
import { TokenCache } from './kit/linking/token-cache.ts';
import { createTokenValidator } from './kit/linking/token-mode.ts';
import type { Logger } from './kit/lib/log.ts';
import { buildSkill } from './skill/skill.ts';
import { KvPersistenceAdapter } from './kit/ask-sdk/kv-persistence.ts';
import { ReplayGuard, replayWaitDeadlineMs, sideEffectBoundMs } from './kit/replay/replay-guard.ts';
import { CertificateStore } from './kit/verification/cert-store.ts';

/** Everything built once per isolate from one set of bindings. */
export interface Runtime {
  readonly config: Config;
  readonly certificates: CertificateStore;
  readonly accounts: AccountService;
  readonly replays: ReplayGuard;
  readonly skill: Skill;
}

// Workers passes the same `env` object (by identity) to every request while the bindings are
// unchanged, so this holds exactly one Runtime per isolate in production.
const runtimes = new WeakMap<object, Runtime>();

/**
 * The isolate's Runtime for `env`, built on first use.
 * @throws {ConfigError} `CONFIG_INVALID` when a setting is missing or malformed (not cached, so
 *   fixing the binding takes effect without a new isolate).
 */
export function runtimeFor(env: SkillEnv, log: Logger): Runtime {
  let runtime = runtimes.get(env);
  if (!runtime) {
    runtime = buildRuntime(env, log);
    runtimes.set(env, runtime);
  }
  return runtime;
}

function buildRuntime(env: SkillEnv, log: Logger): Runtime {
  const config = parseConfig(env);
  if (config.rootsOverridden) {
    log.warn('trusted_roots_overridden', {
      setting: 'ALEXA_TRUSTED_ROOTS_PEM',
      note: 'bundled Amazon roots are REPLACED; development and tests only',
    });
  }
  // Looked up at call time, so tests that replace globalThis.fetch intercept it.
  const outbound: typeof fetch = (input, init) => fetch(input, init);
  const certificates = new CertificateStore({
    fetch: config.devCertChainPem === undefined ? outbound : serveDevChain(config.devCertChainPem, log),
    kv: config.cache,
    anchors: config.trustAnchors,
    log,
  });

  const call = { fetch: outbound, timeoutMs: config.providerTimeoutMs };
  const accounts = new AccountService({
    validator: createTokenValidator(config.tokens, { fetch: outbound, kv: config.cache, timeoutMs: call.timeoutMs, log }),
    client: new RideHailerClient(call, config),
    cache: new TokenCache({ kv: config.cache, log }),
    maxTtlSeconds: config.tokenCacheMaxTtlSeconds,
    waitDeadlineMs: tokenWaitDeadlineMs(config.providerTimeoutMs),
  });
  const skill = buildSkill(new KvPersistenceAdapter(config.cache, log));
  const replays = new ReplayGuard({
    kv: config.cache,
    waitDeadlineMs: replayWaitDeadlineMs(sideEffectBoundMs(config.providerTimeoutMs)),
  });
  return { config, certificates, accounts, replays, skill };
}

/**
 * Local simulation: answers certificate downloads with the configured chain instead of S3.
 * It replaces only the transport; the URL was already checked against Amazon's rules, and the
 * chain is validated like any other.
 */
function serveDevChain(pem: string, log: Logger): typeof fetch {
  log.warn('dev_certificate_source', { setting: 'ALEXA_DEV_CERT_CHAIN_PEM', note: 'local simulation only' });
  return () => Promise.resolve(new Response(pem, { headers: { 'content-type': 'application/x-pem-file' } }));
}
