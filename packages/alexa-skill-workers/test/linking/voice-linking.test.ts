import { beforeAll, describe, expect, it } from 'vitest';
import { ASK_FOR_ACCOUNT_LINKING_URI } from '../../src/ask-sdk.ts';
import { parseResumeToken } from '../../src/ask-sdk/voice-linking.ts';
import { LoginWithAmazonValidator } from '../../src/linking.ts';
import { createTestPki, intentRequest, sessionResumedRequest, type TestPki } from '../../src/testing.ts';
import { KitHarness, NOW, type Turn } from '../support/harness.ts';
import { CLIENT_ID, FakeProvider, URLS } from '../support/provider.ts';

/**
 * Voice-forward account linking ("Voice-Forward Account Linking Implementation Details",
 * https://developer.amazon.com/en-US/docs/alexa/account-linking/voice-forward-account-linking-implementation-details.html):
 * a linking gate whose `respond` answers `unlinked` with `askForAccountLinking` hands a user with
 * no token to AMAZON.AskForAccountLinking; `voiceLinkingResumedHandler` answers the
 * SessionResumedRequest that follows with the original intent once linked, or its `fallback`.
 */
let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

const lwa = () => new LoginWithAmazonValidator({ clientId: CLIENT_ID, userinfoUrl: URLS.userinfo });
const VOICE = { validator: lwa, voiceLinking: true } as const;
const SESSION = { sessionId: 'amzn1.echo-api.session.VOICE', attributes: { kept: 'yes' } };

type Directive = Record<string, unknown> & { token: string };
const directivesOf = (answer: Turn) => (answer.body?.response.directives ?? []) as unknown as Directive[];

/** GreetIntent with a slot Alexa resolved ("the boss", entity `ana`), from a user with no token. */
function greetTheBoss(): object {
  const envelope = intentRequest('GreetIntent', { who: 'the boss' }, { timestamp: NOW, ...SESSION }) as {
    request: { intent: { slots: Record<string, Record<string, unknown>> } };
  };
  envelope.request.intent.slots.who!.resolutions = {
    resolutionsPerAuthority: [
      { authority: 'amzn1.er-authority.echo-sdk.PERSON', status: { code: 'ER_SUCCESS_MATCH' }, values: [{ value: { name: 'Ana', id: 'ana' } }] },
    ],
  };
  return envelope;
}

/** Starts voice-forward linking and returns the connection token the skill chose. */
async function startLinking(kit: KitHarness): Promise<string> {
  const [directive] = directivesOf(await kit.turn(greetTheBoss()));
  expect(directive?.type).toBe('Connections.StartConnection');
  return directive!.token;
}

const resumed = (token: string, result: Record<string, unknown> | undefined, extra: { accessToken?: string; code?: string } = {}) =>
  sessionResumedRequest({ token, code: extra.code, result }, { timestamp: NOW, accessToken: extra.accessToken, ...SESSION });

function expectFallback(answer: Turn, status: string): void {
  expect(answer).toMatchObject({ speech: `not linked: ${status}`, card: 'LinkAccount' });
  expect(directivesOf(answer)).toEqual([]);
}

describe('voice-forward account linking: the StartConnection directive', () => {
  it('is sent to a user with no token, shaped as Amazon\'s JSON, with a token that names the intent and its slots', async () => {
    new FakeProvider().install();
    const kit = new KitHarness(pki, VOICE);
    const answer = await kit.turn(greetTheBoss());
    const directives = directivesOf(answer);
    expect(directives).toHaveLength(1);
    const { token, ...rest } = directives[0]!;
    expect(rest).toEqual({
      type: 'Connections.StartConnection',
      uri: ASK_FOR_ACCOUNT_LINKING_URI,
      input: { '@version': '1', '@type': 'AskForAccountLinking' },
      onCompletion: 'RESUME_SESSION',
    });
    expect(ASK_FOR_ACCOUNT_LINKING_URI).toBe('connection://AMAZON.AskForAccountLinking/1');
    expect(answer.card).toBeUndefined();
    expect(answer.body?.response.shouldEndSession).toBeUndefined();
    expect(answer.speech).toBe('link by voice');
    expect(typeof token).toBe('string');
    expect(parseResumeToken(token)).toEqual({ intent: 'GreetIntent', slots: { who: 'the boss' }, ids: { who: 'ana' } });
    expect(token.length).toBeLessThanOrEqual(1024);
  });

  it('is not sent for a token that is invalid or expired: the gate\'s card, as without voice linking', async () => {
    const provider = new FakeProvider().install();
    const kit = new KitHarness(pki, VOICE);
    const token = provider.opaqueToken();
    provider.revoke(token);
    const answer = await kit.turn(intentRequest('GreetIntent', {}, { timestamp: NOW, accessToken: token }));
    expect(answer).toMatchObject({ speech: 'invalid', card: 'LinkAccount' });
    expect(directivesOf(answer)).toEqual([]);
  });
});

