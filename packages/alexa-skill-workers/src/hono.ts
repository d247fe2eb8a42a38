/**
 * `alexa-skill-workers/hono`: the verifier as Hono middleware (`c.var.alexa` is the verified
 * envelope, `c.var.alexaContext` the request context). See the package README.
 * @packageDocumentation
 */
export { alexaVerifier, type AlexaMiddlewareOptions, type AlexaVariables } from './hono/middleware.ts';
