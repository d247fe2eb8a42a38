import { beforeAll, describe, expect, it, vi } from 'vitest';
import { intentRequest } from '../../packages/alexa-skill-workers/src/testing/envelopes.ts';
import { createTestPki, type TestPki } from '../../packages/alexa-skill-workers/src/testing/pki.ts';
import { NOW, SkillHarness } from '../support/harness.ts';
import { probeKv } from '../support/kv.ts';
import { outbound } from '../support/outbound.ts';
import { JWT_ENV, URLS, type FakeRideHailer } from '../support/provider.ts';
import { turn } from '../support/talk.ts';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

const CONCURRENT = 20;
const order = (accessToken: string) => intentRequest('OrderCar', { destination: 'work' }, { timestamp: NOW, accessToken });

function jwtIsolate(provider?: FakeRideHailer, kv = probeKv()) {
  return new SkillHarness(pki, { ...JWT_ENV, OAUTH_USERINFO_URL: undefined, CACHE: kv.kv }, provider).serveChain();
}

/**
 * `CONCURRENT` distinct valid tokens (distinct `jti`), so no two requests share a validation.
 * Signed one after another: the fake provider creates its key pair on first use.
 */
async function newTokens(provider: FakeRideHailer, header: { kid?: string } = {}): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < CONCURRENT; i++) tokens.push(await provider.jwt(NOW, { jti: `t${i}` }, header));
  return tokens;
}

describe('the JWKS under concurrency (requests started together)', () => {
  it(`fetches the JWKS once when ${CONCURRENT} new tokens reach a cold isolate at the same moment`, async () => {
    const kv = probeKv();
    const skill = jwtIsolate(undefined, kv);
    const tokens = await newTokens(skill.provider);
    const answers = await Promise.all(tokens.map((token) => turn(skill, order(token))));
    for (const answer of answers) expect(answer.speech).toContain('Contoso Tower');
    expect(outbound.count(URLS.jwks)).toBe(1);
    expect(kv.ops.filter((op) => op.startsWith('get jwks:'))).toHaveLength(1);
    expect(kv.ops.filter((op) => op.startsWith('put jwks:'))).toHaveLength(1);
  });

  it(`refetches once when ${CONCURRENT} tokens with a new kid arrive together after the 30 s cooldown`, async () => {
    const kv = probeKv();
    const skill = jwtIsolate(undefined, kv);
    await turn(skill, order(await skill.provider.jwt(NOW)));
    expect(outbound.count(URLS.jwks)).toBe(1);
    // The provider rotates its key's kid; jose's cooldown reads Date.now(), so that clock moves on.
    skill.provider.kid = 'key-2';
    const tokens = await newTokens(skill.provider);
    const later = Date.now() + 31_000;
    vi.spyOn(Date, 'now').mockReturnValue(later);
    const answers = await Promise.all(tokens.map((token) => turn(skill, order(token))));
    for (const answer of answers) expect(answer.speech).toContain('Contoso Tower');
    expect(outbound.count(URLS.jwks)).toBe(2);
    expect(kv.ops.filter((op) => op.startsWith('put jwks:'))).toHaveLength(2);
  });

  it(`does not refetch for ${CONCURRENT} unknown kids arriving together inside the cooldown`, async () => {
    const skill = jwtIsolate();
    await turn(skill, order(await skill.provider.jwt(NOW)));
    const tokens = await newTokens(skill.provider, { kid: 'unknown' });
    const answers = await Promise.all(tokens.map((token) => turn(skill, order(token))));
    for (const answer of answers) expect(answer.card).toEqual({ type: 'LinkAccount' });
    expect(outbound.count(URLS.jwks)).toBe(1);
  });

  it(`reads the JWKS from KV once in a new isolate, and downloads nothing, for ${CONCURRENT} new tokens together`, async () => {
    const kv = probeKv();
    const first = jwtIsolate(undefined, kv);
    await turn(first, order(await first.provider.jwt(NOW)));
    expect(outbound.count(URLS.jwks)).toBe(1);
    kv.ops.length = 0;

    const second = jwtIsolate(first.provider, kv);
    const answers = await Promise.all((await newTokens(first.provider)).map((token) => turn(second, order(token))));
    for (const answer of answers) expect(answer.speech).toContain('Contoso Tower');
    expect(outbound.count(URLS.jwks)).toBe(1);
    expect(kv.ops.filter((op) => op.startsWith('get jwks:'))).toHaveLength(1);
    expect(kv.ops.filter((op) => op.startsWith('put jwks:'))).toEqual([]);
  });
});