describe('voice-forward account linking: the SessionResumedRequest, per documented status', () => {
  it('LINKED: the original request is answered with the new token, in the same session', async () => {
    const provider = new FakeProvider().install();
    const kit = new KitHarness(pki, VOICE);
    const token = await startLinking(kit);
    const accessToken = provider.opaqueToken();
    const answer = await kit.turn(resumed(token, { status: 'LINKED' }, { accessToken }));
    expect(answer.speech).toBe('Hello, Ana.');
    expect(answer.attributes).toEqual({ kept: 'yes' });
    expect(provider.calls('tokeninfo')).toBe(1);
    expect(kit.log.lines).toContainEqual(
      expect.objectContaining({ event: 'voice_linking_resumed', status: 'LINKED', code: '200', intent: 'GreetIntent', rerun: true }),
    );
    expect(JSON.stringify(kit.log.lines)).not.toContain(accessToken);
  });

  it('LINKED: an intent with a side effect runs it once, with the new token, and keeps what it put in the session', async () => {
    const provider = new FakeProvider().install();
    const kit = new KitHarness(pki, VOICE);
    const answer = await kit.turn(intentRequest('ActIntent', {}, { timestamp: NOW, ...SESSION }));
    const [directive] = directivesOf(answer);
    const accessToken = provider.opaqueToken();
    const done = await kit.turn(resumed(directive!.token, { status: 'LINKED' }, { accessToken }));
    expect(done.speech).toBe('done {"id":"act-1"}');
    expect(done.attributes).toEqual({ kept: 'yes', acted: 'act-1' });
    expect(provider.acts.map((act) => act.token)).toEqual([accessToken]);
  });

  it.each([
    ['DENIED', { status: 'DENIED' }, '200', 'DENIED'],
    ['USER_REQUIREMENTS_NOT_MET', { status: 'USER_REQUIREMENTS_NOT_MET' }, '200', 'USER_REQUIREMENTS_NOT_MET'],
    ['ERROR (connection status 500)', undefined, '500', 'ERROR'],
    ['UNKNOWN (a status Amazon does not document)', { status: 'SOMETHING_NEW' }, '200', 'UNKNOWN'],
  ])('%s: the fallback, told the status, and nothing validated', async (_, result, code, status) => {
    const provider = new FakeProvider().install();
    const kit = new KitHarness(pki, VOICE);
    const token = await startLinking(kit);
    expectFallback(await kit.turn(resumed(token, result, { code, accessToken: provider.opaqueToken() })), status);
    expect(provider.totalCalls()).toBe(0);
    expect(kit.log.lines).toContainEqual(expect.objectContaining({ event: 'voice_linking_resumed', status, code, rerun: false }));
  });

  it('LINKED without a token in context.System.user: the fallback (as ERROR), never another StartConnection', async () => {
    new FakeProvider().install();
    const kit = new KitHarness(pki, VOICE);
    const token = await startLinking(kit);
    expectFallback(await kit.turn(resumed(token, { status: 'LINKED' })), 'ERROR');
  });

  it('LINKED with a token the provider refuses: the gate\'s card (the gate runs on the resumed intent)', async () => {
    const provider = new FakeProvider().install();
    const kit = new KitHarness(pki, VOICE);
    const token = await startLinking(kit);
    const accessToken = provider.opaqueToken();
    provider.revoke(accessToken);
    const answer = await kit.turn(resumed(token, { status: 'LINKED' }, { accessToken }));
    expect(answer).toMatchObject({ speech: 'invalid', card: 'LinkAccount' });
  });

  it('a resume token naming an intent the policy does not gate is not answered again', async () => {
    const provider = new FakeProvider().install();
    const kit = new KitHarness(pki, VOICE);
    const forged = 'ask-for-account-linking:{"i":"PublicIntent","s":{},"r":{}}';
    expect(parseResumeToken(forged)).toEqual({ intent: 'PublicIntent', slots: {}, ids: {} });
    expectFallback(await kit.turn(resumed(forged, { status: 'LINKED' }, { accessToken: provider.opaqueToken() })), 'ERROR');
    expect(kit.log.lines).toContainEqual(expect.objectContaining({ event: 'voice_linking_resumed', intent: 'PublicIntent', rerun: false }));
  });

  it.each([
    ['another connection\'s token', 'confirmOrder'],
    ['a token with the prefix that is not JSON', 'ask-for-account-linking:{"i":'],
    ['a token whose slots are not strings', 'ask-for-account-linking:{"i":"GreetIntent","s":{"who":1},"r":{}}'],
  ])('%s: the SessionResumedRequest is not taken for voice linking', async (_, token) => {
    const provider = new FakeProvider().install();
    const kit = new KitHarness(pki, VOICE);
    const answer = await kit.turn(resumed(token, { status: 'LINKED' }, { accessToken: provider.opaqueToken() }));
    expect(answer).toMatchObject({ speech: 'fallback', card: undefined });
    expect(kit.log.lines.map((line) => line.event)).not.toContain('voice_linking_resumed');
  });

  it('without voiceLinkingResumedHandler, a SessionResumedRequest with a voice-linking token answers nothing of the original intent', async () => {
    const provider = new FakeProvider().install();
    const kit = new KitHarness(pki, { validator: lwa });
    const forged = 'ask-for-account-linking:{"i":"GreetIntent","s":{},"r":{}}';
    const answer = await kit.turn(resumed(forged, { status: 'LINKED' }, { accessToken: provider.opaqueToken() }));
    expect(answer.speech).toBe('fallback');
    expect(provider.totalCalls()).toBe(0);
    expect(answer.body?.response.directives).toBeUndefined();
  });
});
