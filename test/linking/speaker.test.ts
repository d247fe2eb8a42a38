import { describe, expect, it } from 'vitest';
import type { RequestEnvelope } from 'ask-sdk-model';
import { credentialsOf } from '../../packages/alexa-skill-workers/src/ask-sdk/speaker.ts';
import { linkingGate, linkingPolicy } from '../../packages/alexa-skill-workers/src/ask-sdk/linking-gate.ts';
import { USER_ID, launchRequest } from '../../packages/alexa-skill-workers/src/testing/envelopes.ts';
import { ConfigError } from '../../packages/alexa-skill-workers/src/settings.ts';

const NOW = new Date('2026-06-01T12:00:00Z');
const envelope = (accessToken: string | undefined, person?: Record<string, unknown>) => {
  const json = launchRequest({ timestamp: NOW, accessToken }) as { context: { System: Record<string, unknown> } };
  if (person) json.context.System.person = person;
  return json as unknown as RequestEnvelope;
};

describe('credentialsOf (Amazon, "Use Personalization With or Without Account Linking")', () => {
  it.each([
    ['a person with their own token', envelope('shared', { personId: 'P', accessToken: 'own', authenticationConfidenceLevel: { level: 300 } }),
      { token: 'own', level: 'person', owner: { userId: USER_ID, personId: 'P' }, speaker: { personId: 'P', confidence: 300 } }],
    ['a person without a personal link', envelope('shared', { personId: 'P', authenticationConfidenceLevel: { level: 300 } }),
      { token: 'shared', level: 'account', owner: { userId: USER_ID }, speaker: { personId: 'P', confidence: 300 } }],
    ['a person whose token is empty', envelope('shared', { personId: 'P', accessToken: '' }),
      { token: 'shared', level: 'account', owner: { userId: USER_ID }, speaker: { personId: 'P', confidence: undefined } }],
    ['an unrecognized speaker', envelope('shared'), { token: 'shared', level: 'account', owner: { userId: USER_ID }, speaker: undefined }],
    ['nobody linked', envelope(undefined), { token: undefined, level: 'account', owner: { userId: USER_ID }, speaker: undefined }],
    ['a level sent as text', envelope(undefined, { personId: 'P', authenticationConfidenceLevel: { level: '400' } }),
      { speaker: { personId: 'P', confidence: 400 } }],
    ['a level that is no number', envelope(undefined, { personId: 'P', authenticationConfidenceLevel: { level: 'high' } }),
      { speaker: { personId: 'P', confidence: undefined } }],
    ['a person object without a personId', envelope('shared', { accessToken: 'own' }), { token: 'shared', level: 'account', speaker: undefined }],
  ])('reads %s', (_, request, expected) => {
    expect(credentialsOf(request)).toMatchObject({ userId: USER_ID, ...expected });
  });
});

describe('linkingPolicy minConfidence', () => {
  it('keeps the level of each linked intent named', () => {
    const policy = linkingPolicy({ linkedIntents: ['A', 'B'], minConfidence: { B: 300 } });
    expect(policy.minConfidence).toEqual(new Map([['B', 300]]));
    expect(linkingPolicy({ linkedIntents: ['A'] }).minConfidence.size).toBe(0);
  });

  it.each([
    [{ C: 300 }, /C is not a linked intent/],
    [{ A: 0 }, /positive integer/],
    [{ A: 2.5 }, /positive integer/],
  ])('refuses %o', (minConfidence, message) => {
    const build = () => linkingPolicy({ linkedIntents: ['A'], minConfidence });
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(message);
  });
});

describe('linkingGate with a minConfidence', () => {
  it('refuses a policy that asks a level without a lowConfidence answer', () => {
    const policy = linkingPolicy({ linkedIntents: ['A'], minConfidence: { A: 300 } });
    const respond = () => ({});
    expect(() => linkingGate({ policy, respond })).toThrow(ConfigError);
    expect(() => linkingGate({ policy, respond, lowConfidence: respond })).not.toThrow();
    expect(() => linkingGate({ policy: linkingPolicy({ linkedIntents: ['A'] }), respond })).not.toThrow();
  });
});
