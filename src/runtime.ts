import { parseConfig, type Config, type SkillEnv } from './config/config';
import { unverifiedAccountLinking, type AccountLinking } from './linking/account-linking';
import type { Logger } from './lib/log';
import { CertificateStore } from './verification/cert-store';

/** Everything built once per isolate from one set of bindings. */
export interface Runtime {
  readonly config: Config;
  readonly certificates: CertificateStore;
  readonly accounts: AccountLinking;
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
  const certificates = new CertificateStore({
    // Looked up at call time, so tests that replace globalThis.fetch intercept it.
    fetch: (input, init) => fetch(input, init),
    kv: config.cache,
    anchors: config.trustAnchors,
    log,
  });
  return { config, certificates, accounts: unverifiedAccountLinking };
}
