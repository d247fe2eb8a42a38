import { Hono } from 'hono';
import { consoleLogger, createAlexaVerifier, errorResponse, perIsolate, withSettingNames, type Logger } from 'alexa-skill-workers';
import type { SkillContext } from 'alexa-skill-workers/ask-sdk';
import { alexaVerifier, type AlexaMiddlewareOptions, type AlexaVariables } from 'alexa-skill-workers/hono';
import { AccountService, LoginWithAmazonValidator } from 'alexa-skill-workers/linking';
import { lwaProfile, skill, type Profile } from './skill.ts';

/** The Worker's bindings (wrangler.toml); the two PEMs are for tests and local simulation only. */
export interface HelloEnv {
  readonly ALEXA_SKILL_ID: string;
  readonly LWA_CLIENT_ID: string;
  readonly CACHE: KVNamespace;
  readonly ALEXA_TRUSTED_ROOTS_PEM?: string;
  readonly ALEXA_DEV_CERT_CHAIN_PEM?: string;
}

/**
 * Whether this build accepts the two development PEMs at all: `true` for `wrangler dev` and the
 * tests, `false` in `[env.production]` (wrangler.toml `define`), so a PEM left behind in production
 * is a startup error naming it instead of a trusted root.
 */
declare const __DEVELOPMENT_TRUST__: boolean;

// Workers hands every request of an isolate the same `env` object: one account service per isolate.
const accountsFor = perIsolate((env: HelloEnv) =>
  withSettingNames({ clientId: 'LWA_CLIENT_ID' }, () =>
    new AccountService<Profile>({ validator: new LoginWithAmazonValidator({ clientId: env.LWA_CLIENT_ID }), profile: lwaProfile, kv: env.CACHE }),
  ),
);

/** The verifier, from the bindings; a bad setting is named as the binding (`ALEXA_SKILL_ID`), not the option. */
const verifierFrom = (log: Logger) => (env: HelloEnv) =>
  withSettingNames({ skillId: 'ALEXA_SKILL_ID', trustedRootsPem: 'ALEXA_TRUSTED_ROOTS_PEM', devCertChainPem: 'ALEXA_DEV_CERT_CHAIN_PEM' }, () =>
    createAlexaVerifier({
      skillId: env.ALEXA_SKILL_ID,
      kv: env.CACHE,
      trustedRootsPem: env.ALEXA_TRUSTED_ROOTS_PEM,
      devCertChainPem: env.ALEXA_DEV_CERT_CHAIN_PEM,
      allowDevelopmentTrust: __DEVELOPMENT_TRUST__,
      log,
    }),
  );

/** The Worker: `POST /`, each request verified by the kit's middleware, then answered by the skill. */
export function createApp(options: AlexaMiddlewareOptions = {}) {
  const log = options.log ?? consoleLogger;
  const app = new Hono<{ Bindings: HelloEnv; Variables: AlexaVariables }>();
  app.post('/', alexaVerifier(verifierFrom(log), options), async (c) => {
    const context: SkillContext<Profile> = { ...c.var.alexaContext, accounts: accountsFor(c.env) };
    return c.json(await skill.invoke(c.var.alexa, context));
  });
  app.onError((error) => errorResponse(error, log));
  return app;
}

export default createApp();
