import { Hono } from 'hono';
import { alexaVerifier, errorResponse, type AlexaVariables } from 'alexa-skill-workers/hono';
import { consoleLogger, type Logger } from 'alexa-skill-workers/verify';
import type { SkillEnv } from './config.ts';
import { runtimeFor } from './runtime.ts';
import type { RideHailerContext } from './skill/services.ts';

/** What the app needs from outside; tests replace the clock and the logger. */
export interface AppOptions {
  readonly now?: () => Date;
  readonly log?: Logger;
}

/**
 * The Worker's HTTP surface: `POST /` is the Alexa skill endpoint (every request verified by the
 * kit's middleware, then answered by the skill); any other method on `/` is 405.
 */
export function createApp(options: AppOptions = {}): Hono<{ Bindings: SkillEnv; Variables: AlexaVariables }> {
  const log = options.log ?? consoleLogger;
  const app = new Hono<{ Bindings: SkillEnv; Variables: AlexaVariables }>();

  app.post('/', alexaVerifier((env: SkillEnv) => runtimeFor(env, log).verifier, { now: options.now, log }), async (c) => {
    const runtime = runtimeFor(c.env, log);
    const context: RideHailerContext = { ...c.var.alexaContext, accounts: runtime.accounts, replays: runtime.replays, rides: runtime.rides };
    return c.json(await runtime.skill.invoke(c.var.alexa, context));
  });

  app.all('/', (c) => c.json({ error: 'method_not_allowed' }, 405, { Allow: 'POST' }));
  app.onError((error) => errorResponse(error, log));
  return app;
}
