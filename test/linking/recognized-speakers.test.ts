import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, intentRequest, launchRequest, skillEvent, USER_ID, type TestPki } from 'alexa-skill-workers/testing';
import { NOW } from '../support/harness.ts';
import { ANA_PERSON, BEN_PERSON, household as householdOf, pinResumed } from '../support/household.ts';
import { kvKeys } from '../support/kv.ts';
import { turn } from '../support/talk.ts';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

const household = () => householdOf(pki);

const tokKeys = async () => (await env.CACHE.list({ prefix: await kvKeys.userTokens(USER_ID) })).keys.map((k) => k.name).sort();

describe('recognized speakers (personalization with account linking)', () => {
  it('lets two people on one Alexa account each order a ride with their own payment method', async () => {
    const { skill, tokens, as } = household();
    const ana = { personId: ANA_PERSON, accessToken: tokens.ana };
    const ben = { personId: BEN_PERSON, accessToken: tokens.ben };

    const anaAsk = await turn(skill, intentRequest('OrderCar', { destination: 'work' }, as(ana)));
    expect(anaAsk.speech).toContain('Contoso Tower, paid with your Visa ending 4242');
    await turn(skill, intentRequest('AMAZON.YesIntent', {}, as(ana, anaAsk.attributes)));

    const benAsk = await turn(skill, intentRequest('OrderCar', { destination: 'work' }, as(ben)));
    expect(benAsk.speech).toContain('Fabrikam Campus, paid with your Mastercard ending 5454');
    const benYes = await turn(skill, intentRequest('AMAZON.YesIntent', {}, as(ben, benAsk.attributes)));
    expect(benYes.speech).toContain('Your ride to Fabrikam Campus is on its way');

    expect(skill.provider.rides.map((r) => r.token)).toEqual([tokens.ana, tokens.ben]);
  });

  it('caches each person\'s token under their own key, beside the user\'s prefix, and greets each by their own name', async () => {
    const { skill, tokens, as } = household();
    const ana = { personId: ANA_PERSON, accessToken: tokens.ana };
    const ben = { personId: BEN_PERSON, accessToken: tokens.ben };
    await turn(skill, intentRequest('OrderCar', { destination: 'work' }, as(ana)));

    expect(await tokKeys()).toEqual([await kvKeys.token(USER_ID, tokens.ana, ANA_PERSON)]);
    expect((await turn(skill, launchRequest(as(ana)))).speech).toContain('Welcome back to Ride Hailer, Ana.');
    // Ben's token is not cached yet: no name, and never Ana's.
    const benLaunch = await turn(skill, launchRequest(as(ben)));
    expect(benLaunch.speech).not.toContain('Ana');
    expect(benLaunch.speech).not.toContain('Welcome back');

    await turn(skill, intentRequest('OrderCar', { destination: 'work' }, as(ben)));
    expect((await turn(skill, launchRequest(as(ben)))).speech).toContain('Welcome back to Ride Hailer, Ben.');
    expect(await tokKeys()).toEqual(
      [await kvKeys.token(USER_ID, tokens.ana, ANA_PERSON), await kvKeys.token(USER_ID, tokens.ben, BEN_PERSON)].sort(),
    );
    // Ana's own token spoken with Ben's personId is Ben's entry, not Ana's cached one.
    await turn(skill, launchRequest(as({ personId: BEN_PERSON, accessToken: tokens.ana })));
    expect(await tokKeys()).toHaveLength(2);
  });

  it('gives a recognized speaker without a personal link the shared account, as Amazon\'s table says', async () => {
    const { skill, tokens, as } = household();
    const recognized = { personId: ANA_PERSON };
    const ask = await turn(skill, intentRequest('OrderCar', { destination: 'work' }, as(recognized)));
    expect(ask.speech).toContain('Amex ending 1005');
    await turn(skill, intentRequest('AMAZON.YesIntent', {}, as(recognized, ask.attributes)));
    expect(skill.provider.rides.map((r) => r.token)).toEqual([tokens.shared]);
    expect(await tokKeys()).toEqual([await kvKeys.token(USER_ID, tokens.shared)]);
    expect((await turn(skill, launchRequest(as(recognized)))).speech).toContain('Welcome back to Ride Hailer, Household.');
  });

  it('gives an unrecognized speaker the shared account, and a LinkAccount card when there is none', async () => {
    const { skill, tokens, as } = household();
    const ask = await turn(skill, intentRequest('OrderCar', { destination: 'work' }, as(undefined)));
    expect(ask.speech).toContain('Amex ending 1005');
    const yes = await turn(skill, intentRequest('AMAZON.YesIntent', {}, as(undefined, ask.attributes)));
    expect(yes.speech).toContain('on its way');
    expect(skill.provider.rides.map((r) => r.token)).toEqual([tokens.shared]);

    const unlinked = await turn(skill, intentRequest('OrderCar', { destination: 'work' }, { timestamp: NOW, person: { personId: BEN_PERSON } }));
    expect(unlinked.card?.type).toBe('LinkAccount');
  });

  it('SkillDisabled removes every person\'s entries too, in KV and in memory', async () => {
    const { skill, tokens, as } = household();
    const ana = { personId: ANA_PERSON, accessToken: tokens.ana };
    const ben = { personId: BEN_PERSON, accessToken: tokens.ben };
    for (const person of [ana, ben, undefined]) await turn(skill, intentRequest('OrderCar', { destination: 'work' }, as(person)));
    expect(await tokKeys()).toHaveLength(3);

    await turn(skill, skillEvent('AlexaSkillEvent.SkillDisabled', { timestamp: NOW }, { userInformationPersistenceStatus: 'PERSISTED' }));
    expect(await tokKeys()).toEqual([]);
    const calls = skill.provider.calls('userinfo');
    expect((await turn(skill, launchRequest(as(ana)))).speech).not.toContain('Ana');
    await turn(skill, intentRequest('OrderCar', { destination: 'work' }, as(ana)));
    expect(skill.provider.calls('userinfo')).toBe(calls + 1);
  });
});

