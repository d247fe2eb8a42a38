import { beforeAll, describe, expect, it, vi } from 'vitest';
import { JwtValidator } from '../../src/linking.ts';
import { createTestPki, intentRequest, type TestPki } from '../../src/testing.ts';
import { KitHarness, NOW } from '../support/harness.ts';
import { probeKv } from '../support/kv.ts';
import { outbound } from '../support/outbound.ts';
import { AUDIENCE, FakeProvider, ISSUER, profileApi, URLS } from '../support/provider.ts';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

const CONCURRENT = 20;
const greet = (accessToken: string) => intentRequest('GreetIntent', {}, { timestamp: NOW, accessToken });

/** An isolate validating JWTs against the provider's JWKS, kept in `kv`; its profile from the profile API. */
function jwtIsolate(kv = probeKv()) {
  const validator = () => new JwtValidator({ jwksUrl: URLS.jwks, issuer: ISSUER, audience: AUDIENCE, kv: kv.kv });
  return new KitHarness(pki, { kv: kv.kv, validator, accounts: { profile: profileApi() } });
}

/**
 * `CONCURRENT` distinct valid tokens (distinct `jti`), so no two requests share a validation.
 * Signed one after another: the fake provider creates its key pair on first use.
 */
async function newTokens(provider: FakeProvider, header: { kid?: string } = {}): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < CONCURRENT; i++) tokens.push(await provider.jwt(NOW, { jti: `t${i}` }, header));
  return tokens;
}

describe('the JWKS under concurrency (requests started together)', () => {
  it(`fetches the JWKS once when ${CONCURRENT} new tokens reach a cold isolate at the same moment`, async () => {
    const provider = new FakeProvider().install();
    const kv = probeKv();
    const kit = jwtIsolate(kv);
    const tokens = await newTokens(provider);
    const answers = await Promise.all(tokens.map((token) => kit.turn(greet(token))));
    for (const answer of answers) expect(answer.speech).toBe('Hello, Ana.');
    expect(outbound.count(URLS.jwks)).toBe(1);
    expect(kv.ops.filter((op) => op.startsWith('get jwks:'))).toHaveLength(1);
    expect(kv.ops.filter((op) => op.startsWith('put jwks:'))).toHaveLength(1);
  });

  it(`refetches once when ${CONCURRENT} tokens with a new kid arrive together after the 30 s cooldown`, async () => {
    const provider = new FakeProvider().install();
    const kv = probeKv();
    const kit = jwtIsolate(kv);
    await kit.turn(greet(await provider.jwt(NOW)));
    expect(outbound.count(URLS.jwks)).toBe(1);
    // The provider rotates its key's kid; jose's cooldown reads Date.now(), so that clock moves on.
    provider.kid = 'key-2';
    const tokens = await newTokens(provider);
    const later = Date.now() + 31_000;
    vi.spyOn(Date, 'now').mockReturnValue(later);
    const answers = await Promise.all(tokens.map((token) => kit.turn(greet(token))));
    for (const answer of answers) expect(answer.speech).toBe('Hello, Ana.');
    expect(outbound.count(URLS.jwks)).toBe(2);
    expect(kv.ops.filter((op) => op.startsWith('put jwks:'))).toHaveLength(2);
  });

  it(`does not refetch for ${CONCURRENT} unknown kids arriving together inside the cooldown`, async () => {
    const provider = new FakeProvider().install();
    const kit = jwtIsolate();
    await kit.turn(greet(await provider.jwt(NOW)));
    const tokens = await newTokens(provider, { kid: 'unknown' });
    const answers = await Promise.all(tokens.map((token) => kit.turn(greet(token))));
    for (const answer of answers) expect(answer.card).toBe('LinkAccount');
    expect(outbound.count(URLS.jwks)).toBe(1);
  });

  it(`reads the JWKS from KV once in a new isolate, and downloads nothing, for ${CONCURRENT} new tokens together`, async () => {
    const provider = new FakeProvider().install();
    const kv = probeKv();
    const first = jwtIsolate(kv);
    await first.turn(greet(await provider.jwt(NOW)));
    expect(outbound.count(URLS.jwks)).toBe(1);
    kv.ops.length = 0;

    const second = jwtIsolate(kv);
    const answers = await Promise.all((await newTokens(provider)).map((token) => second.turn(greet(token))));
    for (const answer of answers) expect(answer.speech).toBe('Hello, Ana.');
    expect(outbound.count(URLS.jwks)).toBe(1);
    expect(kv.ops.filter((op) => op.startsWith('get jwks:'))).toHaveLength(1);
    expect(kv.ops.filter((op) => op.startsWith('put jwks:'))).toEqual([]);
  });
});
