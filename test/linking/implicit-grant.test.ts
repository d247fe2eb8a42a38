import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, intentRequest, type TestPki } from 'alexa-skill-workers/testing';
import { NOW, SkillHarness } from '../support/harness.ts';
import { JWT_ENV, LWA_CLIENT_ID } from '../support/provider.ts';
import { turn, type Turn } from '../support/talk.ts';

/**
 * An access token from the implicit grant cannot be refreshed: Alexa gets no refresh token
 * (RFC 6749 §4.2.2) and keeps sending the token after it expires, so the skill must answer an
 * expired token with the relink message and a LinkAccount card ("Configure an Implicit Grant",
 * https://developer.amazon.com/en-US/docs/alexa/account-linking/configure-implicit-grant.html; the
 * card: https://developer.amazon.com/docs/account-linking/add-account-linking-logic-custom-skill.html).
 * The request carries the token in `context.System.user.accessToken` whichever grant issued it, so
 * the skill cannot tell the grants apart, and needs no setting for either: these tests give it the
 * token an implicit link produced, let the clock pass its expiry, and hear the relink answer.
 */
let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

const HOUR = 3_600_000;
const order = (accessToken: string, timestamp: Date) => intentRequest('OrderCar', { destination: 'work' }, { timestamp, accessToken });

function expectRelink(answer: Turn): void {
  expect(answer.card).toEqual({ type: 'LinkAccount' });
  expect(answer.speech).toContain('link has expired or was removed');
  expect(answer.endsSession).toBe(true);
}

describe('the implicit grant: an expired token is answered with the relink message', () => {
  it('JWT mode: valid for its hour, then (same isolate, token cached) the relink card once exp has passed', async () => {
    const skill = new SkillHarness(pki, { ...JWT_ENV, OAUTH_USERINFO_URL: undefined }).serveChain();
    const token = await skill.provider.jwt(NOW); // exp = NOW + 1 h, as the demo's implicit tokens
    expect((await turn(skill, order(token, NOW))).speech).toContain('Contoso Tower');

    skill.now = new Date(NOW.getTime() + HOUR + 1000);
    const profileCalls = skill.provider.calls('profile');
    expectRelink(await turn(skill, order(token, skill.now)));
    expect(skill.provider.calls('profile')).toBe(profileCalls);
  });

  it('opaque mode with Login with Amazon: the cached validation ends at the token\'s expiry, then the relink card', async () => {
    const skill = new SkillHarness(pki, { LWA_CLIENT_ID }).serveChain();
    const token = skill.provider.opaqueToken(undefined, { expiresIn: 3600 });
    expect((await turn(skill, order(token, NOW))).speech).toContain('Contoso Tower');

    skill.provider.revoke(token); // the provider refuses it from its expiry on
    skill.now = new Date(NOW.getTime() + HOUR + 1000);
    expectRelink(await turn(skill, order(token, skill.now)));
  });

  it('opaque mode (userinfo): a token the provider refuses once expired gets the relink card', async () => {
    const skill = new SkillHarness(pki).serveChain();
    const token = skill.provider.opaqueToken();
    skill.provider.revoke(token);
    expectRelink(await turn(skill, order(token, NOW)));
    expect(skill.provider.calls('userinfo')).toBe(1);
  });
});
