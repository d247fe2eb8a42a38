/**
 * The local provider's access tokens: JWTs (RFC 9068, `typ: at+jwt`) signed with an ES256 key the
 * provider makes on first use and keeps in its KV (persisted in the command line's state folder),
 * published at `/.well-known/jwks.json` (RFC 7517).
 *
 * Why JWTs, and why made here: @cloudflare/workers-oauth-provider 1.2.3 issues only its own opaque
 * tokens (`userId:grantId:secret`, stored as hashes); its `tokenExchangeCallback` can change a
 * token's props, scope and lifetime but not its format, and it has no JWT format of its own. So the
 * library keeps everything it is good at (codes, PKCE, client authentication, refresh rotation,
 * grants) and the provider re-signs each access token the token endpoint answers as a JWT carrying
 * the library token's user, client, scope and expiry ({@link accessJwt}). One format serves all
 * three of the skill templates' modes: `jwt` validates it against the JWKS, `opaque` and `lwa` hand
 * it back to `/userinfo` or `/auth/o2/tokeninfo`, which check its signature ({@link verifyAccessJwt}).
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import type { LocalProfile } from './users.ts';

const KEY = 'local-provider:signing-key';
const ALG = 'ES256';

interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

let cached: Promise<SigningKey> | undefined;

/** The provider's signing key: from KV, or made and stored on first use (the first stored wins). */
function signingKey(kv: KVNamespace): Promise<SigningKey> {
  cached ??= (async () => {
    let jwk = await kv.get<JWK>(KEY, 'json');
    if (!jwk) {
      const pair = await generateKeyPair(ALG, { extractable: true });
      await kv.put(KEY, JSON.stringify(await exportJWK(pair.privateKey)));
      jwk = (await kv.get<JWK>(KEY, 'json'))!;
    }
    const publicJwk: JWK = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
    const kid = await calculateJwkThumbprint(publicJwk);
    return { kid, privateKey: (await importJWK(jwk, ALG)) as CryptoKey, publicJwk: { ...publicJwk, kid, alg: ALG, use: 'sig' } };
  })();
  cached.catch(() => (cached = undefined));
  return cached;
}

/** The key set the skill's JwtValidator reads. */
export async function jwks(kv: KVNamespace): Promise<{ keys: JWK[] }> {
  return { keys: [(await signingKey(kv)).publicJwk] };
}

/** What an access token says: who, for which client and audience, which scopes, until when. */
export interface AccessClaims {
  readonly issuer: string;
  readonly audience: string;
  readonly clientId: string;
  readonly scope: readonly string[];
  /** Seconds since the epoch. */
  readonly expiresAt: number;
  readonly profile: LocalProfile;
}

/** An RFC 9068 access token: `iss`, `aud`, `sub`, `client_id`, `scope`, `iat`, `exp`, `jti`, and the profile's `name` and `email`. */
export async function accessJwt(kv: KVNamespace, claims: AccessClaims, now: Date): Promise<string> {
  const key = await signingKey(kv);
  const { name, email } = claims.profile;
  return new SignJWT({ client_id: claims.clientId, scope: claims.scope.join(' '), ...(name === undefined ? {} : { name }), ...(email === undefined ? {} : { email }) })
    .setProtectedHeader({ alg: ALG, kid: key.kid, typ: 'at+jwt' })
    .setIssuer(claims.issuer)
    .setAudience(claims.audience)
    .setSubject(claims.profile.id)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(claims.expiresAt)
    .setJti(crypto.randomUUID())
    .sign(key.privateKey);
}

/** A verified access token's subject, client, scopes and expiry (seconds since the epoch). */
export interface VerifiedAccess {
  readonly sub: string;
  readonly clientId: string;
  readonly audience: string;
  readonly scope: readonly string[];
  readonly exp: number;
  readonly iat: number;
}

/** The access token's claims when this provider signed it for `issuer` and it is live at `now`; else undefined (never why: the caller answers invalid_token). */
export async function verifyAccessJwt(kv: KVNamespace, token: string, issuer: string, now: Date): Promise<VerifiedAccess | undefined> {
  const key = await signingKey(kv);
  try {
    const { payload } = await jwtVerify(token, await importJWK(key.publicJwk, ALG), { issuer, algorithms: [ALG], typ: 'at+jwt', currentDate: now });
    if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number') return undefined;
    return {
      sub: payload.sub,
      clientId: typeof payload.client_id === 'string' ? payload.client_id : '',
      audience: typeof payload.aud === 'string' ? payload.aud : '',
      scope: typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [],
      exp: payload.exp,
      iat: payload.iat ?? 0,
    };
  } catch {
    return undefined;
  }
}
