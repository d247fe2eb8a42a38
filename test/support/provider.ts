/**
 * A fake Ride Hailer service for tests, served through the outbound interceptor: an OAuth
 * provider (userinfo, JWKS, Login with Amazon tokeninfo) and the Ride Hailer API (profile,
 * rides). It issues opaque tokens and real signed JWTs, and counts every call.
 */
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { outbound, type Route } from './outbound.ts';

/** Login with Amazon's token introspection endpoint, which the kit's LoginWithAmazonValidator asks. */
const LWA_TOKENINFO_URL = 'https://api.amazon.com/auth/o2/tokeninfo';

const BASE = 'https://ride-hailer.test';
const URLS = {
  userinfo: `${BASE}/userinfo`,
  profile: `${BASE}/api/profile`,
  rides: `${BASE}/api/rides`,
  jwks: `${BASE}/.well-known/jwks.json`,
} as const;
const ISSUER = `${BASE}/`;
const AUDIENCE = 'alexa-ride-hailer';
export const LWA_CLIENT_ID = 'amzn1.application-oa2-client.TESTCLIENT';

/** The bindings that point the Worker at this provider, in each token mode. */
export const OPAQUE_ENV = { OAUTH_USERINFO_URL: URLS.userinfo, PROFILE_URL: URLS.profile, RIDES_URL: URLS.rides };
export const JWT_ENV = {
  OAUTH_JWKS_URL: URLS.jwks,
  OAUTH_ISSUER: ISSUER,
  OAUTH_AUDIENCE: AUDIENCE,
  PROFILE_URL: URLS.profile,
  RIDES_URL: URLS.rides,
};

export const ANA = {
  id: 'user-ana',
  name: 'Ana',
  defaultLocations: {
    work: { label: 'Contoso Tower', address: '1 Contoso Way' },
    home: { label: 'Maple Street', address: '12 Maple Street' },
  },
  paymentMethod: { label: 'Visa ending 4242' },
  loyaltyTier: 'gold',
};

/** A second person on the same Alexa account, with a payment method of their own (recognized speakers). */
export const BEN = {
  id: 'user-ben',
  name: 'Ben',
  defaultLocations: { work: { label: 'Fabrikam Campus', address: '1 Fabrikam Drive' } },
  paymentMethod: { label: 'Mastercard ending 5454' },
  loyaltyTier: 'silver',
};

type Endpoint = 'userinfo' | 'profile' | 'rides' | 'jwks' | 'tokeninfo';

export class FakeRideHailer {
  /** Bearer tokens the provider accepts, with the profile each one reads. */
  readonly #accounts = new Map<string, { profile: object; lwaAudience?: string; lwaExpiresIn?: number }>();
  readonly #overrides = new Map<Endpoint, Route>();
  /** Calls being held (see `hold`): the gate each waits at, and how to say it arrived. */
  readonly #holds = new Map<Endpoint, { gate: Promise<void>; arrived: () => void }>();
  /** Bodies POSTed to the rides API, in order, with the bearer token and the raw `Idempotency-Key` header. */
  readonly rides: { token: string; body: unknown; idempotencyKey: string | null }[] = [];
  #rideGate: Promise<void> | undefined;
  #keys: { privateKey: CryptoKey; jwk: object } | undefined;
  kid = 'key-1';

