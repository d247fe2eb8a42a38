import { Hono, type Context } from 'hono';
import type { SkillEnv } from './config.ts';
import { errorResponse } from './kit/hono/respond.ts';
import { BodyIncompleteError, BodyTooLargeError, readRequestBody } from './kit/lib/body.ts';
import { consoleLogger, type Logger } from './kit/lib/log.ts';
import { runtimeFor } from './runtime.ts';
import type { SkillServices } from './skill/services.ts';
import { PayloadTooLargeError, VerificationError } from './kit/verification/errors.ts';
import { verifyAlexaRequest } from './kit/verification/verify-request.ts';

/** Alexa's request bodies are a few KiB; anything past this is refused with 413 before hashing. */
export const MAX_BODY_BYTES = 128 * 1024;

/** What the app needs from outside; tests replace the clock and the logger. */
export interface AppOptions {
  readonly now?: () => Date;
  readonly log?: Logger;
}

/**
 * The Worker's HTTP surface: `POST /` is the Alexa skill endpoint (every request verified, then
 * answered by the skill); any other method on `/` is 405.
 */
export function createApp(options: AppOptions = {}): Hono<{ Bindings: SkillEnv }> {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? consoleLogger;
  const app = new Hono<{ Bindings: SkillEnv }>();

  app.post('/', async (c) => {
    const runtime = runtimeFor(c.env, log);
    const body = await readBody(c.req.raw);
    const scope = { now: now(), waitUntil: waitUntilOf(c), log };
    const envelope = await verifyAlexaRequest(c.req.raw.headers, body, {
      certificates: runtime.certificates,
      skillIds: runtime.config.skillIds,
      now: scope.now,
      waitUntil: scope.waitUntil,
    });
    const services: SkillServices = { log, accounts: runtime.accounts, replays: runtime.replays, scope };
    return c.json(await runtime.skill.invoke(envelope, services));
  });

  app.all('/', (c) => c.json({ error: 'method_not_allowed' }, 405, { Allow: 'POST' }));
  app.onError((error) => errorResponse(error, log));
  return app;
}

async function readBody(request: Request): Promise<Uint8Array> {
  try {
    return await readRequestBody(request, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new PayloadTooLargeError(MAX_BODY_BYTES);
    if (error instanceof BodyIncompleteError) {
      throw new VerificationError('BODY_INCOMPLETE', 'request body is incomplete', { cause: error });
    }
    throw error;
  }
}

function waitUntilOf(c: Context): ((p: Promise<unknown>) => void) | undefined {
  try {
    const ctx = c.executionCtx;
    return (promise) => ctx.waitUntil(promise);
  } catch {
    return undefined; // no ExecutionContext (e.g. app.request() in a unit test)
  }
}
