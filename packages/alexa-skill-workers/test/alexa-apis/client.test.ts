import { describe, expect, it } from 'vitest';
import { AlexaApiClient, ALEXA_API_HOSTS } from '../../src/ask-sdk.ts';
import { AlexaApiError, ConfigError } from '../../src/errors.ts';
import { recordingLogger } from '../../src/testing.ts';
import { envelope, installAlexaApi } from '../support/alexa-api.ts';
import { NOW } from '../support/harness.ts';
import { hangRecording, outbound } from '../support/outbound.ts';

/**
 * The kit's fetch-based client for Alexa's service APIs: a call goes to the request's
 * `context.System.apiEndpoint` only when it is one of Amazon's three API hosts ("Progressive
 * Response REST API Reference", API endpoint), or, with `allowDevelopmentTrust` only, a loopback
 * endpoint; every failure has a stable code, and the `apiAccessToken` reaches nothing but the
 * `Authorization` header of a call to an allowed host.
 */
const TOKEN = 'api-token.SECRET-VALUE';
const GIVEN_NAME = { api: 'Profile.givenName', method: 'GET', path: '/v2/accounts/~current/settings/Profile.givenName' } as const;

function setUp(options: ConstructorParameters<typeof AlexaApiClient>[0] = {}) {
  const log = recordingLogger();
  const client = new AlexaApiClient({ log, ...options });
  const call = (apiEndpoint: string | null = 'https://api.amazonalexa.com', apiAccessToken: string | null = TOKEN) =>
    client.call(envelope({ apiEndpoint, apiAccessToken }), GIVEN_NAME, { now: NOW, log });
  return { log, client, call };
}

/** The code `promise` rejected with (it must reject with an AlexaApiError). */
async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AlexaApiError);
  return (error as AlexaApiError).code;
}

describe('the host rule', () => {
  it('names exactly Amazon\'s three API hosts', () => {
    expect([...ALEXA_API_HOSTS]).toEqual(['api.amazonalexa.com', 'api.eu.amazonalexa.com', 'api.fe.amazonalexa.com']);
  });

  it.each(['https://api.amazonalexa.com', 'https://api.eu.amazonalexa.com', 'https://api.fe.amazonalexa.com', 'https://api.amazonalexa.com/', 'https://API.amazonalexa.com:443'])(
    'calls %s, with the apiAccessToken as a Bearer token',
    async (endpoint) => {
      installAlexaApi();
      const { call } = setUp();
      await codeOf(call(endpoint));
      const origin = new URL(endpoint).origin;
      expect(outbound.requests).toEqual([`GET ${origin}/v2/accounts/~current/settings/Profile.givenName`]);
    },
  );

  it.each([
    ['http://api.amazonalexa.com', 'not_amazon'],
    ['https://api.amazonalexa.com:8443', 'not_amazon'],
    ['https://api.amazonalexa.com.evil.test', 'not_amazon'],
    ['https://evil.test/api.amazonalexa.com', 'not_amazon'],
    ['https://user:pass@api.amazonalexa.com', 'not_amazon'],
    ['https://api.amazon.com', 'not_amazon'],
    ['api.amazonalexa.com', 'not_a_url'],
    ['http://localhost:8791', 'loopback_not_allowed'],
    ['http://127.0.0.1:8791', 'loopback_not_allowed'],
    ['https://[::1]:8443', 'loopback_not_allowed'],
  ])('refuses %s (%s): nothing is sent, the refusal is logged without the endpoint or the token', async (endpoint, reason) => {
    const { call, log } = setUp();
    expect(await codeOf(call(endpoint))).toBe('ALEXA_API_ENDPOINT_REFUSED');
    expect(outbound.requests).toEqual([]);
    expect(log.events('alexa_api_refused')).toEqual([expect.objectContaining({ reason })]);
    expect(log.events('alexa_api_failed')).toEqual([expect.objectContaining({ api: 'Profile.givenName', code: 'ALEXA_API_ENDPOINT_REFUSED' })]);
    expect(JSON.stringify(log.lines)).not.toContain(TOKEN);
    expect(JSON.stringify(log.lines)).not.toContain(endpoint);
  });

  it.each(['http://localhost:8791', 'http://127.0.0.1:8791/alexa-api', 'https://[::1]:8443'])(
    'with allowDevelopmentTrust calls the loopback endpoint %s (a stand-in on this machine), under its path',
    async (endpoint) => {
      outbound.onPrefix(endpoint, () => Response.json('Ana'));
      const { call } = setUp({ allowDevelopmentTrust: true });
      expect(await call(endpoint)).toBe('Ana');
      expect(outbound.requests).toEqual([`GET ${endpoint}/v2/accounts/~current/settings/Profile.givenName`]);
    },
  );

  it('with allowDevelopmentTrust still refuses a host that is neither Amazon\'s nor loopback', async () => {
    const { call } = setUp({ allowDevelopmentTrust: true });
    expect(await codeOf(call('https://evil.test'))).toBe('ALEXA_API_ENDPOINT_REFUSED');
    expect(outbound.requests).toEqual([]);
  });

  it('applies to ask-sdk\'s ApiClient interface (invoke) too: a refused URL is not fetched', async () => {
    const { client, log } = setUp();
    const request = { url: 'https://evil.test/v1/directives', method: 'POST', headers: [{ key: 'Authorization', value: `Bearer ${TOKEN}` }], body: '{}' };
    expect(await codeOf(client.invoke(request))).toBe('ALEXA_API_ENDPOINT_REFUSED');
    expect(outbound.requests).toEqual([]);
    expect(log.events('alexa_api_refused')).toEqual([expect.objectContaining({ reason: 'not_amazon' })]);
  });
});

