import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, intentRequest, USER_ID, type TestPki } from 'alexa-skill-workers/testing';
import { stringsFor } from '../../src/skill/i18n/index.ts';
import { ANA_PERSON, BEN_PERSON, HOUSEHOLD, household as householdOf, pinResumed } from '../support/household.ts';
import { NOW } from '../support/harness.ts';
import { ANA, BEN } from '../support/provider.ts';
import { turn } from '../support/talk.ts';

// A ride is quoted to one speaker (their saved place, their card) and confirmed on the next turn;
// Alexa recognizes the speaker of every turn on its own, so the Yes may come from someone else.
// Amazon, "Use Personalization With or Without Account Linking":
// https://developer.amazon.com/en-US/docs/alexa/custom-skills/personalization-and-account-linking.html

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

const s = stringsFor('en-US');
const speak = (text: string) => `<speak>${text}</speak>`;

function household() {
  const h = householdOf(pki);
  return {
    ...h,
    ana: (confidence = 300) => ({ personId: ANA_PERSON, accessToken: h.tokens.ana, confidence }),
    ben: (confidence = 300) => ({ personId: BEN_PERSON, accessToken: h.tokens.ben, confidence }),
  };
}

const order = (destination: string) => ['OrderCar', { destination }] as const;
const yes = ['AMAZON.YesIntent', {}] as const;

