import { env } from 'cloudflare:workers';
import type { ResponseEnvelope } from 'ask-sdk-model';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, FakeAlexaApi, intentRequest, recordingLogger, signedAlexaRequest, USER_ID, type TestPki } from '../../src/testing.ts';
import { fixtureWorker, type FixtureEnv } from '../fixture/worker.ts';
import { installAlexaApi } from '../support/alexa-api.ts';
import { KitHarness, NOW } from '../support/harness.ts';
import { outbound } from '../support/outbound.ts';
import { FakeProvider } from '../support/provider.ts';

/**
 * Progressive responses ("Send the User a Progressive Response"): the linking gate's
 * `onProviderCall` fires only when a gated request's token is in no cache and must be validated
 * with the provider, and the fixture then sends `One moment.` through the Progressive Response API
 * (`POST {apiEndpoint}/v1/directives`, the request's ID in `header.requestId`). A cache that answers
 * sends nothing; the answer never waits for Alexa.
 */
let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

function setUp() {
  const provider = new FakeProvider().install();
  const alexa = installAlexaApi();
  const apiAccessToken = alexa.token({ userId: USER_ID });
  const greet = (accessToken: string) => intentRequest('GreetIntent', {}, { timestamp: NOW, accessToken, apiAccessToken }) as { request: { requestId: string } };
  return { provider, alexa, greet, kit: new KitHarness(pki, { progressive: true }) };
}

describe('a progressive response while the account is validated', () => {
  it('is sent for a token no cache knows, before the provider is asked, with the request ID, the apiAccessToken and the speech in <speak>', async () => {
    const { provider, alexa, greet, kit } = setUp();
    const envelope = greet(provider.opaqueToken());
    expect((await kit.turn(envelope)).speech).toBe('Hello, Ana.');
    expect(alexa.directives).toEqual([
      { requestId: envelope.request.requestId, type: 'VoicePlayer.Speak', speech: '<speak>One moment.</speak>', identity: { userId: USER_ID } },
    ]);
    expect(outbound.requests.indexOf('POST https://api.amazonalexa.com/v1/directives')).toBeLessThan(outbound.requests.indexOf('GET https://provider.test/userinfo'));
  });

  it('is not sent when isolate memory knows the token', async () => {
    const { provider, alexa, greet, kit } = setUp();
    const token = provider.opaqueToken();
    await kit.turn(greet(token));
    alexa.directives.length = 0;
    expect((await kit.turn(greet(token))).speech).toBe('Hello, Ana.');
    expect(alexa.directives).toEqual([]);
  });

  it('is not sent when KV knows the token (another isolate validated it)', async () => {
    const { provider, alexa, greet, kit } = setUp();
    const token = provider.opaqueToken();
    await kit.turn(greet(token));
    alexa.directives.length = 0;
    const other = new KitHarness(pki, { progressive: true });
    expect((await other.turn(greet(token))).speech).toBe('Hello, Ana.');
    expect(provider.calls('userinfo')).toBe(1);
    expect(alexa.directives).toEqual([]);
  });

  it('is not sent for a token remembered as refused, nor for a request with no token', async () => {
    const { provider, alexa, greet, kit } = setUp();
    const token = provider.opaqueToken();
    provider.revoke(token);
    await kit.turn(greet(token));
    alexa.directives.length = 0;
    expect((await kit.turn(greet(token))).speech).toBe('invalid');
    expect((await kit.turn(intentRequest('GreetIntent', {}, { timestamp: NOW }))).speech).toBe('unlinked');
    expect(alexa.directives).toEqual([]);
  });

  it('is sent by each request that joins a validation already under way, with its own request ID', async () => {
    const { provider, alexa, greet, kit } = setUp();
    const token = provider.opaqueToken();
    const held = provider.hold('userinfo');
    const [first, second] = [greet(token), greet(token)];
    const one = kit.turn(first);
    await held.reached;
    const two = kit.turn(second);
    await expect.poll(() => alexa.directives.length).toBe(2);
    held.release();
    expect((await Promise.all([one, two])).map((turn) => turn.speech)).toEqual(['Hello, Ana.', 'Hello, Ana.']);
    expect(provider.calls('userinfo')).toBe(1);
    expect(alexa.directives.map((d) => d.requestId)).toEqual([first.request.requestId, second.request.requestId]);
  });

  it.each([401, 403, 429, 500, 'garbage', 'hang'] as const)('that fails (%s) changes nothing in the answer; the failure is logged', async (failure) => {
    const { provider, alexa, greet } = setUp();
    alexa.failWith = failure;
    const kit = new KitHarness(pki, { progressive: true, alexaApi: { timeoutMs: 100 } });
    expect((await kit.turn(greet(provider.opaqueToken()))).speech).toBe('Hello, Ana.');
    expect(kit.log.events('alexa_api_failed')).toEqual([expect.objectContaining({ api: 'directives' })]);
  });

  it('does not delay the answer: it comes back while Alexa has not answered the directive yet', async () => {
    const provider = new FakeProvider().install();
    const alexa = new FakeAlexaApi();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    outbound.onPrefix('https://api.amazonalexa.com/', async (request) => {
      await gate;
      return alexa.handle(request);
    });
    const background: Promise<unknown>[] = [];
    const ctx = { waitUntil: (p: Promise<unknown>) => void background.push(p), passThroughOnException: () => undefined, props: {} } as unknown as ExecutionContext;
    const worker = fixtureWorker({ trust: pki.trust, now: () => NOW, progressive: true, log: recordingLogger() });
    const envelope = intentRequest('GreetIntent', {}, { timestamp: NOW, accessToken: provider.opaqueToken(), apiAccessToken: alexa.token({ userId: USER_ID }) });
    const response = await worker.fetch(await signedAlexaRequest(pki, envelope), { ...(env as unknown as FixtureEnv) }, ctx);
    expect(((await response.json<ResponseEnvelope>()).response.outputSpeech as { ssml: string }).ssml).toBe('<speak>Hello, Ana.</speak>');
    expect(alexa.directives).toEqual([]);
    release();
    await Promise.all(background);
    expect(alexa.directives).toHaveLength(1);
  });
});
