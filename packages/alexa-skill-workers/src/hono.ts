/**
 * `alexa-skill-workers/hono`: the verifier as Hono middleware (`c.var.alexa` is the verified
 * envelope), and the one mapping of the kit's errors to HTTP. See README, "The kit".
 * @packageDocumentation
 */
export { alexaVerifier, type AlexaMiddlewareOptions, type AlexaVariables, type AlexaVerifierSource } from './hono/middleware.ts';
export { errorResponse, BAD_REQUEST_BODY } from './respond.ts';
export { perIsolate } from './lib/per-isolate.ts';