describe('a ride order belongs to the speaker it was quoted to', () => {
  it('Ben\'s quote confirmed by an unrecognized speaker orders nothing: the household hears its own place and card', async () => {
    const { skill, tokens, as, ben } = household();
    const benAsk = await turn(skill, intentRequest(...order('work'), as(ben())));
    expect(benAsk.speech).toContain('Fabrikam Campus, paid with your Mastercard ending 5454');

    const strangerYes = await turn(skill, intentRequest(...yes, as(undefined, benAsk.attributes)));
    expect(skill.provider.rides).toEqual([]);
    expect(strangerYes.speech).toBe(speak(`${s.order.quotedToSomeoneElse} ${s.order.confirm('work', 'Contoso Tower', 'Amex ending 1005')}`));
    expect(strangerYes.endsSession).toBe(false);

    const confirmed = await turn(skill, intentRequest(...yes, as(undefined, strangerYes.attributes)));
    expect(confirmed.speech).toContain('Your ride to Contoso Tower is on its way');
    expect(skill.provider.rides.map((r) => r.token)).toEqual([tokens.shared]);
  });

  it('the household\'s quote confirmed by Ben does not charge Ben\'s card: Ben hears his own quote first', async () => {
    const { skill, tokens, as, ben } = household();
    const ask = await turn(skill, intentRequest(...order('work'), as(undefined)));
    expect(ask.speech).toContain('Contoso Tower, paid with your Amex ending 1005');

    const benYes = await turn(skill, intentRequest(...yes, as(ben(), ask.attributes)));
    expect(skill.provider.rides).toEqual([]);
    expect(benYes.speech).toBe(speak(`${s.order.quotedToSomeoneElse} ${s.order.confirm('work', 'Fabrikam Campus', 'Mastercard ending 5454')}`));

    const confirmed = await turn(skill, intentRequest(...yes, as(ben(), benYes.attributes)));
    expect(confirmed.speech).toContain('Your ride to Fabrikam Campus is on its way');
    expect(skill.provider.rides.map((r) => r.token)).toEqual([tokens.ben]);
  });

  it('a speaker whose profile has no such place hears why, and nothing stays pending', async () => {
    const { skill, as, ana, ben } = household();
    const anaAsk = await turn(skill, intentRequest(...order('home'), as(ana())));
    expect(anaAsk.speech).toContain('Maple Street');

    const benYes = await turn(skill, intentRequest(...yes, as(ben(), anaAsk.attributes)));
    expect(skill.provider.rides).toEqual([]);
    expect(benYes.speech).toBe(speak(`${s.order.quotedToSomeoneElse} ${s.order.unknownPlace('home', Object.keys(BEN.defaultLocations))}`));
    expect(benYes.attributes).not.toHaveProperty('pending');

    const again = await turn(skill, intentRequest(...yes, as(ben(), benYes.attributes)));
    expect(again.speech).toContain("There's no ride waiting for a yes");
    expect(skill.provider.rides).toEqual([]);
  });

  it('the same speaker after relinking to another account is quoted again; a refreshed token of the same account orders', async () => {
    const { skill, as, ana } = household();
    const anaAsk = await turn(skill, intentRequest(...order('work'), as(ana())));

    const relinked = skill.provider.opaqueToken({ ...BEN, id: 'user-ana-second-account', name: 'Ana' });
    const afterRelink = await turn(skill, intentRequest(...yes, as({ ...ana(), accessToken: relinked }, anaAsk.attributes)));
    expect(skill.provider.rides).toEqual([]);
    expect(afterRelink.speech).toContain(s.order.quotedToSomeoneElse);
    expect(afterRelink.speech).toContain('Fabrikam Campus');

    const refreshed = skill.provider.opaqueToken(ANA);
    const afterRefresh = await turn(skill, intentRequest(...yes, as({ ...ana(), accessToken: refreshed }, anaAsk.attributes)));
    expect(afterRefresh.speech).toContain('Your ride to Contoso Tower is on its way');
    expect(skill.provider.rides.map((r) => r.token)).toEqual([refreshed]);
  });

  it('a recognized speaker without a personal link is the household: the shared account\'s quote is theirs to confirm', async () => {
    const { skill, tokens, as } = household();
    const ask = await turn(skill, intentRequest(...order('work'), as(undefined)));
    const anaYes = await turn(skill, intentRequest(...yes, as({ personId: ANA_PERSON }, ask.attributes)));
    expect(anaYes.speech).toContain('Your ride to Contoso Tower is on its way');
    expect(skill.provider.rides.map((r) => r.token)).toEqual([tokens.shared]);
  });

  it('a PIN confirmation that resumes with another speaker orders nothing: it quotes for them', async () => {
    const { skill, as, ana, ben } = household();
    const anaAsk = await turn(skill, intentRequest(...order('work'), as(ana(200))));
    const anaYes = await turn(skill, intentRequest(...yes, as(ana(200), anaAsk.attributes)));
    expect(anaYes.body.response.directives?.[0]).toMatchObject({ uri: 'connection://AMAZON.VerifyPerson/2' });

    const resumed = await turn(skill, pinResumed(as(ben(400), anaYes.attributes), 'ACHIEVED'));
    expect(skill.provider.rides).toEqual([]);
    expect(resumed.speech).toBe(speak(`${s.order.quotedToSomeoneElse} ${s.order.confirm('work', 'Fabrikam Campus', 'Mastercard ending 5454')}`));
  });

  it('below the confidence level, a quote made to someone else is quoted again before any PIN is asked', async () => {
    const { skill, as, ben } = household();
    const ask = await turn(skill, intentRequest(...order('work'), as(undefined)));
    const benYes = await turn(skill, intentRequest(...yes, as(ben(200), ask.attributes)));
    expect(benYes.body.response.directives).toBeUndefined();
    expect(benYes.speech).toContain('Mastercard ending 5454');

    const benAgain = await turn(skill, intentRequest(...yes, as(ben(200), benYes.attributes)));
    expect(benAgain.body.response.directives?.[0]).toMatchObject({ uri: 'connection://AMAZON.VerifyPerson/2' });
    expect(skill.provider.rides).toEqual([]);
  });

  it('keeps whom it was quoted to as a link level and a hash: no token, no Alexa or Ride Hailer ID in the session', async () => {
    const { skill, tokens, as, ben } = household();
    const benAsk = await turn(skill, intentRequest(...order('work'), as(ben())));
    const sharedAsk = await turn(skill, intentRequest(...order('work'), as(undefined)));
    const quoted = (attributes: Record<string, unknown>) => (attributes.pending as { quotedTo?: { level: string; id: string } }).quotedTo;

    expect(quoted(benAsk.attributes)).toEqual({ level: 'person', id: expect.stringMatching(/^[0-9a-f]{64}$/) as string });
    expect(quoted(sharedAsk.attributes)).toEqual({ level: 'account', id: expect.stringMatching(/^[0-9a-f]{64}$/) as string });
    expect(quoted(benAsk.attributes)?.id).not.toBe(quoted(sharedAsk.attributes)?.id);
    const session = JSON.stringify([benAsk.body, sharedAsk.body]);
    for (const secret of [tokens.ben, tokens.shared, BEN_PERSON, USER_ID, BEN.id, HOUSEHOLD.id]) expect(session).not.toContain(secret);
  });
});
