import type { Skill } from 'ask-sdk-core';
import { createAlexaVerifier, withSettingNames, type AlexaVerifier, type Logger } from 'alexa-skill-workers';
import { AlexaApiClient, KvPersistenceAdapter, ReplayGuard } from 'alexa-skill-workers/ask-sdk';
import { AccountService } from 'alexa-skill-workers/linking';
import { parseConfig, VERIFIER_SETTING_NAMES, type Config, type SkillEnv } from './config/config.ts';
import { tokenValidator } from './config/tokens.ts';
import { RideHailerClient, type RideHailerProfile } from './skill/ride-hailer-client.ts';
import { buildSkill } from './skill/skill.ts';

/** Everything built once per isolate from one set of bindings. */
export interface Runtime {
  readonly config: Config;
  readonly verifier: AlexaVerifier;
  readonly accounts: AccountService<RideHailerProfile>;
  readonly rides: RideHailerClient;
  readonly replays: ReplayGuard;
  /** Alexa's service APIs (progressive responses, the rider's first name): Amazon's hosts only, a loopback one too in a development build. */
  readonly alexaApi: AlexaApiClient;
  readonly skill: Skill;
}

// Workers passes the same `env` object (by identity) to every request while the bindings are
// unchanged, so this holds exactly one Runtime per isolate in production.
const runtimes = new WeakMap<object, Runtime>();

/**
 * The isolate's Runtime for `env`, built on first use.
 * @throws {ConfigError} `CONFIG_INVALID` naming the binding when a setting is missing or malformed
 *   (not cached, so fixing the binding takes effect without a new isolate).
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
  const timeoutMs = config.providerTimeoutMs;
  const verifier = withSettingNames(VERIFIER_SETTING_NAMES, () => createAlexaVerifier({ ...config.verifier, kv, log }));
  const rides = new RideHailerClient({ fetch: (input, init) => fetch(input, init), timeoutMs }, config);
  const accounts = new AccountService<RideHailerProfile>({
    validator: tokenValidator(config.tokens, { kv, timeoutMs, log, allowDevelopmentTrust: config.allowDevelopmentTrust }),
    profile: rides,
    kv,
    log,
    maxTtlSeconds: config.tokenCacheMaxTtlSeconds,
  });
  const skill = buildSkill(new KvPersistenceAdapter({ kv, log }), { voiceAccountLinking: config.voiceAccountLinking });
  const replays = new ReplayGuard({ kv, providerTimeoutMs: timeoutMs });
  const alexaApi = new AlexaApiClient({ allowDevelopmentTrust: config.allowDevelopmentTrust, log });
  return { config, verifier, accounts, rides, replays, alexaApi, skill };
}