describe('what comes back', () => {
  it.each([
    [401, 'ALEXA_API_UNAUTHORIZED'],
    [403, 'ALEXA_API_FORBIDDEN'],
    [429, 'ALEXA_API_THROTTLED'],
    [400, 'ALEXA_API_REJECTED'],
    [404, 'ALEXA_API_REJECTED'],
    [500, 'ALEXA_API_UNAVAILABLE'],
    [503, 'ALEXA_API_UNAVAILABLE'],
    [302, 'ALEXA_API_UNAVAILABLE'],
  ])('%i is %s, logged with the status, never the token', async (status, code) => {
    outbound.onPrefix('https://api.amazonalexa.com/', () => new Response('{}', { status, headers: status === 302 ? { location: 'https://evil.test/' } : {} }));
    const { call, log } = setUp();
    expect(await codeOf(call())).toBe(code);
    expect(outbound.requests).toHaveLength(1);
    expect(log.events('alexa_api_failed')).toEqual([expect.objectContaining({ api: 'Profile.givenName', code, status })]);
    expect(JSON.stringify(log.lines)).not.toContain(TOKEN);
  });

  it.each([
    ['a body that is not JSON', () => new Response('<html>oops</html>', { headers: { 'content-type': 'text/html' } })],
    ['a body over 64 KiB', () => Response.json('x'.repeat(70 * 1024))],
  ])('%s is ALEXA_API_UNAVAILABLE', async (_, route) => {
    outbound.onPrefix('https://api.amazonalexa.com/', route);
    expect(await codeOf(setUp().call())).toBe('ALEXA_API_UNAVAILABLE');
  });

  it('a network failure is ALEXA_API_UNAVAILABLE', async () => {
    outbound.onPrefix('https://api.amazonalexa.com/', () => Promise.reject(new TypeError('network connection lost')));
    expect(await codeOf(setUp().call())).toBe('ALEXA_API_UNAVAILABLE');
  });

  it('no answer within timeoutMs is ALEXA_API_TIMEOUT: the call is aborted by its own timer', async () => {
    const { route, abortReasons } = hangRecording();
    outbound.onPrefix('https://api.amazonalexa.com/', route);
    expect(await codeOf(setUp({ timeoutMs: 100 }).call())).toBe('ALEXA_API_TIMEOUT');
    expect(abortReasons).toEqual([expect.objectContaining({ name: 'TimeoutError' })]);
  });

  it('204 and an empty body are no value', async () => {
    outbound.onPrefix('https://api.amazonalexa.com/', () => new Response(null, { status: 204 }));
    expect(await setUp().call()).toBeUndefined();
  });

  it.each([
    ['no apiAccessToken', null],
    ['an empty apiAccessToken', ''],
    ['an apiAccessToken with a line break (a header injection)', 'abc\r\nx-evil: 1'],
  ])('%s: nothing is sent (ALEXA_API_NO_TOKEN)', async (_, token) => {
    expect(await codeOf(setUp().call('https://api.amazonalexa.com', token))).toBe('ALEXA_API_NO_TOKEN');
    expect(outbound.requests).toEqual([]);
  });

  it('no apiEndpoint: nothing is sent (ALEXA_API_NO_TOKEN)', async () => {
    expect(await codeOf(setUp().call(null))).toBe('ALEXA_API_NO_TOKEN');
    expect(outbound.requests).toEqual([]);
  });

  it('sends the token in the Authorization header only, and does not follow redirects', async () => {
    const seen: Request[] = [];
    outbound.onPrefix('https://api.amazonalexa.com/', (request) => (seen.push(request), Response.json('Ana')));
    expect(await setUp().call()).toBe('Ana');
    expect(seen[0]!.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(seen[0]!.url).not.toContain(TOKEN);
    expect(seen[0]!.redirect).toBe('manual');
  });

  it('ask-sdk\'s invoke resolves with any status, its headers and body text (ask-sdk\'s service clients classify them)', async () => {
    outbound.onPrefix('https://api.amazonalexa.com/', () => Response.json({ code: 'ACCESS_DENIED' }, { status: 403 }));
    const request = { url: 'https://api.amazonalexa.com/v2/accounts/~current/settings/Profile.givenName', method: 'GET', headers: [{ key: 'Authorization', value: `Bearer ${TOKEN}` }] };
    const response = await setUp().client.invoke(request);
    expect(response).toMatchObject({ statusCode: 403, body: '{"code":"ACCESS_DENIED"}' });
    expect(response.headers).toContainEqual({ key: 'content-type', value: 'application/json' });
  });
});

describe('options', () => {
  it.each([
    [{ timeoutMs: 50 }, 'timeoutMs'],
    [{ timeoutMs: 1.5 }, 'timeoutMs'],
    [{ fetch: 'fetch' as unknown as typeof fetch }, 'fetch'],
  ])('refuses %o when it is created (ConfigError naming %s)', (options, setting) => {
    expect(() => new AlexaApiClient(options)).toThrow(expect.objectContaining({ constructor: ConfigError, setting }));
  });

  it('times out after 1000 ms by default', () => {
    expect(new AlexaApiClient().timeoutMs).toBe(1000);
  });
});
