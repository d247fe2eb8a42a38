import { Hono } from 'hono';
import type { SkillContext } from 'alexa-skill-workers/ask-sdk';
import { alexaVerifier, errorResponse, perIsolate, type AlexaMiddlewareOptions, type AlexaVariables } from 'alexa-skill-workers/hono';
import { AccountService, createTokenValidator, DEFAULT_PROVIDER_TIMEOUT_MS, loginWithAmazon, TokenCache, withSettingNames } from 'alexa-skill-workers/linking';
import { consoleLogger } from 'alexa-skill-workers/verify';
import { lwaProfile, skill, type Profile } from './skill.ts';

/** The Worker's bindings (wrangler.toml); the two PEMs are for tests and local simulation only. */
export interface HelloEnv {
  readonly ALEXA_SKILL_ID: string;
  readonly LWA_CLIENT_ID: string;
  readonly CACHE: KVNamespace;
  readonly ALEXA_TRUSTED_ROOTS_PEM?: string;
  readonly ALEXA_DEV_CERT_CHAIN_PEM?: string;
}

// Workers hands every request of an isolate the same `env` object: one account service per isolate.
const accountsFor = perIsolate((env: HelloEnv) => {
  const kv = env.CACHE;
  const log = consoleLogger;
  const validator = createTokenValidator(withSettingNames({ clientId: 'LWA_CLIENT_ID' }, () => loginWithAmazon(env.LWA_CLIENT_ID)), {
    fetch, kv, timeoutMs: DEFAULT_PROVIDER_TIMEOUT_MS, log,
  });
  const cache = new TokenCache<Profile>({ kv, log });
  return new AccountService({ validator, profile: lwaProfile, cache, maxTtlSeconds: 900 });
});

/** The Worker: `POST /`, each request verified by the kit's middleware, then answered by the skill. */
export function createApp(options: AlexaMiddlewareOptions = {}) {
  const app = new Hono<{ Bindings: HelloEnv; Variables: AlexaVariables }>();
  const verifierOptions = ({ ALEXA_SKILL_ID, CACHE, ALEXA_TRUSTED_ROOTS_PEM, ALEXA_DEV_CERT_CHAIN_PEM }: HelloEnv) =>
    ({ skillId: ALEXA_SKILL_ID, kv: CACHE, trustedRootsPem: ALEXA_TRUSTED_ROOTS_PEM, devCertChainPem: ALEXA_DEV_CERT_CHAIN_PEM });
  app.post('/', alexaVerifier(verifierOptions, options), async (c) => {
    const context: SkillContext<Profile> = { ...c.var.alexaContext, accounts: accountsFor(c.env) };
    return c.json(await skill.invoke(c.var.alexa, context));
  });
  app.onError((error) => errorResponse(error, options.log ?? consoleLogger));
  return app;
}

export default createApp();
