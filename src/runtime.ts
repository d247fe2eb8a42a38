import type { Skill } from 'ask-sdk-core';
import { KvPersistenceAdapter, ReplayGuard, replayWaitDeadlineMs, sideEffectBoundMs } from 'alexa-skill-workers/ask-sdk';
import { AccountService, createTokenValidator, TokenCache, tokenWaitDeadlineMs } from 'alexa-skill-workers/linking';
import { verifierFromConfig, type AlexaVerifier, type Logger } from 'alexa-skill-workers/verify';
import { parseConfig, type Config, type SkillEnv } from './config.ts';
import { RideHailerClient, type RideHailerProfile } from './skill/ride-hailer-client.ts';
import { buildSkill } from './skill/skill.ts';

/** Everything built once per isolate from one set of bindings. */
export interface Runtime {
  readonly config: Config;
  readonly verifier: AlexaVerifier;
  readonly accounts: AccountService<RideHailerProfile>;
  readonly rides: RideHailerClient;
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
  const kv = config.cache;
  // Looked up at call time, so tests that replace globalThis.fetch intercept it.
  const outbound: typeof fetch = (input, init) => fetch(input, init);
  const verifier = verifierFromConfig(config.verification, { kv, fetch: outbound, log });

  const timeoutMs = config.providerTimeoutMs;
  const rides = new RideHailerClient({ fetch: outbound, timeoutMs }, config);
  const accounts = new AccountService<RideHailerProfile>({
    validator: createTokenValidator(config.tokens, { fetch: outbound, kv, timeoutMs, log }),
    profile: rides,
    cache: new TokenCache({ kv, log }),
    maxTtlSeconds: config.tokenCacheMaxTtlSeconds,
    waitDeadlineMs: tokenWaitDeadlineMs(timeoutMs),
  });
  const skill = buildSkill(new KvPersistenceAdapter(kv, log), { voiceAccountLinking: config.voiceAccountLinking });
  const replays = new ReplayGuard({ kv, waitDeadlineMs: replayWaitDeadlineMs(sideEffectBoundMs(timeoutMs)) });
  return { config, verifier, accounts, rides, replays, skill };
}
