/**
 * `alexa-skill-workers`: an Alexa custom skill's HTTP endpoint on Cloudflare Workers. Every request
 * is verified as Amazon's "Host a Custom Skill as a Web Service" requires (the `Signature-256` over
 * the raw body with WebCrypto, the certificate URL, the chain to Amazon's pinned roots, the SAN and
 * dates, the timestamp window both ways, the skill ID) before your code sees it. Use
 * {@link alexaEndpoint} as the Worker's fetch handler, or the Hono middleware
 * (`alexa-skill-workers/hono`) inside a Hono app. See the package README.
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/host-a-custom-skill-as-a-web-service.html
 * @packageDocumentation
 */
export { alexaEndpoint, type AlexaEndpoint, type AlexaEndpointOptions } from './core/endpoint.ts';
export { createAlexaVerifier, type AlexaVerifier, type AlexaVerifierOptions } from './verification/verifier.ts';
export type { AlexaVerifierSource } from './core/verifier-source.ts';
export { errorResponse } from './core/respond.ts';
export { consoleLogger, type LogFields, type Logger } from './core/log.ts';
export { perIsolate } from './core/per-isolate.ts';
export { withSettingNames } from './core/setting-names.ts';
export type { RequestContext, WaitUntil, WaitUntilSource } from './core/context.ts';