describe('the confidence level a ride order needs (policy: 300 for AMAZON.YesIntent)', () => {
  async function lowConfidenceOrder() {
    const h = household();
    const ana = { personId: ANA_PERSON, accessToken: h.tokens.ana, confidence: 200 };
    const ask = await turn(h.skill, intentRequest('OrderCar', { destination: 'work' }, h.as(ana)));
    expect(ask.speech).toContain('Visa ending 4242');
    const yes = await turn(h.skill, intentRequest('AMAZON.YesIntent', {}, h.as(ana, ask.attributes)));
    return { ...h, ana, ask, yes };
  }

  it('asks Alexa for the speaker\'s profile PIN instead of ordering, keeping the session', async () => {
    const { skill, yes } = await lowConfidenceOrder();
    expect(yes.body.response.directives).toEqual([{
      type: 'Connections.StartConnection',
      uri: 'connection://AMAZON.VerifyPerson/2',
      input: { requestedAuthenticationConfidenceLevel: { level: 400, customPolicy: { policyName: 'VOICE_PIN' } } },
      token: 'ride-hailer.pin-for-order',
      onCompletion: 'RESUME_SESSION',
    }]);
    expect(yes.speech).toBe('');
    expect(yes.card).toBeUndefined();
    expect(yes.attributes.pending).toEqual({
      destination: 'work', label: 'Contoso Tower', quotedTo: { level: 'person', id: expect.stringMatching(/^[0-9a-f]{64}$/) as string },
    });
    expect(skill.provider.rides).toEqual([]);
  });

  it('treats a person-level token without a level as below the minimum', async () => {
    const { skill, tokens, as } = household();
    const ana = { personId: ANA_PERSON, accessToken: tokens.ana, confidence: null };
    const ask = await turn(skill, intentRequest('OrderCar', { destination: 'work' }, as(ana)));
    const yes = await turn(skill, intentRequest('AMAZON.YesIntent', {}, as(ana, ask.attributes)));
    expect(yes.body.response.directives?.[0]).toMatchObject({ uri: 'connection://AMAZON.VerifyPerson/2' });
  });

  it('orders with the speaker\'s own account once Alexa confirmed the PIN', async () => {
    const { skill, tokens, as, ana, yes } = await lowConfidenceOrder();
    const resumed = await turn(skill, pinResumed(as({ ...ana, confidence: 400 }, yes.attributes), 'ACHIEVED'));
    expect(resumed.speech).toContain('Your ride to Contoso Tower is on its way');
    expect(skill.provider.rides.map((r) => r.token)).toEqual([tokens.ana]);
  });

  it.each([
    ['NOT_ACHIEVED', '200', "That PIN didn't match"],
    ['NOT_ENABLED', '200', 'add a profile PIN for skills'],
    [undefined, '500', "I couldn't confirm who's speaking"],
  ])('orders nothing when the PIN confirmation ends %s (status %s)', async (status, code, said) => {
    const { skill, as, ana, yes } = await lowConfidenceOrder();
    const resumed = await turn(skill, pinResumed(as(ana, yes.attributes), status, code));
    expect(resumed.speech).toContain(said);
    expect(resumed.endsSession).toBe(true);
    expect(skill.provider.rides).toEqual([]);
  });

  it('holds only a person\'s own account to it: the shared account orders without a PIN', async () => {
    const { skill, tokens, as } = household();
    const recognized = { personId: ANA_PERSON, confidence: 100 };
    const ask = await turn(skill, intentRequest('OrderCar', { destination: 'work' }, as(recognized)));
    const yes = await turn(skill, intentRequest('AMAZON.YesIntent', {}, as(recognized, ask.attributes)));
    expect(yes.speech).toContain('on its way');
    expect(skill.provider.rides.map((r) => r.token)).toEqual([tokens.shared]);
  });

  it('lets a recognized voice (300) order with the person\'s own account without a PIN', async () => {
    const { skill, tokens, as } = household();
    const ana = { personId: ANA_PERSON, accessToken: tokens.ana, confidence: 300 };
    const ask = await turn(skill, intentRequest('OrderCar', { destination: 'work' }, as(ana)));
    const yes = await turn(skill, intentRequest('AMAZON.YesIntent', {}, as(ana, ask.attributes)));
    expect(yes.body.response.directives).toBeUndefined();
    expect(skill.provider.rides.map((r) => r.token)).toEqual([tokens.ana]);
  });
});