  /** Registers this provider's routes with the outbound interceptor. */
  install(): this {
    const routes: [Endpoint, string, Route][] = [
      ['userinfo', URLS.userinfo, (r) => this.#userinfo(r)],
      ['profile', URLS.profile, (r) => this.#profile(r)],
      ['rides', URLS.rides, (r) => this.#ride(r)],
      ['jwks', URLS.jwks, () => this.#jwks()],
    ];
    for (const [name, url, route] of routes) outbound.on(url, (r) => this.#answer(name, route, r));
    outbound.onPrefix(`${LWA_TOKENINFO_URL}?`, (r) => this.#answer('tokeninfo', (q) => this.#tokeninfo(q), r));
    return this;
  }

  /** Calls made to one endpoint so far. */
  calls(endpoint: Endpoint): number {
    if (endpoint === 'tokeninfo') return outbound.requests.filter((r) => r.includes(LWA_TOKENINFO_URL)).length;
    return outbound.count(URLS[endpoint]);
  }

  /** Calls to the provider and the API, all endpoints together. */
  totalCalls(): number {
    return outbound.requests.filter((r) => r.includes(BASE) || r.includes(LWA_TOKENINFO_URL)).length;
  }

  /** Replaces one endpoint's behaviour (e.g. a 500, a hang). */
  override(endpoint: Endpoint, route: Route): this {
    this.#overrides.set(endpoint, route);
    return this;
  }

  /**
   * Holds the next call to `endpoint` (later calls are not held): `reached` settles when it arrives,
   * and it is answered as usual once `release()` is called. Two requests can so overlap without
   * sleeping (e.g. a validation in flight while a skill event arrives).
   */
  hold(endpoint: Endpoint): { readonly reached: Promise<void>; release(): void } {
    let release!: () => void;
    let arrived!: () => void;
    const reached = new Promise<void>((resolve) => (arrived = resolve));
    this.#holds.set(endpoint, { gate: new Promise<void>((resolve) => (release = resolve)), arrived });
    return { reached, release };
  }

  async #answer(endpoint: Endpoint, route: Route, request: Request): Promise<Response> {
    const held = this.#holds.get(endpoint);
    if (held) {
      this.#holds.delete(endpoint);
      held.arrived();
      await held.gate;
    }
    return (this.#overrides.get(endpoint) ?? route)(request);
  }

  /**
   * Holds the next ride order until the returned function is called (later orders are not held),
   * so a test can have two requests in flight at once without sleeping.
   */
  holdNextRide(): () => void {
    let release!: () => void;
    this.#rideGate = new Promise((resolve) => (release = resolve));
    return release;
  }

  /** A new opaque token the provider accepts. */
  opaqueToken(profile: object = ANA, lwa: { audience?: string; expiresIn?: number } = {}): string {
    const token = `Atza|${crypto.randomUUID()}`;
    this.#accounts.set(token, { profile, lwaAudience: lwa.audience ?? LWA_CLIENT_ID, lwaExpiresIn: lwa.expiresIn });
    return token;
  }

  /** Revokes a token: every endpoint refuses it from now on. */
  revoke(token: string): void {
    this.#accounts.delete(token);
  }

  /** A signed JWT access token; claims default to a valid one for 1 hour from `now` (undefined removes one). */
  async jwt(now: Date, claims: JWTPayload = {}, header: { kid?: string; key?: CryptoKey; typ?: string } = {}): Promise<string> {
    const keys = await this.#keyPair();
    const iat = Math.floor(now.getTime() / 1000);
    const payload: JWTPayload = { iss: ISSUER, aud: AUDIENCE, sub: ANA.id, iat, exp: iat + 3600, scope: 'profile rides', ...claims };
    for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
    const token = await new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', kid: header.kid ?? this.kid, ...(header.typ === undefined ? {} : { typ: header.typ }) })
      .sign(header.key ?? keys.privateKey);
    this.#accounts.set(token, { profile: ANA });
    return token;
  }

  async #keyPair() {
    if (!this.#keys) {
      const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
      this.#keys = { privateKey, jwk: { ...(await exportJWK(publicKey)), alg: 'RS256', use: 'sig' } };
    }
    return this.#keys;
  }

  #bearer(request: Request): string | undefined {
    const header = request.headers.get('authorization') ?? '';
    return header.startsWith('Bearer ') ? header.slice(7) : undefined;
  }

  #userinfo(request: Request): Response {
    const account = this.#accounts.get(this.#bearer(request) ?? '');
    if (!account) return Response.json({ error: 'invalid_token' }, { status: 401 });
    return Response.json({ user_id: (account.profile as { id?: string }).id, name: (account.profile as { name?: string }).name });
  }

  #profile(request: Request): Response {
    const account = this.#accounts.get(this.#bearer(request) ?? '');
    if (!account) return Response.json({ error: 'invalid_token' }, { status: 401 });
    return Response.json(account.profile);
  }

  async #ride(request: Request): Promise<Response> {
    const token = this.#bearer(request) ?? '';
    if (request.method !== 'POST' || !this.#accounts.has(token)) return Response.json({ error: 'invalid_token' }, { status: 401 });
    const gate = this.#rideGate;
    this.#rideGate = undefined;
    this.rides.push({ token, body: await request.json(), idempotencyKey: request.headers.get('idempotency-key') });
    await gate;
    return Response.json({ id: `ride-${this.rides.length}`, etaMinutes: 7 }, { status: 201 });
  }

  async #jwks(): Promise<Response> {
    const { jwk } = await this.#keyPair();
    return Response.json({ keys: [{ ...jwk, kid: this.kid }] });
  }

  #tokeninfo(request: Request): Response {
    const token = new URL(request.url).searchParams.get('access_token') ?? '';
    const account = this.#accounts.get(token);
    if (!account) return Response.json({ error: 'invalid_token' }, { status: 400 });
    return Response.json({
      aud: account.lwaAudience, user_id: 'amzn1.account.ANA', iss: 'https://www.amazon.com',
      exp: account.lwaExpiresIn ?? 3600, app_id: 'amzn1.application.TEST',
    });
  }
}
