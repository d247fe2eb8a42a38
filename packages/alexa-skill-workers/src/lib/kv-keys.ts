import { sha256Hex } from './hash.ts';

/**
 * Every KV key the Worker writes is built here, and only here. The scheme is README.md's table
 * "What is cached, and where"; keep the two identical. Each key is a prefix and a lower-case hex
 * SHA-256 digest, so no key contains a token, a user ID, a request ID or a URL.
 */

declare const kvKeyBrand: unique symbol;

/**
 * A Workers KV key made by this module. The KV helpers in `./kv` take only this type, so a key
 * spelled anywhere else does not compile (and `as KvKey` outside this file fails lint).
 */
export type KvKey = string & { readonly [kvKeyBrand]: true };

function kvKey(text: string): KvKey {
  // eslint-disable-next-line no-restricted-syntax -- the one place a KvKey is made
  return text as KvKey;
}

/** `cert:<sha256(normalized URL)>`: a certificate chain's PEM, for a URL that passed `normalizeCertUrl`. */
export async function certKey(normalizedUrl: string): Promise<KvKey> {
  return kvKey(`cert:${await sha256Hex(normalizedUrl)}`);
}

/** `jwks:<sha256(JWKS URL)>`: the provider's key set (JWT mode). */
export async function jwksKey(jwksUrl: string): Promise<KvKey> {
  return kvKey(`jwks:${await sha256Hex(jwksUrl)}`);
}

/** `attr:<sha256(userId)>`: a user's persistent skill attributes (`context.System.user.userId`). */
export async function attributesKey(userId: string): Promise<KvKey> {
  return kvKey(`attr:${await sha256Hex(userId)}`);
}

/**
 * `done:<sha256(requestId)>`: the record of a request with a side effect. The request ID
 * (`request.requestId`, unique per request: Amazon, "Request and Response JSON Reference") is
 * covered by Alexa's signature, so only a copy of the same signed request maps to a record. The
 * user ID adds nothing: nobody can pair another user with a request ID without re-signing the body.
 */
export async function replayKey(requestId: string): Promise<KvKey> {
  return kvKey(`done:${await sha256Hex(requestId)}`);
}

/** The hashes of one (Alexa user, token) pair; the token appears in none of them. */
export interface TokenKeys {
  /**
   * `tok:<sha256(userId)>:<sha256(token)>`: the validated token's account; a recognized speaker's
   * own token (`context.System.person.accessToken`) is kept per person, under
   * `tok:<sha256(userId)>:<sha256(personId)>:<sha256(token)>`. Both start with the user's prefix.
   */
  readonly entry: KvKey;
  /** `sha256(token)`, what a refused token is remembered by in isolate memory. */
  readonly tokenHash: string;
  /** `rej:<sha256(token)>`: the token was refused (by the provider, its tokeninfo or the service). */
  readonly refused: KvKey;
  /** `purge:<sha256(userId)>`: when the user's entries were last purged (see {@link purgeKey}). */
  readonly purge: KvKey;
}

/**
 * The keys of a user (and, for a person-level token, the recognized speaker's `personId`) and a
 * token, all hashed at once (one call per request).
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/personalization-and-account-linking.html
 */
export async function tokenKeys(userId: string, token: string, personId?: string): Promise<TokenKeys> {
  const [user, tokenHash, person] = await Promise.all([
    sha256Hex(userId),
    sha256Hex(token),
    personId === undefined ? undefined : sha256Hex(personId),
  ]);
  return {
    entry: kvKey(person === undefined ? `tok:${user}:${tokenHash}` : `tok:${user}:${person}:${tokenHash}`),
    tokenHash,
    refused: kvKey(`rej:${tokenHash}`),
    purge: kvKey(`purge:${user}`),
  };
}

/** `tok:<sha256(userId)>:`: the prefix shared by all of a user's token entries, every person's included (listed on `SkillDisabled`). */
export async function userTokenPrefix(userId: string): Promise<string> {
  return `tok:${await sha256Hex(userId)}:`;
}

/**
 * `purge:<sha256(userId)>`: the time of the user's last purge (`SkillDisabled`), so that a
 * validation which was in flight in another isolate deletes what it stored after it.
 */
export async function purgeKey(userId: string): Promise<KvKey> {
  return kvKey(`purge:${await sha256Hex(userId)}`);
}
