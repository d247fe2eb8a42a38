/**
 * Build-time stand-in for Node's `url`, `http` and `https` (wrangler.toml `[alias]`). Only
 * ask-sdk-core's `DefaultApiClient` imports them, to call Alexa's service APIs, which this skill
 * never does; loading workerd's Node built-ins cost every new isolate about 5 ms. Any use throws.
 */
function unavailable(): never {
  throw new Error('Node built-ins are not bundled (wrangler.toml [alias]); DefaultApiClient is unavailable');
}

export const parse = unavailable;
export const request = unavailable;
export default { parse, request };
