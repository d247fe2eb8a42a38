/**
 * The kit's layers, as the cost simulation plays them for one request; every path named is under
 * packages/alexa-skill-workers/src/: verification (verification/cert-store.ts), the account service
 * and its token cache (linking/account-service.ts, token-cache.ts, purges.ts, jwt-validator.ts,
 * opaque-validator.ts), the replay guard (ask-sdk/replay-guard.ts, answer-once.ts) and
 * SkillDisabled's purge (ask-sdk/skill-events.ts). Each counts what it costs on the request's type.
 */
import type { Simulation } from './engine.ts';
import { ACCOUNTS, CERTS, PURGES, REJECTED, REPLAYS, type Isolate } from './isolate.ts';
import { ATTR, CERT, DONE, JWKS, PURGE, REJ, TOK } from './kv.ts';
import { CERT_LIMITED, JWKS_CACHE, JWKS_FETCH, KV_D, KV_HIT, KV_R, KV_W, MEM_HIT, PROFILE, REJ_HIT, RIDE, S3, TOKENINFO, USERINFO, VALID } from './metrics.ts';
import { DESTINATION_SHIFT, NOT_PERSISTED, REVOKED, SLOT_MASK } from './population.ts';

/** What `resolve` found: a linked account, or a token the provider refused. */
export const LINKED_STATUS = 0;
export const INVALID_STATUS = 1;

/**
 * cert-store.ts `signingKey`: memory, else `cert:` (re-validated), else S3, written to KV once the
 * request verified. A download of a URL this isolate never verified takes from the isolate's
 * bucket first; false when the bucket refused it (`CERT_FETCH_LIMITED`: the request fails).
 */
export function verify(s: Simulation, iso: Isolate, loc: number, t: number): boolean {
  if (iso.caches[CERTS].get(0) !== undefined) return true;
  s.counters[s.base + KV_R]!++;
  if (s.kv.read(CERT, 0, loc, t) === undefined) {
    if (!iso.certVerified && !iso.certDownloads.take(t)) {
      s.counters[s.base + CERT_LIMITED]!++;
      return false;
    }
    s.counters[s.base + S3]!++;
    s.counters[s.base + KV_W]!++;
    s.kv.write(CERT, 0, loc, t, s.m.certKvMaxTtlSeconds, 0);
  }
  iso.certVerified = true;
  s.remember(iso, CERTS, 0, Infinity);
  return true;
}

/** Alexa's current token for the slot; refreshed (a new string, a new cache key) once expired. */
export function token(s: Simulation, u: number, slot: number, t: number): number {
  const i = u * 4 + slot;
  if (t >= s.issued[i]! + s.m.tokenLifetimeSeconds) refresh(s, u, slot, t);
  return i * 8 + (s.generation[i]! & 7);
}

export function refresh(s: Simulation, u: number, slot: number, t: number): void {
  const i = u * 4 + slot;
  s.issued[i] = t;
  s.generation[i] = (s.generation[i]! + 1) & 255;
}

/** account-service.ts `peek`: memory, else `tok:` in KV; never `rej:`, never the provider. */
export function peek(s: Simulation, iso: Isolate, u: number, detail: number, loc: number, t: number): void {
  if ((detail & REVOKED) !== 0) return void kvTokenRead(s, -1 - s.revokedTokens++, loc, t);
  const key = token(s, u, detail & SLOT_MASK, t);
  if (fromMemory(s, iso, key, t)) return;
  const stored = kvTokenRead(s, key, loc, t);
  if (stored !== undefined) s.remember(iso, ACCOUNTS, key, stored);
}

/**
 * account-service.ts `resolve` for the request's token: the user's current token for the slot, or
 * (a revoked session) a token nobody presented before, which the provider refuses.
 */
export function resolve(s: Simulation, iso: Isolate, u: number, detail: number, loc: number, t: number): number {
  if ((detail & REVOKED) !== 0) return lookup(s, iso, -1 - s.revokedTokens++, u, true, t, loc, t);
  const slot = detail & SLOT_MASK;
  const key = token(s, u, slot, t);
  return lookup(s, iso, key, u, false, s.issued[u * 4 + slot]! + s.m.tokenLifetimeSeconds, loc, t);
}

