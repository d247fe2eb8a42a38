import { beforeAll, describe, expect, it } from 'vitest';
import { GIVEN_NAME_PERMISSION } from 'alexa-skill-workers/ask-sdk';
import { createTestPki, intentRequest, USER_ID, type EnvelopeOptions, type FakeAlexaUser, type TestPki } from 'alexa-skill-workers/testing';
import { stringsFor } from '../../src/skill/i18n/index.ts';
import { LOCALES } from '../../src/skill/i18n/locales.ts';
import { CONSENT_PERMISSIONS } from '../../src/skill/permissions.ts';
import { ANA_PERSON, household } from '../support/household.ts';
import { NOW, SkillHarness } from '../support/harness.ts';
import { outbound } from '../support/outbound.ts';
import { turn } from '../support/talk.ts';

// Amazon, "Request Customer Contact Information for Use in Your Skill": the given name needs
// alexa::profile:given_name:read, declared in skill.json; without it the API answers 403 and the
// skill sends an AskForPermissionsConsent card naming the permission.
// https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-customer-contact-information-for-use-in-your-skill.html

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

const GRANTED: FakeAlexaUser = { userId: USER_ID, givenName: 'Ana', permissions: [GIVEN_NAME_PERMISSION] };

/** Quotes a ride to work and says Yes, with the Alexa account `user` behind the request. */
async function orderWithAlexaUser(user: FakeAlexaUser | undefined, more: Partial<EnvelopeOptions> = {}, skill = new SkillHarness(pki).serveChain()) {
  if (user) skill.alexa.user(user);
  const token = skill.provider.opaqueToken();
  const options: EnvelopeOptions = { timestamp: NOW, accessToken: token, apiAccessToken: skill.alexa.token({ userId: USER_ID }), ...more };
  const { attributes } = await turn(skill, intentRequest('OrderCar', { destination: 'work' }, options));
  const answer = await turn(skill, intentRequest('AMAZON.YesIntent', {}, { ...options, attributes }));
  return { skill, answer };
}

const consentCard = { type: 'AskForPermissionsConsent', permissions: [GIVEN_NAME_PERMISSION] };

