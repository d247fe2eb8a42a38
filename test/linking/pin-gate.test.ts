import { generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, intentRequest, type EnvelopeOptions, type TestPki } from 'alexa-skill-workers/testing';
import { stringsFor } from '../../src/skill/i18n/index.ts';
import { NOW, SkillHarness } from '../support/harness.ts';
import { ANA_PERSON, household, pinResumed } from '../support/household.ts';
import { JWT_ENV, LWA_CLIENT_ID, type FakeRideHailer } from '../support/provider.ts';
import { turn, type Turn } from '../support/talk.ts';

// The SessionResumedRequest after a PIN confirmation (Amazon, "Add PIN Confirmation to Alexa
// Skills") carries the token of the turn it resumes, like any request: it is gated and validated
// as the Yes it continues, never trusted because the PIN matched.
// https://developer.amazon.com/en-US/docs/alexa/custom-skills/pin-confirmation-for-alexa-skills.html

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

const s = stringsFor('en-US');
const speak = (text: string) => `<speak>${text}</speak>`;
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** Ana, recognized below the policy's level with her own JWT, quotes a ride and says yes: Alexa is asked for her PIN. */
async function pinAsked(skill: SkillHarness) {
  const own = { personId: ANA_PERSON, accessToken: await skill.provider.jwt(NOW), confidence: 200 };
  const as = (attributes?: Record<string, unknown>): EnvelopeOptions => ({ timestamp: NOW, person: own, attributes });
  const ask = await turn(skill, intentRequest('OrderCar', { destination: 'work' }, as()));
  expect(ask.speech).toContain('Contoso Tower, paid with your Visa ending 4242');
  const yes = await turn(skill, intentRequest('AMAZON.YesIntent', {}, as(ask.attributes)));
  expect(yes.body.response.directives?.[0]).toMatchObject({ uri: 'connection://AMAZON.VerifyPerson/2' });
  return yes.attributes;
}

function expectRelinkCard(answer: Turn, speech: string, provider: FakeRideHailer): void {
  expect(answer.speech).toBe(speak(speech));
  expect(answer.card).toEqual({ type: 'LinkAccount' });
  expect(answer.endsSession).toBe(true);
  expect(provider.calls('rides')).toBe(0);
}

const jwtSkill = () => new SkillHarness(pki, { ...JWT_ENV, OAUTH_USERINFO_URL: undefined }).serveChain();

describe('a PIN confirmation\'s SessionResumedRequest passes the gate a Yes passes', () => {
  it.each([
    ['expired', (p: FakeRideHailer) => p.jwt(NOW, { iat: seconds(NOW) - 7200, exp: seconds(NOW) - 3600 })],
    ['signed with a key the provider never published', async (p: FakeRideHailer) => p.jwt(NOW, {}, { key: (await generateKeyPair('RS256')).privateKey })],
  ])('ACHIEVED with a person JWT that is %s: the relink card, and no order is sent', async (_, tokenOf) => {
    const skill = jwtSkill();
    const attributes = await pinAsked(skill);
    const bad = await tokenOf(skill.provider);
    const resumed = await turn(skill, pinResumed({ timestamp: NOW, person: { personId: ANA_PERSON, accessToken: bad, confidence: 400 }, attributes }, 'ACHIEVED'));
    expectRelinkCard(resumed, s.linking.invalid, skill.provider);
    expect(skill.provider.rides).toEqual([]);
  });

  it('ACHIEVED with no token at all: the LinkAccount card, and no request with an empty bearer', async () => {
    const skill = jwtSkill();
    const attributes = await pinAsked(skill);
    const resumed = await turn(skill, pinResumed({ timestamp: NOW, person: { personId: ANA_PERSON, confidence: 400 }, attributes }, 'ACHIEVED'));
    expectRelinkCard(resumed, s.linking.required, skill.provider);
  });

  it('ACHIEVED with no token when voice-forward linking is on: the LinkAccount card (there is no intent to resume by voice)', async () => {
    const { skill, tokens } = household(pki, { LWA_CLIENT_ID, VOICE_ACCOUNT_LINKING: 'true' });
    const own = { personId: ANA_PERSON, accessToken: tokens.ana, confidence: 200 };
    const ask = await turn(skill, intentRequest('OrderCar', { destination: 'work' }, { timestamp: NOW, person: own }));
    const yes = await turn(skill, intentRequest('AMAZON.YesIntent', {}, { timestamp: NOW, person: own, attributes: ask.attributes }));
    const resumed = await turn(skill, pinResumed({ timestamp: NOW, person: { personId: ANA_PERSON, confidence: 400 }, attributes: yes.attributes }, 'ACHIEVED'));
    expectRelinkCard(resumed, s.linking.required, skill.provider);
  });

  it.each([
    ['ACHIEVED, nothing pending', 'ACHIEVED', false],
    ['NOT_ACHIEVED', 'NOT_ACHIEVED', true],
  ])('is stopped by the gate before its handler runs (%s, no token): the LinkAccount card', async (_, status, withPending) => {
    const skill = jwtSkill();
    const attributes = withPending ? await pinAsked(skill) : {};
    const resumed = await turn(skill, pinResumed({ timestamp: NOW, person: { personId: ANA_PERSON, confidence: 400 }, attributes }, status));
    expectRelinkCard(resumed, s.linking.required, skill.provider);
  });

  it('ACHIEVED with a valid token orders with it, validated once like any token', async () => {
    const skill = jwtSkill();
    const attributes = await pinAsked(skill);
    const token = await skill.provider.jwt(NOW, { jti: 'refreshed' });
    const resumed = await turn(skill, pinResumed({ timestamp: NOW, person: { personId: ANA_PERSON, accessToken: token, confidence: 400 }, attributes }, 'ACHIEVED'));
    expect(resumed.speech).toContain('Your ride to Contoso Tower is on its way');
    expect(skill.provider.rides.map((r) => r.token)).toEqual([token]);
  });
});
