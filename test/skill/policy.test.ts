import { describe, expect, it } from 'vitest';
import policySource from '../../src/skill/policy.ts?raw';
import { PIN_TOKEN } from '../../src/skill/pin-confirmation.ts';
import { LINKING_POLICY } from '../../src/skill/policy.ts';
import { linkedIntentsInPolicySource } from '../../tools/skill-package/policy-source.ts';

// The package checks and certify read the policy's text (Node alone cannot load the kit's
// `alexa-skill-workers/…` specifiers); the skill runs the policy itself. They must agree.
describe('the linking policy, as the tools read it', () => {
  it('is the set the running skill gates', () => {
    expect(linkedIntentsInPolicySource(policySource)).toEqual(LINKING_POLICY.linkedIntents);
    expect(LINKING_POLICY.linkedIntents).toEqual(new Set(['OrderCar', 'AMAZON.YesIntent']));
  });

  it('asks a recognized voice (300) before a ride is ordered on a person\'s own account, and nothing more', () => {
    expect(LINKING_POLICY.minConfidence).toEqual(new Map([['AMAZON.YesIntent', 300]]));
  });

  it('gates the PIN confirmation\'s resumption as the Yes it continues', () => {
    expect(LINKING_POLICY.resumptions).toEqual(new Map([[PIN_TOKEN, 'AMAZON.YesIntent']]));
  });

  it('reads any list of intents, and refuses a policy without the literal', () => {
    expect(linkedIntentsInPolicySource("linkingPolicy({ linkedIntents: ['A', 'B.C'] })")).toEqual(new Set(['A', 'B.C']));
    expect(linkedIntentsInPolicySource('linkedIntents: []')).toEqual(new Set());
    expect(() => linkedIntentsInPolicySource(policySource.replace('linkedIntents:', 'intents:'))).toThrow(/linkedIntents/);
  });
});