describe('the rider\'s first name when a ride is ordered', () => {
  it('is said when the account granted it; no card', async () => {
    const { skill, answer } = await orderWithAlexaUser(GRANTED);
    expect(answer.speech).toContain('Done, Ana. Your ride to Contoso Tower is on its way');
    expect(answer.card).toBeUndefined();
    expect(skill.provider.rides).toHaveLength(1);
    expect(skill.alexa.calls.map((c) => [c.api, c.status])).toContainEqual(['Profile.givenName', 200]);
  });

  it('without the permission: the ride is ordered, the AskForPermissionsConsent card asks for it, not an apology', async () => {
    const { skill, answer } = await orderWithAlexaUser({ ...GRANTED, permissions: [] });
    expect(answer.speech).toContain('Done. Your ride to Contoso Tower is on its way');
    expect(answer.speech).toContain(stringsFor('en-US').order.nameConsent);
    expect(answer.card).toEqual(consentCard);
    expect(answer.endsSession).toBe(true);
    expect(skill.provider.rides).toHaveLength(1);
    expect(skill.logs.lines).toContainEqual(expect.objectContaining({ event: 'alexa_api_failed', api: 'Profile.givenName', code: 'ALEXA_API_FORBIDDEN', level: 'info' }));
  });

  it('a recognized speaker\'s own name, with their own consent (Person Profile API), not the account\'s', async () => {
    const { skill, tokens, as } = household(pki);
    skill.alexa.user({ ...GRANTED, givenName: 'Household', persons: { [ANA_PERSON]: { givenName: 'Ana', permissions: [GIVEN_NAME_PERMISSION] } } });
    const person = { personId: ANA_PERSON, accessToken: tokens.ana, confidence: 300 };
    const apiAccessToken = skill.alexa.token({ userId: USER_ID, personId: ANA_PERSON });
    const { attributes } = await turn(skill, intentRequest('OrderCar', { destination: 'work' }, { ...as(person), apiAccessToken }));
    const answer = await turn(skill, intentRequest('AMAZON.YesIntent', {}, { ...as(person, attributes), apiAccessToken }));
    expect(answer.speech).toContain('Done, Ana.');
    expect(skill.alexa.calls.map((c) => c.api)).toContain('Person.givenName');
    expect(skill.alexa.calls.map((c) => c.api)).not.toContain('Profile.givenName');
  });

  it('a recognized speaker who has not granted it gets the card, even when the account has', async () => {
    const { skill, tokens, as } = household(pki);
    skill.alexa.user({ ...GRANTED, persons: { [ANA_PERSON]: { givenName: 'Ana' } } });
    const person = { personId: ANA_PERSON, accessToken: tokens.ana, confidence: 300 };
    const apiAccessToken = skill.alexa.token({ userId: USER_ID, personId: ANA_PERSON });
    const { attributes } = await turn(skill, intentRequest('OrderCar', { destination: 'work' }, { ...as(person), apiAccessToken }));
    const answer = await turn(skill, intentRequest('AMAZON.YesIntent', {}, { ...as(person, attributes), apiAccessToken }));
    expect(answer.speech).toContain('Done. Your ride');
    expect(answer.card).toEqual(consentCard);
  });

  it('is said as data: markup in a name is escaped', async () => {
    const { answer } = await orderWithAlexaUser({ ...GRANTED, givenName: 'Ana <break time="3s"/> & co' });
    expect(answer.speech).toContain('Done, Ana &lt;break time=&quot;3s&quot;/&gt; &amp; co.');
  });

  it.each([401, 429, 500, 'garbage', 'hang'] as const)('when Alexa fails (%s): the ride is ordered and confirmed without a name or a card', async (failure) => {
    const skill = new SkillHarness(pki).serveChain();
    skill.alexa.user(GRANTED);
    skill.alexa.failWith = failure;
    const { answer: failed } = await orderWithAlexaUser(undefined, {}, skill);
    expect(failed.speech).toContain('Done. Your ride to Contoso Tower is on its way');
    expect(failed.card).toBeUndefined();
    expect(skill.provider.rides).toHaveLength(1);
  });

  it('no apiAccessToken, or an apiEndpoint that is not Amazon\'s: no call, the ride confirmed without a name', async () => {
    for (const more of [{ apiAccessToken: null }, { apiEndpoint: 'https://alexa.example' }]) {
      const { skill, answer } = await orderWithAlexaUser(GRANTED, more);
      expect(answer.speech).toContain('Done. Your ride');
      expect(answer.card).toBeUndefined();
      expect(skill.alexa.calls).toEqual([]);
    }
    expect(outbound.requests.filter((line) => line.includes('alexa.example'))).toEqual([]);
  });

  it('a replayed Yes reads nothing again: it gets the first answer', async () => {
    const skill = new SkillHarness(pki).serveChain();
    skill.alexa.user(GRANTED);
    const token = skill.provider.opaqueToken();
    const options: EnvelopeOptions = { timestamp: NOW, accessToken: token, apiAccessToken: skill.alexa.token({ userId: USER_ID }) };
    const { attributes } = await turn(skill, intentRequest('OrderCar', { destination: 'work' }, options));
    const yes = intentRequest('AMAZON.YesIntent', {}, { ...options, attributes });
    const first = await turn(skill, yes);
    const reads = skill.alexa.calls.length;
    expect((await turn(skill, yes)).body).toEqual(first.body);
    expect(skill.alexa.calls).toHaveLength(reads);
  });

  it.each(LOCALES)('%s says the name and points to the card', (locale) => {
    const s = stringsFor(locale);
    expect(s.order.placed('Contoso Tower', 7, 'Ana')).toContain('Ana');
    expect(s.order.placed('Contoso Tower', 7, undefined)).not.toContain('Ana');
    expect(s.order.nameConsent.length).toBeGreaterThan(10);
    expect(s.oneMoment.length).toBeGreaterThan(5);
  });
});

describe('the permissions the skill asks for', () => {
  it('are the kit\'s given-name scope, which the package rule checks against skill.json', () => {
    expect(CONSENT_PERMISSIONS).toEqual([GIVEN_NAME_PERMISSION]);
  });
});
