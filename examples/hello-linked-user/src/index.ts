import { Hono } from 'hono';
import { ReplayGuard, type SkillContext } from 'alexa-skill-workers/ask-sdk';
import { alexaVerifier, errorResponse, type AlexaMiddlewareOptions, type AlexaVariables } from 'alexa-skill-workers/hono';
import { AccountService, ConfigError, createTokenValidator, DEFAULT_PROVIDER_TIMEOUT_MS, loginWithAmazon, TokenCache } from 'alexa-skill-workers/linking';
import { consoleLogger, type Logger } from 'alexa-skill-workers/verify';
import { lwaProfile, skill, type Profile } from './skill.ts';

/** The Worker's bindings (wrangler.toml); the two PEMs are for tests and local simulation only. */
export interface HelloEnv {
  readonly ALEXA_SKILL_ID: string;
  readonly LWA_CLIENT_ID: string;
  readonly CACHE: KVNamespace;
  readonly ALEXA_TRUSTED_ROOTS_PEM?: string;
  readonly ALEXA_DEV_CERT_CHAIN_PEM?: string;
}
type Services = Pick<SkillContext<Profile>, 'accounts' | 'replays'>;

// Workers hands every request of an isolate the same `env` object: one set of services per isolate.
const isolates = new WeakMap<HelloEnv, Services>();
function servicesFor(env: HelloEnv, log: Logger): Services {
  const known = isolates.get(env);
  if (known) return known;
  if (!env.LWA_CLIENT_ID) throw new ConfigError('LWA_CLIENT_ID', 'is not set; set it to your security profile client ID');
  const kv = env.CACHE;
  const outbound: typeof fetch = (input, init) => fetch(input, init); // looked up per call, so tests intercept it
  const validator = createTokenValidator(loginWithAmazon(env.LWA_CLIENT_ID), { fetch: outbound, kv, timeoutMs: DEFAULT_PROVIDER_TIMEOUT_MS, log });
  const cache = new TokenCache<Profile>({ kv, log, parseProfile: (stored) => lwaProfile.parse(stored) });
  const accounts = new AccountService({ validator, profile: lwaProfile, cache, maxTtlSeconds: 900 });
  const services = { accounts, replays: new ReplayGuard({ kv }) }; // SkillContext requires a replay guard; nothing here needs one
  isolates.set(env, services);
  return services;
}

/** The Worker: `POST /`, each request verified by the kit's middleware, then answered by the skill. */
export function createApp(options: AlexaMiddlewareOptions = {}) {
  const app = new Hono<{ Bindings: HelloEnv; Variables: AlexaVariables }>();
  const verifierOptions = ({ ALEXA_SKILL_ID, CACHE, ALEXA_TRUSTED_ROOTS_PEM, ALEXA_DEV_CERT_CHAIN_PEM }: HelloEnv) =>
    ({ skillId: ALEXA_SKILL_ID, kv: CACHE, trustedRootsPem: ALEXA_TRUSTED_ROOTS_PEM, devCertChainPem: ALEXA_DEV_CERT_CHAIN_PEM });
  app.post('/', alexaVerifier(verifierOptions, options), async (c) => {
    const context: SkillContext<Profile> = { ...c.var.alexaContext, ...servicesFor(c.env, c.var.alexaContext.log) };
    return c.json(await skill.invoke(c.var.alexa, context));
  });
  app.onError((error) => errorResponse(error, options.log ?? consoleLogger));
  return app;
}

export default createApp();
