import type { Context, MiddlewareHandler } from 'hono';
import type { RequestEnvelope } from 'ask-sdk-model';
import { requestContext, type RequestContext, type WaitUntilSource } from '../core/context.ts';
import { consoleLogger, type Logger } from '../core/log.ts';
import { errorResponse } from '../core/respond.ts';
import { verifierFor, type AlexaVerifierSource } from '../core/verifier-source.ts';

/** What the middleware puts on the Hono context: `c.var.alexa` and `c.var.alexaContext`. */
export interface AlexaVariables {
  /** The verified request envelope. */
  readonly alexa: RequestEnvelope;
  /** The request's clock, logger and `waitUntil`, to pass on to everything the handler calls. */
  readonly alexaContext: RequestContext;
}

/** The middleware's own effects; tests replace the clock and the logger. */
export interface AlexaMiddlewareOptions {
  readonly now?: () => Date;
  readonly log?: Logger;
}

/**
 * Hono middleware for an Alexa skill endpoint: verifies every request (signature, certificate
 * chain, timestamp, skill ID; Amazon, "Host a Custom Skill as a Web Service") and puts the
 * envelope on `c.var.alexa`, the request context on `c.var.alexaContext`. A request that fails
 * answers 400 (413 when the body is too large) with a body that does not say which check failed;
 * the log line names the code. `alexaEndpoint` (`alexa-skill-workers`) does the same without Hono.
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/host-a-custom-skill-as-a-web-service.html
 * @throws {ConfigError} `CONFIG_INVALID` at creation when static options are invalid, naming the option.
 * @example
 *   app.post('/', alexaVerifier((env: Env) => ({ skillId: env.ALEXA_SKILL_ID, kv: env.CACHE })), (c) =>
 *     c.json(answer(c.var.alexa)));
 */
export function alexaVerifier<B extends object = object>(
  source: AlexaVerifierSource<B>,
  options: AlexaMiddlewareOptions = {},
): MiddlewareHandler<{ Bindings: B; Variables: AlexaVariables }> {
  const clock = options.now ?? (() => new Date());
  const log = options.log ?? consoleLogger;
  const verifierOf = verifierFor(source, log);
  return async (c, next) => {
    const ctx = requestContext(clock, log, executionContextOf(c));
    try {
      c.set('alexa', await verifierOf(c.env).verify(c.req.raw, ctx));
    } catch (error) {
      return errorResponse(error, log);
    }
    c.set('alexaContext', ctx);
    await next();
  };
}

function executionContextOf(c: Context): WaitUntilSource | undefined {
  try {
    return c.executionCtx;
  } catch {
    return undefined; // no ExecutionContext (e.g. app.request() in a unit test)
  }
}
