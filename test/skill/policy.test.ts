import type { HandlerInput } from 'ask-sdk-core';
import { intentRequest } from 'alexa-skill-workers/testing';
import { describe, expect, it } from 'vitest';
import project from '../../package.json';
import { PIN_TOKEN } from '../../src/skill/pin-confirmation.ts';
import { CONSENT_PERMISSIONS } from '../../src/skill/permissions.ts';
import { HANDLERS, LINKING_POLICY } from '../../src/skill/policy.ts';
import { NOW } from '../support/harness.ts';

/** Every intent name a model of the skill declares, and the ones package.json lists. */
const models = import.meta.glob<{ interactionModel: { languageModel: { intents: { name: string }[] } } }>('../../skill-package/interactionModels/custom/*.json', { eager: true, import: 'default' });
const { policy } = project['alexa-skill-workers'];
const candidates = new Set([
  ...Object.values(models).flatMap((m) => m.interactionModel.languageModel.intents.map((i) => i.name)),
  ...policy.handledIntents, ...policy.linkedIntents,
  // Built-ins a handler might answer without the model declaring them.
  ...['AMAZON.YesIntent', 'AMAZON.NoIntent', 'AMAZON.PauseIntent', 'AMAZON.ResumeIntent', 'AMAZON.RepeatIntent', 'AMAZON.StartOverIntent', 'AMAZON.NextIntent', 'AMAZON.PreviousIntent'],
]);
/** Whether one of the running skill's handlers answers an IntentRequest for `name` (their canHandle reads only the envelope). */
const handled = async (name: string) => {
  const input = { requestEnvelope: intentRequest(name, {}, { timestamp: NOW }) } as unknown as HandlerInput;
  for (const handler of HANDLERS) if (await handler.canHandle(input)) return true;
  return false;
};

// `alexa-skill-workers check` and `certify` read the skill's policy from package.json's
// "alexa-skill-workers" section, never from its source; the skill runs LINKING_POLICY and HANDLERS.
// They must agree.
describe('the linking policy, as package.json declares it for the command line', () => {
  it('gates the intents the running skill gates', () => {
    expect(new Set(policy.linkedIntents)).toEqual(LINKING_POLICY.linkedIntents);
    expect(LINKING_POLICY.linkedIntents).toEqual(new Set(['OrderCar', 'AMAZON.YesIntent']));
  });

  it('lists exactly the intents the running skill\'s handlers answer', async () => {
    const answered = [];
    for (const name of candidates) if (await handled(name)) answered.push(name);
    expect(new Set(policy.handledIntents)).toEqual(new Set(answered));
  });

  it('says the skill reads recognized speakers exactly when the policy asks a confidence level', () => {
    expect(policy.recognizedSpeakers).toBe(LINKING_POLICY.minConfidence.size > 0);
  });

  it('lists exactly the permissions the running skill asks for with a consent card', () => {
    expect(policy.consentPermissions).toEqual([...CONSENT_PERMISSIONS]);
  });

  it('asks a recognized voice (300) before a ride is ordered on a person\'s own account, and nothing more', () => {
    expect(LINKING_POLICY.minConfidence).toEqual(new Map([['AMAZON.YesIntent', 300]]));
  });

  it('gates the PIN confirmation\'s resumption as the Yes it continues', () => {
    expect(LINKING_POLICY.resumptions).toEqual(new Map([[PIN_TOKEN, 'AMAZON.YesIntent']]));
  });
});
