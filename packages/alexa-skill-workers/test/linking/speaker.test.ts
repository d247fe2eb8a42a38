import { describe, expect, it } from 'vitest';
import type { RequestEnvelope } from 'ask-sdk-model';
import { credentialsOf } from '../../src/ask-sdk/speaker.ts';
import type { HandlerInput } from 'ask-sdk-core';
import { linkingGate, linkingPolicy, missingConfidence, requiresLinking } from '../../src/ask-sdk/linking-gate.ts';
import { resumeToken } from '../../src/ask-sdk/voice-linking.ts';
import { USER_ID, intentRequest, launchRequest, sessionResumedRequest } from '../../src/testing/envelopes.ts';
import { ConfigError } from '../../src/core/options.ts';

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

describe('linkingPolicy resumptions: a SessionResumedRequest gated as the intent it continues', () => {
  const policy = linkingPolicy({ linkedIntents: ['A', 'B'], minConfidence: { B: 300 }, resumptions: { 'pin-for-b': 'B' } });
  const input = (envelope: object) => ({ requestEnvelope: envelope }) as unknown as HandlerInput;
  const resumed = (token: string | undefined) =>
    input(sessionResumedRequest({ token, result: { status: 'ACHIEVED' } }, { timestamp: NOW, person: { personId: 'P', accessToken: 'own', confidence: 200 } }));

  it('gates the resumption its token names, as that intent', () => {
    expect(policy.resumptions).toEqual(new Map([['pin-for-b', 'B']]));
    expect(requiresLinking(policy, resumed('pin-for-b'))).toBe(true);
  });

  it.each([
    ['another connection\'s token', 'pin-for-c'],
    ['no token', undefined],
    ['a voice-forward linking token (its rerun intent is gated instead)', resumeToken({ intent: 'B', slots: {}, ids: {} })],
  ])('leaves a resumption with %s to its own handler', (_, token) => {
    expect(requiresLinking(policy, resumed(token))).toBe(false);
  });

  it('holds only IntentRequests to minConfidence: a resumption is the outcome of asking for more', () => {
    const intent = input(intentRequest('B', {}, { timestamp: NOW, person: { personId: 'P', accessToken: 'own', confidence: 200 } }));
    expect(missingConfidence(policy, intent)).toBe(300);
    expect(missingConfidence(policy, resumed('pin-for-b'))).toBeUndefined();
  });

  it('refuses a resumption of an intent that is not linked', () => {
    const build = () => linkingPolicy({ linkedIntents: ['A'], resumptions: { 'pin-for-c': 'C' } });
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(/pin-for-c resumes C, which is not a linked intent/);
    expect(linkingPolicy({ linkedIntents: ['A'] }).resumptions.size).toBe(0);
  });
});
