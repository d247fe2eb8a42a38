import { exportJWK, generateKeyPair, SignJWT, type CryptoKey as JoseKey } from 'jose';
import type { FakeService } from './intercept.ts';

/** Login with Amazon's endpoints, as the kit's `LoginWithAmazonValidator` calls them. */
const LWA_TOKENINFO_URL = 'https://api.amazon.com/auth/o2/tokeninfo';
const LWA_PROFILE_URL = 'https://api.amazon.com/user/profile';

/** A user of the fake provider: `sub` is the provider's ID for them; other fields are their profile (`name`, `email`, …). */
export interface FakeUser {
  readonly sub: string;
  readonly [claim: string]: unknown;
}

/** How a token is issued; all optional. */
export interface IssueOptions {
  /** The client (Login with Amazon's `aud`) or API (a JWT's `aud`) the token is for. Default the provider's own. */
  readonly audience?: string;
  /** Seconds the token lives from `now`. Default 3600. */
  readonly expiresInSeconds?: number;
  /** When it is issued. Default the provider's clock. */
  readonly now?: Date;
}

/** The clock the provider judges expiry by: pass the one the Worker under test is given. Default the real clock. */
interface ClockOption {
  readonly now?: () => Date;
}

interface Issued {
  readonly user: FakeUser;
  readonly audience: string;
  readonly expiresAt: number;
}

type Kind =
  | { readonly kind: 'lwa'; readonly clientId: string; readonly userinfoUrl: string }
  | { readonly kind: 'userinfo'; readonly userinfoUrl: string }
  | { readonly kind: 'jwt'; readonly issuer: string; readonly audience: string; readonly jwksUrl: string; readonly key: JoseKey; readonly jwks: unknown };

/**
 * An OAuth 2.0 provider for tests, answering the calls the kit's validators make, on intercepted
 * `fetch` ({@link interceptFetch}): Login with Amazon (tokeninfo, then the profile), a userinfo
 * endpoint (opaque tokens, RFC 6750 bearer: 401 for a token it did not issue), or a JWT issuer
 * (its JWKS; tokens signed RS256 with `iss`, `aud`, `sub`, `exp`). Tokens are issued with
 * {@link issue}; `calls` lists what was asked (`tokeninfo`, `userinfo`, `jwks`), and `failWith`
 * makes every answer that status (an outage).
 */
export class FakeOAuthProvider implements FakeService {
  readonly #kind: Kind;
  readonly #tokens = new Map<string, Issued>();
  #counter = 0;
  /** What the provider was asked, in order: `tokeninfo`, `userinfo`, `jwks`. */
  readonly calls: string[] = [];
  /** When set, every call is answered with this status. */
  failWith: number | undefined;

  readonly #clock: () => Date;

  private constructor(kind: Kind, clock: (() => Date) | undefined) {
    this.#kind = kind;
    this.#clock = clock ?? (() => new Date());
  }

  /** Login with Amazon for the security profile `clientId`: tokeninfo (`aud`, `exp`) and the profile endpoint (or `userinfoUrl`). */
  static loginWithAmazon(options: { readonly clientId: string; readonly userinfoUrl?: string } & ClockOption): FakeOAuthProvider {
    return new FakeOAuthProvider({ kind: 'lwa', clientId: options.clientId, userinfoUrl: options.userinfoUrl ?? LWA_PROFILE_URL }, options.now);
  }

  /** A provider of opaque tokens with a userinfo endpoint at `userinfoUrl`. */
  static userinfo(options: { readonly userinfoUrl: string } & ClockOption): FakeOAuthProvider {
    return new FakeOAuthProvider({ kind: 'userinfo', userinfoUrl: options.userinfoUrl }, options.now);
  }

  /** A JWT issuer: `issuer`, tokens for `audience`, its key set at `jwksUrl` (one RS256 key). */
  static async jwt(options: { readonly issuer: string; readonly audience: string; readonly jwksUrl: string } & ClockOption): Promise<FakeOAuthProvider> {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'fake-1', alg: 'RS256', use: 'sig' };
    const { issuer, audience, jwksUrl } = options;
    return new FakeOAuthProvider({ kind: 'jwt', issuer, audience, jwksUrl, key: privateKey, jwks: { keys: [jwk] } }, options.now);
  }

  /** Issues an access token for `user`. */
  async issue(user: FakeUser, options: IssueOptions = {}): Promise<string> {
    const kind = this.#kind;
    const now = options.now ?? this.#clock();
    const expiresAt = now.getTime() + (options.expiresInSeconds ?? 3600) * 1000;
    const audience = options.audience ?? (kind.kind === 'lwa' ? kind.clientId : kind.kind === 'jwt' ? kind.audience : 'fake-client');
    if (kind.kind === 'jwt') {
      const { sub, ...claims } = user;
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'fake-1', typ: 'at+jwt' })
        .setIssuer(kind.issuer)
        .setAudience(audience)
        .setSubject(sub)
        .setIssuedAt(Math.floor(now.getTime() / 1000))
        .setExpirationTime(Math.floor(expiresAt / 1000))
        .sign(kind.key);
    }
    const token = `${kind.kind === 'lwa' ? 'Atza|' : ''}fake-${++this.#counter}-${crypto.randomUUID()}`;
    this.#tokens.set(token, { user, audience, expiresAt });
    return token;
  }

  /** Forgets a token: from now on the provider refuses it (an unlinked or revoked grant). */
  revoke(token: string): void {
    this.#tokens.delete(token);
  }

  /** Answers the provider's own endpoints; anything else is `undefined`. */
  answer(request: Request): Response | undefined {
    const url = new URL(request.url);
    const endpoint = `${url.origin}${url.pathname}`;
    const kind = this.#kind;
    const call =
      kind.kind === 'jwt' ? (request.url === kind.jwksUrl ? 'jwks' : undefined)
      : endpoint === kind.userinfoUrl || request.url === kind.userinfoUrl ? 'userinfo'
      : kind.kind === 'lwa' && endpoint === LWA_TOKENINFO_URL ? 'tokeninfo'
      : undefined;
    if (call === undefined) return undefined;
    this.calls.push(call);
    if (this.failWith !== undefined) return new Response('unavailable', { status: this.failWith });
    if (kind.kind === 'jwt') return Response.json(kind.jwks);
    const now = this.#clock().getTime();
    if (call === 'tokeninfo') {
      const issued = this.#live(url.searchParams.get('access_token'), now);
      if (!issued) return Response.json({ error: 'invalid_token' }, { status: 400 });
      const exp = Math.floor((issued.expiresAt - now) / 1000);
      return Response.json({ iss: 'https://www.amazon.com', user_id: issued.user.sub, aud: issued.audience, app_id: 'amzn1.application.fake', exp, iat: 0 });
    }
    const issued = this.#live(/^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1] ?? null, now);
    if (!issued) return Response.json({ error: 'invalid_token' }, { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } });
    const { sub, ...profile } = issued.user;
    return Response.json(kind.kind === 'lwa' ? { user_id: sub, ...profile } : { sub, ...profile });
  }

  #live(token: string | null, now: number): Issued | undefined {
    const issued = token === null ? undefined : this.#tokens.get(token);
    return issued && issued.expiresAt > now ? issued : undefined;
  }
}
