import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, envelopeFor, intentRequest, sessionResumedRequest, type TestPki } from 'alexa-skill-workers/testing';
import { NOW, SkillHarness } from '../support/harness.ts';
import { outbound } from '../support/outbound.ts';
import { JWT_ENV, LWA_CLIENT_ID } from '../support/provider.ts';
import { turn, type Turn } from '../support/talk.ts';

/**
 * Voice-forward account linking ("Voice-Forward Account Linking Implementation Details",
 * https://developer.amazon.com/en-US/docs/alexa/account-linking/voice-forward-account-linking-implementation-details.html):
 * with VOICE_ACCOUNT_LINKING=true (Login with Amazon: opaque mode with LWA_CLIENT_ID), a user with
 * no token on a gated intent is handed to AMAZON.AskForAccountLinking; the SessionResumedRequest
 * that follows answers the original intent once linked, or the LinkAccount card otherwise. Here:
 * Ride Hailer's settings and words. The directive, the resume token and the handler are the kit's
 * (packages/alexa-skill-workers/test/linking/voice-linking.test.ts).
 */
let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

const VOICE = { LWA_CLIENT_ID, VOICE_ACCOUNT_LINKING: 'true' };
const SESSION = { sessionId: 'amzn1.echo-api.session.VOICE', attributes: { kept: 'yes' } };

type Directive = Record<string, unknown> & { token: string };
const directivesOf = (answer: Turn) => (answer.body.response.directives ?? []) as unknown as Directive[];

/** OrderCar to "the office", resolved by Alexa to the `work` entity, with no token. */
function orderToTheOffice(): object {
  const envelope = intentRequest('OrderCar', { destination: 'the office' }, { timestamp: NOW, ...SESSION }) as {
    request: { intent: { slots: Record<string, Record<string, unknown>> } };
  };
  envelope.request.intent.slots.destination!.resolutions = {
    resolutionsPerAuthority: [
      { authority: 'amzn1.er-authority.echo-sdk.DESTINATION', status: { code: 'ER_SUCCESS_MATCH' }, values: [{ value: { name: 'work', id: 'work' } }] },
    ],
  };
  return envelope;
}

/** Starts voice-forward linking and returns the connection token the skill chose. */
async function startLinking(skill: SkillHarness): Promise<string> {
  const answer = await turn(skill, orderToTheOffice());
  const [directive] = directivesOf(answer);
  expect(directive?.type).toBe('Connections.StartConnection');
  return directive!.token;
}

const resumed = (token: string, result: Record<string, unknown> | undefined, extra: { accessToken?: string; code?: string } = {}) =>
  sessionResumedRequest({ token, code: extra.code, result }, { timestamp: NOW, accessToken: extra.accessToken, ...SESSION });

function expectCard(answer: Turn, words: string): void {
  expect(answer.card).toEqual({ type: 'LinkAccount' });
  expect(answer.speech).toContain(words);
  expect(answer.endsSession).toBe(true);
  expect(directivesOf(answer)).toEqual([]);
}

describe('voice-forward account linking: the StartConnection directive', () => {
  it('is sent to a user with no token on OrderCar, saying why the account is needed, with no card', async () => {
    const skill = new SkillHarness(pki, VOICE).serveChain();
    const answer = await turn(skill, orderToTheOffice());
    const directives = directivesOf(answer);
    expect(directives).toHaveLength(1);
    expect(directives[0]).toMatchObject({ type: 'Connections.StartConnection', uri: 'connection://AMAZON.AskForAccountLinking/1' });
    expect(answer.card).toBeUndefined();
    expect(answer.endsSession).toBeUndefined();
    expect(answer.speech).toContain('needs to know who you are');
  });

  it('is not sent for a token that is invalid or expired: the relink card, as without the setting', async () => {
    const skill = new SkillHarness(pki, VOICE).serveChain();
    const token = skill.provider.opaqueToken();
    skill.provider.revoke(token);
    const answer = await turn(skill, intentRequest('OrderCar', { destination: 'work' }, { timestamp: NOW, accessToken: token }));
    expectCard(answer, 'link has expired or was removed');
  });

  it.each([
    ['the setting is off (Login with Amazon)', { LWA_CLIENT_ID }],
    ['the setting is "false"', { LWA_CLIENT_ID, VOICE_ACCOUNT_LINKING: 'false' }],
    ['JWT mode', { ...JWT_ENV, OAUTH_USERINFO_URL: undefined }],
  ])('is never sent when %s: the LinkAccount card', async (_, overrides) => {
    const skill = new SkillHarness(pki, overrides).serveChain();
    expectCard(await turn(skill, orderToTheOffice()), 'I sent a card to the Alexa app');
  });
});

