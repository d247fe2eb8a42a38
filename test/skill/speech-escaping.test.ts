import type { ResponseEnvelope } from 'ask-sdk-model';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCALE_NAMES, stringsFor } from '../../src/skill/i18n/index.ts';
import { createTestPki, intentRequest, launchRequest, type TestPki } from 'alexa-skill-workers/testing';
import { NOW, SkillHarness } from '../support/harness.ts';
import { asSpoken, elementsWrittenIn, parseSsml } from '../support/ssml.ts';
import { turn } from '../support/talk.ts';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

const NAME = 'Tom & Jerry';
const WORK = 'AT&T Tower <North>';
const PAYMENT = 'Visa <audio src="https://evil.example/x.mp3"/>';
const GYM = "gym & 'spa'";
const HOSTILE = {
  id: 'user-eve',
  name: NAME,
  defaultLocations: { work: { label: WORK }, [GYM]: { label: 'Fit "&" Well' } },
  paymentMethod: { label: PAYMENT },
};

const at = (accessToken: string, attributes?: Record<string, unknown>) => ({ timestamp: NOW, accessToken, attributes });
const reprompt = (body: ResponseEnvelope) => (body.response.reprompt?.outputSpeech as { ssml?: string } | undefined)?.ssml ?? '';

const WRITTEN = elementsWrittenIn(stringsFor('en-US'));

/** SSML parsed as XML, holding no element the strings did not write themselves; returns what it says. */
function spoken(ssml: string): string {
  const parsed = parseSsml(ssml);
  expect(parsed.elements.filter((name) => !WRITTEN.has(name))).toEqual([]);
  return parsed.text;
}

describe('data from the profile and slots is spoken, never parsed as SSML', () => {
  it('OrderCar and Yes say a place label with & and <…>, and a payment label holding an <audio> tag', async () => {
    const skill = new SkillHarness(pki).serveChain();
    const token = skill.provider.opaqueToken(HOSTILE);

    const ask = await turn(skill, intentRequest('OrderCar', { destination: 'work' }, at(token)));
    expect(spoken(ask.speech)).toContain(`default work location, ${WORK}, paid with your ${PAYMENT}, right?`);
    expect(spoken(reprompt(ask.body))).toContain(`Should I order your ride to ${WORK}?`);

    const yes = await turn(skill, intentRequest('AMAZON.YesIntent', {}, at(token, ask.attributes)));
    expect(spoken(yes.speech)).toContain(`Your ride to ${WORK} is on its way`);
  });

  it('Launch greets a cached user whose name holds an &', async () => {
    const skill = new SkillHarness(pki).serveChain();
    const token = skill.provider.opaqueToken(HOSTILE);
    await turn(skill, intentRequest('OrderCar', { destination: 'work' }, at(token)));
    const launch = await turn(skill, launchRequest(at(token)));
    expect(spoken(launch.speech)).toContain(`Welcome back to Ride Hailer, ${NAME}.`);
    spoken(reprompt(launch.body));
  });

  it('OrderCar names an unknown destination and the saved places, both with & and <', async () => {
    const skill = new SkillHarness(pki).serveChain();
    const token = skill.provider.opaqueToken(HOSTILE);
    const answer = await turn(skill, intentRequest('OrderCar', { destination: 'the <moon> & back' }, at(token)));
    const text = spoken(answer.speech);
    expect(text).toContain('a saved place called the <moon> & back in your Ride Hailer profile');
    expect(text).toContain(`You can go to work or ${GYM}, `);
    spoken(reprompt(answer.body));
  });

  it.each(['constructor', '__proto__'])('OrderCar treats a destination named %s (an Object property) as no saved place', async (name) => {
    const skill = new SkillHarness(pki).serveChain();
    const answer = await turn(skill, intentRequest('OrderCar', { destination: name }, at(skill.provider.opaqueToken())));
    const text = spoken(answer.speech);
    expect(text).toContain(`a saved place called ${name} in your Ride Hailer profile`);
    expect(text).not.toContain('undefined');
    expect(answer.attributes.pending).toBeUndefined();
  });

  it('OrderCar finds and names a saved place whose key is "__proto__"', async () => {
    const skill = new SkillHarness(pki).serveChain();
    const profile = JSON.parse('{"defaultLocations":{"__proto__":{"label":"Proto Plaza"},"work":{"label":"Contoso Tower"}}}') as object;
    const token = skill.provider.opaqueToken(profile);
    const found = await turn(skill, intentRequest('OrderCar', { destination: '__proto__' }, at(token)));
    expect(spoken(found.speech)).toContain('default __proto__ location, Proto Plaza, right?');
    const unknown = await turn(skill, intentRequest('OrderCar', { destination: 'gym' }, at(token)));
    expect(spoken(unknown.speech)).toContain('You can go to __proto__ or work, ');
  });

  it('availability repeats an unknown city with < and & in it', async () => {
    const skill = new SkillHarness(pki).serveChain();
    const answer = await turn(skill, intentRequest('RideHailerAvailabilityByCity', { city: 'Springfield <East> & Co' }, { timestamp: NOW }));
    expect(spoken(answer.speech)).toContain("Ride Hailer isn't available in Springfield <East> & Co yet");
  });
});

describe('in every locale, data from the profile and slots is spoken, never parsed as SSML', () => {
  const UNKNOWN = 'the <moon> & back';
  const CITY = 'Springfield <East> & Co';

  it.each(LOCALE_NAMES)('%s: OrderCar, Yes, Launch, an unknown place and an unknown city', async (locale) => {
    const written = elementsWrittenIn(stringsFor(locale));
    /** Parsed as XML, holding no element this locale's strings did not write; returns what it says. */
    const said = (ssml: string) => {
      const parsed = parseSsml(ssml);
      expect(parsed.elements.filter((name) => !written.has(name))).toEqual([]);
      return parsed.text;
    };
    const skill = new SkillHarness(pki).serveChain();
    const token = skill.provider.opaqueToken(HOSTILE);
    const inLocale = (attributes?: Record<string, unknown>) => ({ ...at(token, attributes), locale });

    const ask = await turn(skill, intentRequest('OrderCar', { destination: 'work' }, inLocale()));
    expect(said(ask.speech)).toContain(WORK);
    expect(said(ask.speech)).toContain(PAYMENT);
    expect(said(reprompt(ask.body))).toContain(WORK);

    const yes = await turn(skill, intentRequest('AMAZON.YesIntent', {}, inLocale(ask.attributes)));
    expect(said(yes.speech)).toContain(WORK);

    const launch = await turn(skill, launchRequest(inLocale()));
    expect(said(launch.speech)).toContain(NAME);
    said(reprompt(launch.body));

    const unknown = await turn(skill, intentRequest('OrderCar', { destination: UNKNOWN }, inLocale()));
    expect(said(unknown.speech)).toContain(asSpoken(UNKNOWN));
    expect(said(unknown.speech)).toContain(GYM);
    said(reprompt(unknown.body));

    const city = await turn(skill, intentRequest('RideHailerAvailabilityByCity', { city: CITY }, { timestamp: NOW, locale }));
    expect(said(city.speech)).toContain(CITY);
  });
});