/**
 * account-service.ts `#lookup` and `#load` for one token (`key`; negative for a refused one) of
 * user `u`: memory, refused-token memory, `tok:` in KV, `rej:` in KV, then the validator. A
 * validated token is kept in memory and, when it lives at least KV's minimum TTL, written to
 * `tok:`, whose write then reads the user's `purge:` tombstone (token-cache.ts `#storeInKv`); a
 * refused one is remembered in memory and written to `rej:` (token-cache.ts `rememberInvalid`).
 * `expiresAt` is when the token itself expires (seconds).
 */
export function lookup(s: Simulation, iso: Isolate, key: number, u: number, refused: boolean, expiresAt: number, loc: number, t: number): number {
  const m = s.m;
  if (fromMemory(s, iso, key, t)) return LINKED_STATUS;
  const until = iso.caches[REJECTED].get(key);
  if (until !== undefined && until > t) return INVALID_STATUS;
  const stored = kvTokenRead(s, key, loc, t);
  if (stored !== undefined) {
    s.remember(iso, ACCOUNTS, key, stored);
    return LINKED_STATUS;
  }
  s.counters[s.base + KV_R]!++;
  const rejected = s.kv.read(REJ, key, loc, t);
  if (rejected !== undefined && rejected.v > t) {
    s.counters[s.base + REJ_HIT]!++;
    s.remember(iso, REJECTED, key, Math.min(rejected.v, t + m.refusedTtlSeconds));
    return INVALID_STATUS;
  }
  validate(s, iso, loc, t, refused);
  if (refused) {
    s.remember(iso, REJECTED, key, t + m.refusedTtlSeconds);
    if (m.refusedTtlSeconds >= m.kvMinTtlSeconds) {
      s.counters[s.base + KV_W]!++;
      s.kv.write(REJ, key, loc, t, m.refusedTtlSeconds, t + m.refusedTtlSeconds);
    }
    return INVALID_STATUS;
  }
  const cap = t + m.tokenCacheMaxTtlSeconds;
  const entryExpiresAt = m.tokenMode === 'opaque' ? cap : Math.min(expiresAt, cap);
  s.remember(iso, ACCOUNTS, key, entryExpiresAt);
  const ttl = Math.floor(entryExpiresAt - t);
  if (ttl >= m.kvMinTtlSeconds) {
    s.counters[s.base + KV_W]!++;
    s.kv.write(TOK, key, loc, t, ttl, entryExpiresAt);
    // The tombstone of a purge made after this validation began would undo the write; in the
    // simulation requests run one after another, so none is ever newer than the validation.
    s.counters[s.base + KV_R]!++;
    s.kv.read(PURGE, u, loc, t);
  }
  return LINKED_STATUS;
}

export function fromMemory(s: Simulation, iso: Isolate, key: number, t: number): boolean {
  const accounts = iso.caches[ACCOUNTS];
  const exp = accounts.get(key);
  if (exp !== undefined && exp > t) {
    s.counters[s.base + MEM_HIT]!++;
    return true;
  }
  if (exp !== undefined) accounts.map.delete(key);
  return false;
}

/** One billed `tok:` read; the entry's expiry when it is visible and unexpired. */
export function kvTokenRead(s: Simulation, key: number, loc: number, t: number): number | undefined {
  s.counters[s.base + KV_R]!++;
  const r = key < 0 ? (s.kv.count(TOK, 'reads'), undefined) : s.kv.read(TOK, key, loc, t);
  if (r === undefined || r.v <= t) return undefined;
  s.counters[s.base + KV_HIT]!++;
  return r.v;
}