describe('voice-forward account linking: the SessionResumedRequest, per documented status', () => {
  it('LINKED: the original request (OrderCar to the office) is answered with the new token, in the same session', async () => {
    const skill = new SkillHarness(pki, VOICE).serveChain();
    const token = await startLinking(skill);
    const accessToken = skill.provider.opaqueToken();
    const answer = await turn(skill, resumed(token, { status: 'LINKED' }, { accessToken }));
    expect(answer.speech).toContain('default work location, Contoso Tower');
    expect(answer.endsSession).toBe(false);
    expect(answer.attributes).toMatchObject({ kept: 'yes' });
    expect(answer.attributes).toHaveProperty('pending');
    expect(skill.provider.calls('tokeninfo')).toBe(1);
    expect(skill.logs.lines).toContainEqual(
      expect.objectContaining({ event: 'voice_linking_resumed', status: 'LINKED', code: '200', intent: 'OrderCar', rerun: true }),
    );
    expect(JSON.stringify(skill.logs.lines)).not.toContain(accessToken);

    // The ride is then confirmed as after any OrderCar.
    const yes = intentRequest('AMAZON.YesIntent', {}, { timestamp: NOW, accessToken, sessionId: SESSION.sessionId, attributes: answer.attributes });
    expect((await turn(skill, yes)).speech).toMatch(/minutes/);
    expect(skill.provider.rides).toHaveLength(1);
  });

  it.each([
    ['DENIED', { status: 'DENIED' }, '200', "won't link your account"],
    ['USER_REQUIREMENTS_NOT_MET', { status: 'USER_REQUIREMENTS_NOT_MET' }, '200', "couldn't link your account by voice"],
    ['ERROR (connection status 500)', undefined, '500', "couldn't link your account by voice"],
    ['UNKNOWN (a status Amazon does not document)', { status: 'SOMETHING_NEW' }, '200', "couldn't link your account by voice"],
  ])('%s: the LinkAccount card, nothing ordered', async (status, result, code, words) => {
    const skill = new SkillHarness(pki, VOICE).serveChain();
    const token = await startLinking(skill);
    expectCard(await turn(skill, resumed(token, result, { code })), words);
    expect(skill.provider.calls('profile')).toBe(0);
    expect(skill.logs.lines).toContainEqual(expect.objectContaining({ event: 'voice_linking_resumed', status: status.split(' ')[0], rerun: false }));
  });

  it('LINKED without a token in context.System.user: the card, never another StartConnection', async () => {
    const skill = new SkillHarness(pki, VOICE).serveChain();
    const token = await startLinking(skill);
    expectCard(await turn(skill, resumed(token, { status: 'LINKED' })), "couldn't link your account by voice");
  });

  it('LINKED with a token the provider refuses: the relink card (the gate runs on the resumed intent)', async () => {
    const skill = new SkillHarness(pki, VOICE).serveChain();
    const token = await startLinking(skill);
    const accessToken = skill.provider.opaqueToken();
    skill.provider.revoke(accessToken);
    expectCard(await turn(skill, resumed(token, { status: 'LINKED' }, { accessToken })), 'link has expired or was removed');
  });

  it('without the setting, a SessionResumedRequest with a voice-linking token answers nothing of the original intent', async () => {
    const skill = new SkillHarness(pki, { LWA_CLIENT_ID }).serveChain();
    const forged = 'ask-for-account-linking:{"i":"OrderCar","s":{"destination":"work"},"r":{}}';
    const answer = await turn(skill, resumed(forged, { status: 'LINKED' }, { accessToken: skill.provider.opaqueToken() }));
    expect(answer.speech).not.toContain('Contoso Tower');
  });
});

describe('VOICE_ACCOUNT_LINKING at startup', () => {
  it.each([
    ['opaque mode without LWA_CLIENT_ID', { VOICE_ACCOUNT_LINKING: 'true' }],
    ['JWT mode', { ...JWT_ENV, OAUTH_USERINFO_URL: undefined, VOICE_ACCOUNT_LINKING: 'true' }],
    ['a value that is not true or false', { LWA_CLIENT_ID, VOICE_ACCOUNT_LINKING: 'yes' }],
  ])('%s: HTTP 500 and config_invalid naming VOICE_ACCOUNT_LINKING', async (_, overrides) => {
    const skill = new SkillHarness(pki, overrides).serveChain();
    const res = await skill.send(envelopeFor({ type: 'LaunchRequest' }, { timestamp: NOW }, true));
    expect(res.status).toBe(500);
    expect(skill.logs.lines).toContainEqual(expect.objectContaining({ event: 'config_invalid', setting: 'VOICE_ACCOUNT_LINKING' }));
  });
});

describe('LWA_TOKENINFO_URL (local simulation of Login with Amazon)', () => {
  const LOCAL = 'http://localhost:8791/auth/o2/tokeninfo';

  it('asks the loopback tokeninfo instead of Amazon\'s, and voice-forward linking completes with it', async () => {
    const asked: string[] = [];
    outbound.onPrefix(`${LOCAL}?`, (request) => {
      asked.push(new URL(request.url).pathname);
      return Response.json({ aud: LWA_CLIENT_ID, exp: 3600 });
    });
    const skill = new SkillHarness(pki, { ...VOICE, LWA_TOKENINFO_URL: LOCAL }).serveChain();
    const token = await startLinking(skill);
    const answer = await turn(skill, resumed(token, { status: 'LINKED' }, { accessToken: skill.provider.opaqueToken() }));
    expect(answer.speech).toContain('Contoso Tower');
    expect(asked).toEqual(['/auth/o2/tokeninfo']);
    expect(skill.provider.calls('tokeninfo')).toBe(0);
  });

  it.each([
    ['a host that is not loopback', { LWA_CLIENT_ID, LWA_TOKENINFO_URL: 'https://tokeninfo.example/auth/o2/tokeninfo' }],
    ['no LWA_CLIENT_ID', { LWA_TOKENINFO_URL: LOCAL }],
  ])('%s: HTTP 500 and config_invalid naming LWA_TOKENINFO_URL', async (_, overrides) => {
    const skill = new SkillHarness(pki, overrides).serveChain();
    const res = await skill.send(envelopeFor({ type: 'LaunchRequest' }, { timestamp: NOW }, true));
    expect(res.status).toBe(500);
    expect(skill.logs.lines).toContainEqual(expect.objectContaining({ event: 'config_invalid', setting: 'LWA_TOKENINFO_URL' }));
  });
});
