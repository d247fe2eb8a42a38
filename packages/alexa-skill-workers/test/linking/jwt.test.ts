import { generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { AT_JWT_TYP, JwtValidator, type JwtValidatorOptions } from '../../src/linking.ts';
import { createTestPki, intentRequest, recordingLogger, type TestPki } from '../../src/testing.ts';
import { KitHarness, NOW } from '../support/harness.ts';
import { probeKv, testKv } from '../support/kv.ts';
import { hang, type Route } from '../support/outbound.ts';
import { AUDIENCE, FakeProvider, ISSUER, profileApi, URLS } from '../support/provider.ts';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

const greet = (accessToken: string, timestamp = NOW) => intentRequest('GreetIntent', {}, { timestamp, accessToken });
const JWT = { jwksUrl: URLS.jwks, issuer: ISSUER, audience: AUDIENCE } as const;

/** An isolate validating JWTs against the provider's JWKS (kept in `kv`), its profile from the profile API. */
function jwtIsolate(kv: KVNamespace = probeKv().kv, options: Partial<JwtValidatorOptions> = {}) {
  return new KitHarness(pki, { kv, validator: () => new JwtValidator({ ...JWT, kv, ...options }), accounts: { profile: profileApi() } });
}

const b64url = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

describe('JWT access tokens (JwtValidator: verified locally with jose against the JWKS)', () => {
  it('accepts a valid token: fetches the JWKS once, then the profile, and answers from it', async () => {
    const provider = new FakeProvider().install();
    const kit = jwtIsolate();
    expect((await kit.turn(greet(await provider.jwt(NOW)))).speech).toBe('Hello, Ana.');
    expect(provider.calls('jwks')).toBe(1);
    expect(provider.calls('profile')).toBe(1);
    expect(provider.calls('userinfo')).toBe(0);
  });

  it.each([
    ['expired', { exp: Math.floor(NOW.getTime() / 1000) - 10 }, 'ERR_JWT_EXPIRED'],
    ['not yet valid', { nbf: Math.floor(NOW.getTime() / 1000) + 600 }, 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ['from another issuer', { iss: 'https://evil.example/' }, 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ['for another audience', { aud: 'someone-else' }, 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ['without exp', { exp: undefined }, 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ['without sub', { sub: undefined }, 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
  ])('refuses a token %s: the card, and the token never reaches the profile API', async (_, claims, detail) => {
    const provider = new FakeProvider().install();
    const kit = jwtIsolate();
    expect(await kit.turn(greet(await provider.jwt(NOW, claims)))).toMatchObject({ speech: 'invalid', card: 'LinkAccount' });
    expect(kit.log.lines).toContainEqual(expect.objectContaining({ event: 'token_rejected', detail }));
    expect(provider.calls('profile')).toBe(0);
  });

  it('refuses a tampered token (payload changed after signing)', async () => {
    const provider = new FakeProvider().install();
    const kit = jwtIsolate();
    const [header, , signature] = (await provider.jwt(NOW)).split('.');
    const forged = `${header}.${b64url({ iss: ISSUER, aud: AUDIENCE, sub: 'someone-else', exp: 9999999999 })}.${signature}`;
    expect((await kit.turn(greet(forged))).card).toBe('LinkAccount');
    expect(kit.log.lines).toContainEqual(expect.objectContaining({ event: 'token_rejected', detail: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' }));
  });

  it('refuses a token signed by a key not in the JWKS, even with the right kid', async () => {
    const provider = new FakeProvider().install();
    const kit = jwtIsolate();
    const { privateKey } = await generateKeyPair('RS256');
    expect((await kit.turn(greet(await provider.jwt(NOW, {}, { key: privateKey })))).card).toBe('LinkAccount');
  });

  it('refuses alg "none" without fetching any key', async () => {
    const provider = new FakeProvider().install();
    const kit = jwtIsolate();
    const unsigned = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ iss: ISSUER, aud: AUDIENCE, sub: 'x', exp: 9999999999 })}.`;
    expect((await kit.turn(greet(unsigned))).card).toBe('LinkAccount');
    expect(provider.totalCalls()).toBe(0);
  });

  it('refuses a token that is not a JWT at all without fetching anything', async () => {
    const provider = new FakeProvider().install();
    const kit = jwtIsolate();
    expect((await kit.turn(greet('Atza|opaque-looking-token'))).card).toBe('LinkAccount');
    expect(provider.totalCalls()).toBe(0);
  });

  it('refetches the JWKS for an unknown kid at most once per cooldown', async () => {
    const provider = new FakeProvider().install();
    const kit = jwtIsolate();
    await kit.turn(greet(await provider.jwt(NOW)));
    expect(provider.calls('jwks')).toBe(1);
    for (let i = 0; i < 3; i++) {
      expect((await kit.turn(greet(await provider.jwt(NOW, { jti: `x${i}` }, { kid: `unknown-${i}` })))).card).toBe('LinkAccount');
    }
    expect(provider.calls('jwks')).toBe(1);
    expect(kit.log.lines).toContainEqual(expect.objectContaining({ event: 'token_rejected', detail: 'ERR_JWKS_NO_MATCHING_KEY' }));
  });

  it('keeps the JWKS in KV, so a new isolate validates a new token without fetching it', async () => {
    const provider = new FakeProvider().install();
    const kv = probeKv();
    const first = jwtIsolate(kv.kv);
    await first.turn(greet(await provider.jwt(NOW)));
    expect([...kv.putOptions.keys()].some((k) => /^jwks:[0-9a-f]{64}$/.test(k))).toBe(true);

    const second = jwtIsolate(kv.kv);
    expect((await second.turn(greet(await provider.jwt(NOW, { jti: 'another' })))).speech).toBe('Hello, Ana.');
    expect(provider.calls('jwks')).toBe(1);
  });

  it.each<[string, Route]>([
    ['answers 500', () => new Response('oops', { status: 500 })],
    ['answers garbage', () => new Response('<html>')],
    ['redirects', () => Response.redirect('https://elsewhere.example/jwks.json', 302)],
    ['cannot be reached', () => Promise.reject(new TypeError('network connection lost'))],
    ['does not answer within timeoutMs', hang],
    ['serves a key WebCrypto cannot import', () => Response.json({ keys: [{ kty: 'RSA', kid: 'key-1', alg: 'RS256', n: '!!', e: 'AQAB' }] })],
  ])('answers "unavailable" when the JWKS %s, with no card, logged as provider_unavailable', async (_, route) => {
    const provider = new FakeProvider().install();
    provider.override('jwks', route);
    const kit = jwtIsolate(probeKv().kv, { timeoutMs: 150 });
    expect(await kit.turn(greet(await provider.jwt(NOW)))).toMatchObject({ speech: 'unavailable', card: undefined });
    expect(kit.log.lines).toContainEqual(expect.objectContaining({ event: 'provider_unavailable', code: 'PROVIDER_UNAVAILABLE' }));
    expect(kit.log.lines.filter((line) => line.event === 'skill_error')).toEqual([]);
  });
});

describe('accessTokenType: the RFC 9068 access-token type', () => {
  /** An OpenID Connect ID token with the API's audience: what a client could send instead of its access token. */
  const idToken = (provider: FakeProvider) => provider.jwt(NOW, { nonce: 'n-0S6_WzA2Mj', azp: 'kit-test-web' }, { typ: 'JWT' });
  const requireAtJwt = { accessTokenType: AT_JWT_TYP };

  it.each(['at+jwt', 'application/at+jwt', 'AT+JWT'])('accepts an access token whose typ is %s', async (typ) => {
    const provider = new FakeProvider().install();
    const kit = jwtIsolate(probeKv().kv, requireAtJwt);
    expect((await kit.turn(greet(await provider.jwt(NOW, {}, { typ })))).speech).toBe('Hello, Ana.');
  });

  it.each<[string, (provider: FakeProvider) => Promise<string>]>([
    ['an ID token (typ JWT, nonce, azp) with the right audience', idToken],
    ['a token without typ', (provider) => provider.jwt(NOW)],
  ])('refuses %s: the card, and the token never reaches the profile API', async (_, token) => {
    const provider = new FakeProvider().install();
    const kit = jwtIsolate(probeKv().kv, requireAtJwt);
    expect((await kit.turn(greet(await token(provider)))).card).toBe('LinkAccount');
    expect(kit.log.lines).toContainEqual(expect.objectContaining({ event: 'token_rejected', detail: 'ERR_JWT_CLAIM_VALIDATION_FAILED' }));
    expect(provider.calls('profile')).toBe(0);
  });

  it('accepts that ID token without the option (the default, for providers that do not type their access tokens)', async () => {
    const provider = new FakeProvider().install();
    const kit = jwtIsolate();
    expect((await kit.turn(greet(await idToken(provider)))).speech).toBe('Hello, Ana.');
  });
});

describe('JWT validation: a bug is not an outage', () => {
  it('answers a TypeError while validating with the skill\'s error handler, logged as INTERNAL_ERROR, and caches nothing', async () => {
    const provider = new FakeProvider().install();
    const kv = probeKv();
    const kit = jwtIsolate(kv.kv);
    await kit.turn(intentRequest('PublicIntent', {}, { timestamp: NOW }));
    kv.ops.length = 0;
    const token = await provider.jwt(NOW);
    // The JWKS download is handed something that is not a Response: reading it throws a TypeError.
    vi.mocked(fetch).mockImplementationOnce(() => Promise.resolve(undefined as unknown as Response));
    expect(await kit.turn(greet(token))).toMatchObject({ speech: 'error', card: undefined });
    expect(kit.log.lines).toContainEqual(expect.objectContaining({ event: 'skill_error', code: 'INTERNAL_ERROR', name: 'TypeError' }));
    expect(kit.log.lines.filter((line) => ['provider_unavailable', 'token_rejected'].includes(line.event))).toEqual([]);
    expect(kv.ops.filter((op) => op.startsWith('put '))).toEqual([]);

    // Nothing remembered it: the next request downloads the keys and is answered.
    expect((await kit.turn(greet(token))).speech).toBe('Hello, Ana.');
    expect(provider.calls('jwks')).toBe(1);
  });

  const direct = () => new JwtValidator({ ...JWT, fetch: (input, init) => fetch(input, init), kv: testKv, timeoutMs: 1000, log: recordingLogger() });
  const at = (now: Date) => ({ now, log: recordingLogger() });

  it('rethrows a non-jose error from jose itself (an invalid clock) as it is, not as PROVIDER_UNAVAILABLE', async () => {
    const provider = new FakeProvider().install();
    const validator = direct();
    const token = await provider.jwt(NOW);
    await expect(validator.validate(token, at(new Date(NaN)))).rejects.toThrow(TypeError);
    await expect(validator.validate(token, at(NOW))).resolves.toMatchObject({ subject: 'user-ana' });
  });

  it('does not keep a failed key-set setup: the next validation sets it up again', async () => {
    const provider = new FakeProvider().install();
    const validator = direct();
    const token = await provider.jwt(NOW);
    vi.spyOn(crypto.subtle, 'digest').mockRejectedValueOnce(new TypeError('injected'));
    await expect(validator.validate(token, at(NOW))).rejects.toThrow(TypeError);
    await expect(validator.validate(token, at(NOW))).resolves.toMatchObject({ subject: 'user-ana' });
  });
});