/**
 * The provider's side of one validation, by token mode. JWT (jwt-validator.ts): the key set from
 * memory, else `jwks:`, refetched after its max age and each download written to `jwks:`; the
 * token is verified locally, then the profile is loaded (a revoked but well-signed JWT is refused
 * by the profile API). Opaque (opaque-validator.ts `OpaqueValidator`): userinfo and the profile at
 * once. Login with Amazon (`LoginWithAmazonValidator`): tokeninfo first; userinfo and the profile
 * only for a token it admits.
 */
export function validate(s: Simulation, iso: Isolate, loc: number, t: number, refused: boolean): void {
  const c = s.counters;
  const b = s.base;
  s.validated = true;
  c[b + VALID]!++;
  if (s.m.tokenMode === 'lwa') {
    c[b + TOKENINFO]!++;
    if (refused) return;
  }
  c[b + PROFILE]!++;
  if (s.m.tokenMode !== 'jwt') {
    c[b + USERINFO]!++;
    return;
  }
  if (iso.jwksUat === undefined) {
    c[b + KV_R]!++;
    iso.jwksUat = s.kv.read(JWKS, 0, loc, t)?.v ?? -Infinity;
  }
  if (t >= iso.jwksUat + s.m.jwksMaxAgeSeconds) {
    c[b + JWKS_FETCH]!++;
    c[b + KV_W]!++;
    iso.jwksUat = t;
    s.kv.write(JWKS, 0, loc, t, s.m.jwksMaxAgeSeconds, t);
  }
  if (s.peaks[JWKS_CACHE] === 0) s.peaks[JWKS_CACHE] = 1;
}

/** answer-once.ts / replay-guard.ts: `done:` memory then KV, the side effect, then the record. */
export function answerOnce(s: Simulation, iso: Isolate, u: number, detail: number, t: number, rideOrder: boolean, attributesWrite: boolean): void {
  const key = s.doneKeys++;
  if (iso.caches[REPLAYS].get(key) !== undefined) return;
  s.counters[s.base + KV_R]!++;
  s.kv.count(DONE, 'reads');
  if (rideOrder) s.counters[s.base + RIDE]!++;
  if (attributesWrite) {
    const destination = (detail >>> DESTINATION_SHIFT) & 3;
    if (s.lastDestination[u] === destination) s.unchanged++;
    s.lastDestination[u] = destination;
    if (s.hasAttributes[u] === 0) s.kv.attributes++;
    s.hasAttributes[u] = 1;
    s.kvCount(ATTR, 'writes');
    s.kv.noteWrite(ATTR, u, t);
  }
  s.remember(iso, REPLAYS, key, t + s.m.replayRecordTtlSeconds);
  s.counters[s.base + KV_W]!++;
  s.kv.writeUnique(DONE, t, s.m.replayRecordTtlSeconds);
}

/**
 * skill-events.ts SkillDisabled, token-cache.ts `forgetUser`: the purge recorded in memory
 * (purges.ts) and its `purge:` tombstone written, the user's accounts dropped from this isolate's
 * memory, `tok:<user>:` listed and each entry deleted; then `attr:` deleted if NOT_PERSISTED.
 */
export function purge(s: Simulation, iso: Isolate, u: number, loc: number, t: number): void {
  s.remember(iso, PURGES, u, t);
  s.counters[s.base + KV_W]!++;
  s.kv.write(PURGE, u, loc, t, s.m.purgeTombstoneTtlSeconds, t);
  s.kvCount(TOK, 'lists');
  for (let slot = 0; slot < 4; slot++) {
    const i = u * 4 + slot;
    for (let g = 0; g < 8; g++) {
      const key = i * 8 + g;
      iso.caches[ACCOUNTS].map.delete(key);
      if (s.kv.peek(TOK, key, t) !== undefined) {
        s.counters[s.base + KV_D]!++;
        s.kv.delete(TOK, key, t);
      }
    }
  }
  if ((s.pop.flags[u]! & NOT_PERSISTED) !== 0) {
    s.kvCount(ATTR, 'deletes');
    if (s.hasAttributes[u] === 1) s.kv.attributes--;
    s.hasAttributes[u] = 0;
  }
}
