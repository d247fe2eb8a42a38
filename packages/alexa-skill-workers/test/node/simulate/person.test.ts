import { describe, expect, it } from 'vitest';
import { personIdFor, setTokensFor, speakerFor, takePerson, tokensFor } from '../../../src/cli/simulate/person.ts';
import type { SimulatorState } from '../../../src/cli/simulate/state.ts';

const state = (): SimulatorState => ({ userId: 'amzn1.ask.account.SIMULATORA', deviceId: 'd', session: undefined, tokens: undefined });
const TOKENS = { accessToken: 'own', refreshToken: 'r', expiresAt: 0, grant: 'code' as const };

describe('simulator: --person (a recognized speaker)', () => {
  it.each([
    [['--person', 'Ben', 'OrderCar', 'destination=work'], ['OrderCar', 'destination=work'], 'ben'],
    [['link', '--person', 'ben'], ['link'], 'ben'],
    [['yes'], ['yes'], undefined],
  ])('reads %j', (input, words, person) => {
    expect(takePerson(input)).toEqual({ words, person });
  });

  it.each([[['--person']], [['yes', '--person', '--implicit']]])('refuses %j without a name', (input) => {
    expect(() => takePerson(input)).toThrow(/--person needs a name/);
  });

  it('gives each name a stable personId of its own, per Alexa account', () => {
    const ana = personIdFor('amzn1.ask.account.A', 'ana');
    expect(ana).toMatch(/^amzn1\.ask\.person\.SIMULATOR[0-9A-F]{40}$/);
    expect(personIdFor('amzn1.ask.account.A', 'ana')).toBe(ana);
    expect(personIdFor('amzn1.ask.account.A', 'ben')).not.toBe(ana);
    expect(personIdFor('amzn1.ask.account.B', 'ana')).not.toBe(ana);
  });

  it('sends the person\'s own token once linked, none before (the shared account is used), at a recognized voice\'s level', () => {
    const s = state();
    s.tokens = { ...TOKENS, accessToken: 'shared' };
    expect(speakerFor(s, undefined)).toBeUndefined();
    expect(speakerFor(s, 'ben')).toEqual({ personId: personIdFor(s.userId, 'ben'), confidence: 300 });
    setTokensFor(s, 'ben', TOKENS);
    expect(speakerFor(s, 'ben')).toEqual({ personId: personIdFor(s.userId, 'ben'), accessToken: 'own', confidence: 300 });
    expect(tokensFor(s, 'ben')).toBe(TOKENS);
    expect(tokensFor(s, undefined)?.accessToken).toBe('shared');
    expect(tokensFor(s, 'ana')).toBeUndefined();
  });
});
