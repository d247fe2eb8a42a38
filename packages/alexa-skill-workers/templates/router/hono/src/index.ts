import { Hono } from 'hono';
import { consoleLogger, errorResponse } from 'alexa-skill-workers';
import type { SkillContext } from 'alexa-skill-workers/ask-sdk';
import { alexaVerifier, type AlexaMiddlewareOptions, type AlexaVariables } from 'alexa-skill-workers/hono';
import { accountsFor, type AccountsEnv } from './accounts.ts';
import { skill, type Profile } from './skill.ts';
import { verifierFrom, type VerifierEnv } from './verifier.ts';

/** The Worker's bindings (wrangler.toml, .dev.vars). */
export type Env = VerifierEnv & AccountsEnv;

/**
 * The Worker, a Hono app: `POST /`, each request verified by the kit's middleware (signature,
 * certificate chain, timestamp, skill ID), then answered by the skill. Tests pass a frozen clock
 * and a recording logger.
 */
export function createWorker(options: AlexaMiddlewareOptions = {}) {
  const log = options.log ?? consoleLogger;
  const app = new Hono<{ Bindings: Env; Variables: AlexaVariables }>();
  app.post('/', alexaVerifier(verifierFrom(log), options), async (c) => {
    const context: SkillContext<Profile> = { ...c.var.alexaContext, accounts: accountsFor(c.env) };
    return c.json(await skill.invoke(c.var.alexa, context));
  });
  app.onError((error) => errorResponse(error, log));
  return app;
}

export default createWorker();
