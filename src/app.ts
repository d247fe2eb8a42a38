import { consoleLogger, errorResponse, type Logger, type RequestContext } from 'alexa-skill-workers/verify';
import type { SkillEnv } from './config.ts';
import { runtimeFor } from './runtime.ts';
import type { RideHailerContext } from './skill/services.ts';

/** What the app needs from outside; tests replace the clock and the logger. */
export interface AppOptions {
  readonly now?: () => Date;
  readonly log?: Logger;
}

/** The Worker's fetch handler (Cloudflare Workers, "Fetch Handler"). */
export interface SkillWorker {
  fetch(request: Request, env: SkillEnv, ctx?: ExecutionContext): Promise<Response>;
}

/**
 * The Worker's HTTP surface: `POST /` is the Alexa skill endpoint (every request verified by the
 * kit's verifier, then answered by the skill), any other method on `/` is 405, any other path 404.
 * One route needs no router: the kit's Hono middleware (`alexa-skill-workers/hono`, used by
 * examples/hello-linked-user) does the same for an app that has one.
 */
export function createApp(options: AppOptions = {}): SkillWorker {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? consoleLogger;
  return {
    async fetch(request, env, ctx) {
      if (new URL(request.url).pathname !== '/') {
        return new Response('404 Not Found', { status: 404, headers: { 'content-type': 'text/plain; charset=UTF-8' } });
      }
      if (request.method !== 'POST') return Response.json({ error: 'method_not_allowed' }, { status: 405, headers: { Allow: 'POST' } });
      const requestContext: RequestContext = { now: now(), log, waitUntil: ctx && ((promise) => ctx.waitUntil(promise)) };
      try {
        const runtime = runtimeFor(env, log);
        const envelope = await runtime.verifier.verify(request, requestContext);
        const context: RideHailerContext = { ...requestContext, accounts: runtime.accounts, replays: runtime.replays, rides: runtime.rides };
        return Response.json(await runtime.skill.invoke(envelope, context));
      } catch (error) {
        return errorResponse(error, log);
      }
    },
  };
}
