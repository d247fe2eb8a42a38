/**
 * The parties the kit talks to, for its own tests, served through the outbound interceptor
 * (`outbound.ts`): an OAuth provider (a userinfo endpoint for opaque tokens, a JWKS for JWTs,
 * Login with Amazon's tokeninfo), a profile API, and the user's service the fixture's `ActIntent`
 * calls. Unlike the testing entry's `FakeOAuthProvider` (what a user of the kit gets), each
 * endpoint can be replaced (`override`: a 500, a hang) or held (`hold`), and JWTs can carry any
 * claims and header, so the kit's own failure modes can be reached. Every call is counted.
 */
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { LinkingError } from '../../src/errors.ts';
import { LWA_TOKENINFO_URL } from '../../src/linking/opaque-validator.ts';
import { callWithToken, type ProfileSource } from '../../src/linking.ts';
import { profile as fixtureProfile, SERVICE_URL, USERINFO_URL, type Profile } from '../fixture/worker.ts';
import { outbound, type Route } from './outbound.ts';

export const URLS = {
  userinfo: USERINFO_URL,
  profile: 'https://provider.test/profile',
  jwks: 'https://provider.test/.well-known/jwks.json',
  tokeninfo: LWA_TOKENINFO_URL,
  service: SERVICE_URL,
} as const;
export const ISSUER = 'https://provider.test/';
export const AUDIENCE = 'kit-test-api';
/** The Login with Amazon client (security profile) the tests' tokens are issued to. */
export const CLIENT_ID = 'amzn1.application-oa2-client.KITTEST';

/** A user of the provider: `sub` is its ID for them, `name` their profile. */
export interface User {
  readonly sub: string;
  readonly name: string;
}
export const ANA: User = { sub: 'user-ana', name: 'Ana' };

export type Endpoint = keyof typeof URLS;

export class FakeProvider {
  /** Bearer tokens the provider accepts, with the user and Login with Amazon's view of each. */
  readonly #accounts = new Map<string, { user: User; audience: string; expiresIn: number | undefined }>();
  readonly #overrides = new Map<Endpoint, Route>();
  readonly #holds = new Map<Endpoint, { gate: Promise<void>; arrived: () => void }>();
  #keys: { privateKey: CryptoKey; jwk: object } | undefined;
  /** The `kid` of the provider's key, in its JWKS and in the JWTs it signs. */
  kid = 'key-1';
  /** Every call to the user's service, in order: the bearer token and the raw `Idempotency-Key` header. */
  readonly acts: { token: string; idempotencyKey: string | null }[] = [];

  /** Registers this provider's routes with the outbound interceptor. */
  install(): this {
    const routes: [Endpoint, Route][] = [
      ['userinfo', (r) => this.#userinfo(r)],
      ['profile', (r) => this.#profile(r)],
      ['jwks', () => this.#jwks()],
      ['service', (r) => this.#service(r)],
    ];
    for (const [name, route] of routes) outbound.on(URLS[name], (r) => this.#answer(name, route, r));
    outbound.onPrefix(`${URLS.tokeninfo}?`, (r) => this.#answer('tokeninfo', (q) => this.#tokeninfo(q), r));
    return this;
  }

  /** Calls made to one endpoint so far. */
  calls(endpoint: Endpoint): number {
    return outbound.requests.filter((line) => line.split(' ')[1]?.split('?')[0] === URLS[endpoint]).length;
  }

  /** Calls to any of the provider's endpoints and the service. */
  totalCalls(): number {
    return (Object.keys(URLS) as Endpoint[]).reduce((sum, endpoint) => sum + this.calls(endpoint), 0);
  }

  /** Replaces one endpoint's behaviour (e.g. a 500, a hang). */
  override(endpoint: Endpoint, route: Route): this {
    this.#overrides.set(endpoint, route);
    return this;
  }

  /**
   * Holds the next call to `endpoint` (later calls are not held): `reached` settles when it
   * arrives, and it is answered as usual once `release()` is called. Two requests can so overlap
   * without sleeping.
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

  /** A new opaque token the provider accepts; tokeninfo says it was issued to `audience` (default {@link CLIENT_ID}) and lives `expiresIn` s (default 3600). */
  opaqueToken(user: User = ANA, lwa: { audience?: string; expiresIn?: number } = {}): string {
    const token = `Atza|${crypto.randomUUID()}`;
    this.#accounts.set(token, { user, audience: lwa.audience ?? CLIENT_ID, expiresIn: lwa.expiresIn });
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
    const payload: JWTPayload = { iss: ISSUER, aud: AUDIENCE, sub: ANA.sub, name: ANA.name, iat, exp: iat + 3600, ...claims };
    for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
    const token = await new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', kid: header.kid ?? this.kid, ...(header.typ === undefined ? {} : { typ: header.typ }) })
      .sign(header.key ?? keys.privateKey);
    this.#accounts.set(token, { user: ANA, audience: AUDIENCE, expiresIn: undefined });
    return token;
  }

  async #keyPair() {
    if (!this.#keys) {
      const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
      this.#keys = { privateKey, jwk: { ...(await exportJWK(publicKey)), alg: 'RS256', use: 'sig' } };
    }
    return this.#keys;
  }

  #account(request: Request) {
    const header = request.headers.get('authorization') ?? '';
    return header.startsWith('Bearer ') ? this.#accounts.get(header.slice(7)) : undefined;
  }

  #userinfo(request: Request): Response {
    const account = this.#account(request);
    if (!account) return Response.json({ error: 'invalid_token' }, { status: 401 });
    return Response.json({ sub: account.user.sub, name: account.user.name });
  }

  #profile(request: Request): Response {
    const account = this.#account(request);
    if (!account) return Response.json({ error: 'invalid_token' }, { status: 401 });
    return Response.json({ name: account.user.name });
  }

  #service(request: Request): Response {
    const header = request.headers.get('authorization') ?? '';
    if (request.method !== 'POST' || !this.#account(request)) return Response.json({ error: 'invalid_token' }, { status: 401 });
    this.acts.push({ token: header.slice(7), idempotencyKey: request.headers.get('idempotency-key') });
    return Response.json({ id: `act-${this.acts.length}` }, { status: 201 });
  }

  async #jwks(): Promise<Response> {
    const { jwk } = await this.#keyPair();
    return Response.json({ keys: [{ ...jwk, kid: this.kid }] });
  }

  #tokeninfo(request: Request): Response {
    const account = this.#accounts.get(new URL(request.url).searchParams.get('access_token') ?? '');
    if (!account) return Response.json({ error: 'invalid_token' }, { status: 400 });
    return Response.json({ aud: account.audience, user_id: 'amzn1.account.ANA', iss: 'https://www.amazon.com', exp: account.expiresIn ?? 3600, app_id: 'amzn1.application.TEST' });
  }
}

/** The fixture's profile from the provider's profile API ({@link URLS}.profile), with the token, alongside the validation. */
export function profileApi(timeoutMs = 2000): ProfileSource<Profile> {
  const call = { fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init), timeoutMs };
  return {
    load: async (token) => {
      const { body } = await callWithToken(call, URLS.profile, token);
      const profile = fixtureProfile.parse(body);
      if (!profile) throw new LinkingError('PROVIDER_UNAVAILABLE', 'the profile API answered something that is not a profile');
      return profile;
    },
    parse: fixtureProfile.parse,
  };
}
