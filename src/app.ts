import { alexaEndpoint, consoleLogger, type AlexaEndpoint, type Logger } from 'alexa-skill-workers';
import type { SkillEnv } from './config/config.ts';
import { runtimeFor } from './runtime.ts';
import type { RideHailerContext } from './skill/services.ts';

/** What the app needs from outside; tests replace the clock and the logger. */
export interface AppOptions {
  readonly now?: () => Date;
  readonly log?: Logger;
}

/**
 * The Worker's HTTP surface, the kit's `alexaEndpoint`: `POST /` is the Alexa skill endpoint
 * (every request verified, then answered by the skill), any other method on `/` is 405, any other
 * path 404. One route needs no router; the kit's Hono middleware (`alexa-skill-workers/hono`, used
 * by examples/hello-linked-user) does the same for an app that has one.
 */
export function createApp(options: AppOptions = {}): AlexaEndpoint<SkillEnv> {
  const log = options.log ?? consoleLogger;
  return alexaEndpoint<SkillEnv>({
    now: options.now,
    log,
    verifier: (env) => runtimeFor(env, log).verifier,
    answer(envelope, ctx, env) {
      const { accounts, replays, rides, alexaApi, skill } = runtimeFor(env, log);
      const context: RideHailerContext = { ...ctx, accounts, replays, rides, alexaApi };
      return skill.invoke(envelope, context);
    },
  });
}
