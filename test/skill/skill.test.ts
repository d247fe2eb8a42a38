import type { ResponseEnvelope } from 'ask-sdk-model';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, intentRequest, launchRequest, sessionEndedRequest, skillEvent, type TestPki } from 'alexa-skill-workers/testing';
import { NOW, SkillHarness } from '../support/harness.ts';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

async function ask(envelope: object): Promise<{ skill: SkillHarness; body: ResponseEnvelope }> {
  const skill = new SkillHarness(pki).serveChain();
  const res = await skill.send(envelope);
  expect(res.status).toBe(200);
  return { skill, body: await res.json<ResponseEnvelope>() };
}

const speech = (body: ResponseEnvelope) => (body.response.outputSpeech as { ssml?: string } | undefined)?.ssml ?? '';
const at = { timestamp: NOW };

describe('Ride Hailer skill', () => {
  it('welcomes the user on launch and says what they can ask, keeping the session open', async () => {
    const { body } = await ask(launchRequest(at));
    expect(speech(body)).toContain('Welcome to Ride Hailer');
    expect(speech(body)).toContain('ride to work');
    expect(body.response.shouldEndSession).toBe(false);
    expect(body.response.reprompt).toBeDefined();
  });

  describe('OrderCar needs a linked account', () => {
    it('without a token: says why linking helps, sends a LinkAccount card and ends the session', async () => {
      const { body } = await ask(intentRequest('OrderCar', { destination: 'work' }, at));
      expect(speech(body)).toContain('link your Ride Hailer account');
      expect(speech(body)).toContain('Alexa app');
      expect(body.response.card).toEqual({ type: 'LinkAccount' });
      expect(body.response.shouldEndSession).toBe(true);
    });

    it('with an empty token: the same as no token', async () => {
      const { body } = await ask(intentRequest('OrderCar', { destination: 'work' }, { ...at, accessToken: '' }));
      expect(body.response.card).toEqual({ type: 'LinkAccount' });
      expect(speech(body)).toContain('link your Ride Hailer account');
    });

    it('with a token the provider refuses: says the link expired, with the LinkAccount card', async () => {
      const { body } = await ask(
        intentRequest('OrderCar', { destination: 'work' }, { ...at, accessToken: 'Atza|revoked-token' }),
      );
      expect(speech(body)).toContain('link has expired or was removed');
      expect(speech(body)).not.toContain('Ordering');
      expect(body.response.card).toEqual({ type: 'LinkAccount' });
      expect(body.response.shouldEndSession).toBe(true);
    });
  });

  describe('RideHailerAvailabilityByCity is public', () => {
    it.each([
      ['Seattle', 'Yes, Ride Hailer offers a full range of services in Seattle'],
      ['new york', 'Yes, Ride Hailer offers a full range of services in New York'],
      ['  BOSTON ', 'Yes, Ride Hailer is available in Boston'],
    ])('answers for %j from the catalogue without a token', async (city, expected) => {
      const { body } = await ask(intentRequest('RideHailerAvailabilityByCity', { city }, at));
      expect(speech(body)).toContain(expected);
      expect(body.response.card).toBeUndefined();
      expect(body.response.shouldEndSession).toBe(true);
    });

    it('answers the same with a token, and never validates it', async () => {
      const { body } = await ask(
        intentRequest('RideHailerAvailabilityByCity', { city: 'Seattle' }, { ...at, accessToken: 'Atza|x' }),
      );
      expect(speech(body)).toContain('services in Seattle');
      expect(body.response.card).toBeUndefined();
    });

    // Amazon's own Ride Hailer example ("Account Linking for Custom Skills"): "what services are
    // available in Dallas" is answered "Ride Hailer offers a full range of services in Dallas".
    it("answers Amazon's Dallas example as Amazon's page does", async () => {
      const { body } = await ask(intentRequest('RideHailerAvailabilityByCity', { city: 'Dallas' }, at));
      expect(speech(body)).toBe(
        '<speak>Yes, Ride Hailer offers a full range of services in Dallas: standard, XL, or accessible rides, usually within 5 minutes.</speak>',
      );
    });

    it('says kindly that an unknown city is not served yet', async () => {
      const { body } = await ask(intentRequest('RideHailerAvailabilityByCity', { city: 'Reykjavik' }, at));
      expect(speech(body)).toContain("isn't available in Reykjavik yet");
    });

    it('asks for the city when the slot is empty', async () => {
      const { body } = await ask(intentRequest('RideHailerAvailabilityByCity', {}, at));
      expect(speech(body)).toContain('Which city');
      expect(body.response.shouldEndSession).toBe(false);
    });
  });

  it('helps, keeping the session open', async () => {
    const { body } = await ask(intentRequest('AMAZON.HelpIntent', {}, at));
    expect(speech(body)).toContain('get me a ride to work');
    expect(body.response.shouldEndSession).toBe(false);
  });

  it.each(['AMAZON.StopIntent', 'AMAZON.CancelIntent', 'AMAZON.NavigateHomeIntent'])('%s says goodbye and ends the session', async (name) => {
    const { body } = await ask(intentRequest(name, {}, at));
    expect(speech(body)).toContain('Goodbye');
    expect(body.response.shouldEndSession).toBe(true);
  });

  it('falls back with what the skill can do', async () => {
    const { body } = await ask(intentRequest('AMAZON.FallbackIntent', {}, at));
    expect(speech(body)).toContain("can't help with that");
    expect(body.response.shouldEndSession).toBe(false);
  });

  it('answers SessionEndedRequest with an empty response', async () => {
    const { body } = await ask(sessionEndedRequest(at));
    expect(body.response).toEqual({});
  });

  it.each([
    'AlexaSkillEvent.SkillEnabled',
    'AlexaSkillEvent.SkillDisabled',
    'AlexaSkillEvent.SkillAccountLinked',
    'AlexaSkillEvent.SkillPermissionAccepted',
    'AlexaSkillEvent.SkillPermissionChanged',
  ])('accepts %s with an empty response', async (type) => {
    const { skill, body } = await ask(skillEvent(type, at));
    expect(body.response).toEqual({});
    expect(skill.logs.lines).toContainEqual(expect.objectContaining({ event: 'skill_event', type }));
  });

  it('answers an intent it does not know with a short apology, logged with a code, not a 500', async () => {
    const { skill, body } = await ask(intentRequest('SomeoneElsesIntent', {}, at));
    expect(speech(body)).toContain('Sorry, something went wrong');
    expect(body.response.shouldEndSession).toBe(true);
    expect(skill.logs.lines).toContainEqual(
      expect.objectContaining({ event: 'skill_error', code: 'INTERNAL_ERROR', requestType: 'IntentRequest' }),
    );
  });

  it('answers a request type it does not know with a short apology', async () => {
    const { body } = await ask(skillEvent('Messaging.MessageReceived', at));
    expect(speech(body)).toContain('Sorry');
  });

  it('falls back to en-US for a language it does not speak', async () => {
    const { body } = await ask(launchRequest({ ...at, locale: 'nl-NL' }));
    expect(speech(body)).toContain('Welcome to Ride Hailer');
  });
});
