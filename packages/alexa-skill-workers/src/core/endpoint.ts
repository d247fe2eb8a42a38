import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import { requestContext, type RequestContext, type WaitUntilSource } from './context.ts';
import { consoleLogger, type Logger } from './log.ts';
import { errorResponse } from './respond.ts';
import { verifierFor, type AlexaVerifierSource } from './verifier-source.ts';

/** What {@link alexaEndpoint} needs; `verifier` and `answer` are required. */
export interface AlexaEndpointOptions<Env> {
  /** The verifier's options, or where to get them from the Worker's bindings. */
  readonly verifier: AlexaVerifierSource<Env>;
  /**
   * Answers a verified request: the response envelope Alexa gets as JSON (an ask-sdk skill's
   * `skill.invoke(envelope, context)`). What it throws is answered by `errorResponse`: HTTP 500 and
   * a log line with the error's code (a `ConfigError` logs `config_invalid` naming the setting).
   */
  readonly answer: (envelope: RequestEnvelope, ctx: RequestContext, env: Env) => Promise<ResponseEnvelope> | ResponseEnvelope;
  /** The path Alexa posts to. Default `/`. */
  readonly path?: string;
  /** The clock; default the system clock. Tests pass a frozen one. */
  readonly now?: () => Date;
  /** Default {@link consoleLogger} (one JSON object per line, which Workers Logs collects). */
  readonly log?: Logger;
}

/** A Worker's fetch handler (Cloudflare Workers, "Fetch Handler"). */
export interface AlexaEndpoint<Env> {
  fetch(request: Request, env: Env, ctx?: WaitUntilSource): Promise<Response>;
}

/**
 * An Alexa skill's HTTP endpoint as a plain Worker fetch handler, for a Worker that needs no router:
 * `POST {path}` is verified (signature, certificate chain, timestamp, skill ID; Amazon, "Host a
 * Custom Skill as a Web Service") and answered by `answer`; any other method there is 405 with
 * `Allow: POST`, any other path 404. A request that fails verification answers 400 (413 for an
 * oversized body) with a body that does not say which check failed; the log line names the code.
 * The Hono middleware (`alexa-skill-workers/hono`) does the same inside a Hono app.
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/host-a-custom-skill-as-a-web-service.html
 * @throws {ConfigError} `CONFIG_INVALID` at creation when static verifier options are invalid, naming the option.
 * @example
 *   export default alexaEndpoint<Env>({
 *     verifier: (env) => ({ skillId: env.ALEXA_SKILL_ID, kv: env.CACHE }),
 *     answer: (envelope, ctx) => skill.invoke(envelope, { ...ctx, accounts }),
 *   });
 */
export function alexaEndpoint<Env = unknown>(options: AlexaEndpointOptions<Env>): AlexaEndpoint<Env> {
  const path = options.path ?? '/';
  const clock = options.now ?? (() => new Date());
  const log = options.log ?? consoleLogger;
  const verifierOf = verifierFor(options.verifier, log);
  return {
    async fetch(request, env, executionContext) {
      if (new URL(request.url).pathname !== path) {
        return new Response('404 Not Found', { status: 404, headers: { 'content-type': 'text/plain; charset=UTF-8' } });
      }
      if (request.method !== 'POST') return Response.json({ error: 'method_not_allowed' }, { status: 405, headers: { Allow: 'POST' } });
      const ctx = requestContext(clock, log, executionContext);
      try {
        const envelope = await verifierOf(env).verify(request, ctx);
        return Response.json(await options.answer(envelope, ctx, env));
      } catch (error) {
        return errorResponse(error, log);
      }
    },
  };
}
