import { afterEach, describe, expect, it } from 'vitest';
import { FakeAlexaApi, interceptFetch, USER_ID, type FetchInterceptor } from '../../src/testing.ts';

/**
 * The testing entry's fake of Alexa's service APIs, as a user's tests reach it (`interceptFetch`)
 * and as a local server would serve it (`handle`, a plain Request -> Response function).
 */
const GIVEN_NAME = 'alexa::profile:given_name:read';
let intercepted: FetchInterceptor | undefined;
afterEach(() => {
  intercepted?.restore();
  intercepted = undefined;
});

const get = (url: string, token: string) => fetch(url, { headers: { authorization: `Bearer ${token}` } });
const speak = (url: string, token: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('FakeAlexaApi on intercepted fetch', () => {
  it.each(['https://api.amazonalexa.com', 'https://api.eu.amazonalexa.com', 'https://api.fe.amazonalexa.com'])('answers %s and records the call', async (origin) => {
    const alexa = new FakeAlexaApi().user({ userId: USER_ID, givenName: 'Ana', permissions: [GIVEN_NAME] });
    intercepted = interceptFetch(alexa);
    const response = await get(`${origin}/v2/accounts/~current/settings/Profile.givenName`, alexa.token({ userId: USER_ID }));
    expect(await response.json()).toBe('Ana');
    expect(alexa.calls).toEqual([{ method: 'GET', api: 'Profile.givenName', path: '/v2/accounts/~current/settings/Profile.givenName', identity: { userId: USER_ID }, status: 200 }]);
  });

  it('leaves every other host to the next fake (or the interceptor\'s refusal)', async () => {
    const alexa = new FakeAlexaApi();
    intercepted = interceptFetch(alexa);
    await expect(get('https://api.amazonalexa.com.evil.example/v1/directives', 'x')).rejects.toThrow(TypeError);
    expect(intercepted.unexpected).toEqual(['GET https://api.amazonalexa.com.evil.example/v1/directives']);
    expect(alexa.calls).toEqual([]);
  });

  it('grants or denies per account and per recognized speaker, each by their own consent', async () => {
    const alexa = new FakeAlexaApi().user({
      userId: USER_ID,
      givenName: 'Household',
      permissions: [GIVEN_NAME],
      persons: { ana: { givenName: 'Ana', permissions: [GIVEN_NAME] }, ben: { givenName: 'Ben' } },
    });
    intercepted = interceptFetch(alexa);
    const person = (personId: string) => get('https://api.amazonalexa.com/v2/persons/~current/profile/givenName', alexa.token({ userId: USER_ID, personId }));
    expect((await person('ana')).status).toBe(200);
    expect((await person('ben')).status).toBe(403);
    expect((await get('https://api.amazonalexa.com/v2/accounts/~current/settings/Profile.email', alexa.token({ userId: USER_ID }))).status).toBe(403);
    expect(alexa.calls.map((c) => [c.api, c.identity?.personId, c.status])).toEqual([
      ['Person.givenName', 'ana', 200],
      ['Person.givenName', 'ben', 403],
      ['Profile.email', undefined, 403],
    ]);
  });

  it('answers 401 to a token it did not issue, 400 to a directive Amazon would refuse, 204 to a progressive response', async () => {
    const alexa = new FakeAlexaApi();
    intercepted = interceptFetch(alexa);
    const token = alexa.token({ userId: USER_ID });
    const url = 'https://api.amazonalexa.com/v1/directives';
    const directive = { header: { requestId: 'amzn1.echo-api.request.1' }, directive: { type: 'VoicePlayer.Speak', speech: '<speak>One moment.</speak>' } };
    expect((await speak(url, 'not-issued', directive)).status).toBe(401);
    expect((await speak(url, token, { ...directive, directive: { type: 'VoicePlayer.Speak', speech: 'no speak element' } })).status).toBe(400);
    expect((await speak(url, token, { directive: directive.directive })).status).toBe(400);
    expect((await speak(url, token, directive)).status).toBe(204);
    expect(alexa.directives).toEqual([{ requestId: 'amzn1.echo-api.request.1', type: 'VoicePlayer.Speak', speech: '<speak>One moment.</speak>', identity: { userId: USER_ID } }]);
    expect(alexa.calls.map((c) => c.status)).toEqual([401, 400, 400, 204]);
  });

  it.each([[429], [503]])('failWith %i answers every call so', async (status) => {
    const alexa = new FakeAlexaApi();
    alexa.failWith = status;
    intercepted = interceptFetch(alexa);
    expect((await get('https://api.amazonalexa.com/v2/devices/d/settings/System.timeZone', alexa.token({ userId: USER_ID }))).status).toBe(status);
  });
});

describe('FakeAlexaApi.handle, the core a local server reuses', () => {
  it('answers by path whatever the host (a loopback apiEndpoint), without interceptFetch', async () => {
    const alexa = new FakeAlexaApi().user({ userId: USER_ID, timeZone: 'Asia/Tokyo' });
    const token = alexa.token({ userId: USER_ID, deviceId: 'device-1' });
    const response = await alexa.handle(new Request('http://127.0.0.1:9788/v2/devices/device-1/settings/System.timeZone', { headers: { authorization: `Bearer ${token}` } }));
    expect(await response.json()).toBe('Asia/Tokyo');
    const other = await alexa.handle(new Request('http://127.0.0.1:9788/v2/devices/device-2/settings/System.timeZone', { headers: { authorization: `Bearer ${token}` } }));
    expect(other.status).toBe(403);
  });

  it('answer() takes only its origins: a fake for a local endpoint ignores Amazon\'s hosts', () => {
    const alexa = new FakeAlexaApi({ origins: ['http://localhost:9788'] });
    expect(alexa.answer(new Request('https://api.amazonalexa.com/v1/directives', { method: 'POST' }))).toBeUndefined();
    expect(alexa.answer(new Request('http://localhost:9788/v1/directives', { method: 'POST' }))).toBeInstanceOf(Promise);
  });
});
