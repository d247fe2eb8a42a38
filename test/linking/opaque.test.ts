import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, intentRequest, type TestPki } from 'alexa-skill-workers/testing';
import { NOW, SkillHarness } from '../support/harness.ts';
import { hangRecording } from '../support/outbound.ts';
import { LWA_CLIENT_ID } from '../support/provider.ts';
import { turn } from '../support/talk.ts';

/**
 * Ride Hailer's answers to an opaque token (OAUTH_USERINFO_URL) the provider refuses or cannot
 * judge, and what its profile API may answer. How the kit validates opaque and Login with Amazon
 * tokens is the kit's own test (packages/alexa-skill-workers/test/linking/opaque.test.ts).
 */
let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

const order = (accessToken: string) =>
  intentRequest('OrderCar', { destination: 'work' }, { timestamp: NOW, accessToken });

describe('opaque access tokens (validated by the userinfo endpoint)', () => {
  it('accepts a token the provider answers 200 for, calling userinfo and the profile once each', async () => {
    const skill = new SkillHarness(pki).serveChain();
    const answer = await turn(skill, order(skill.provider.opaqueToken()));
    expect(answer.speech).toContain('Contoso Tower');
    expect(skill.provider.calls('userinfo')).toBe(1);
    expect(skill.provider.calls('profile')).toBe(1);
    expect(skill.provider.calls('tokeninfo')).toBe(0);
  });

  it.each([401, 403])('refuses a token the provider answers %i for: relink card, session ends', async (status) => {
    const skill = new SkillHarness(pki).serveChain();
    skill.provider.override('userinfo', () => Response.json({ error: 'invalid_token' }, { status }));
    const answer = await turn(skill, order(skill.provider.opaqueToken()));
    expect(answer.card).toEqual({ type: 'LinkAccount' });
    expect(answer.speech).toContain('link has expired or was removed');
    expect(answer.endsSession).toBe(true);
  });

  it.each([
    ['userinfo answers 500', 'userinfo', () => new Response('down', { status: 500 })],
    ['the profile answers 500', 'profile', () => new Response('down', { status: 500 })],
    ['the profile is not JSON', 'profile', () => new Response('{not json')],
    ['the profile is a JSON array', 'profile', () => Response.json([1, 2])],
    ['the profile is too large', 'profile', () => new Response(`{"x":"${'a'.repeat(70_000)}"}`)],
  ] as const)('speaks "can\'t reach Ride Hailer" when %s, with no card and no HTTP error', async (_, endpoint, route) => {
    const skill = new SkillHarness(pki).serveChain();
    skill.provider.override(endpoint, route);
    const answer = await turn(skill, order(skill.provider.opaqueToken()));
    expect(answer.speech).toContain("can't reach Ride Hailer right now");
    expect(answer.card).toBeUndefined();
    expect(answer.endsSession).toBe(true);
  });

  it('gives up on a provider that does not answer within PROVIDER_TIMEOUT_MS', async () => {
    const skill = new SkillHarness(pki, { PROVIDER_TIMEOUT_MS: '150' }).serveChain();
    const userinfo = hangRecording();
    skill.provider.override('userinfo', userinfo.route);
    const answer = await turn(skill, order(skill.provider.opaqueToken()));
    expect(answer.speech).toContain("can't reach Ride Hailer right now");
    // Given up by the provider call's own timer (PROVIDER_TIMEOUT_MS), not by a deadline above it.
    expect(userinfo.abortReasons).toEqual([expect.objectContaining({ name: 'TimeoutError' })]);
  });
});

describe('Login with Amazon (LWA_CLIENT_ID set): the token audience is checked with tokeninfo', () => {
  const lwa = { LWA_CLIENT_ID };

  it('accepts a token issued to this client', async () => {
    const skill = new SkillHarness(pki, lwa).serveChain();
    const answer = await turn(skill, order(skill.provider.opaqueToken()));
    expect(answer.speech).toContain('Contoso Tower');
    expect(skill.provider.calls('tokeninfo')).toBe(1);
  });

  it('refuses a valid Amazon token issued to another client, and the profile API never sees it', async () => {
    const skill = new SkillHarness(pki, lwa).serveChain();
    const token = skill.provider.opaqueToken(undefined, { audience: 'amzn1.application-oa2-client.SOMEONE-ELSE' });
    const answer = await turn(skill, order(token));
    expect(answer.card).toEqual({ type: 'LinkAccount' });
    expect(skill.provider.calls('profile')).toBe(0);
  });
});
