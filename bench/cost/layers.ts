/**
 * The kit's layers, as the cost simulation plays them for one request: verification
 * (src/kit/verification/cert-store.ts), the account service and token cache
 * (src/kit/linking/account-service.ts, token-cache.ts, jwt-validator.ts, opaque-validator.ts), the
 * replay guard (src/kit/ask-sdk/replay-guard.ts, answer-once.ts) and SkillDisabled's purge
 * (src/kit/ask-sdk/skill-events.ts). Each counts what it costs on the request's type.
 */
import type { Simulation } from './engine.ts';
import { ACCOUNTS, CERTS, REJECTED, REPLAYS, type Isolate } from './isolate.ts';
import { ATTR, CERT, DONE, JWKS, TOK } from './kv.ts';
import { JWKS_FETCH, KV_D, KV_HIT, KV_R, KV_W, MEM_HIT, PROFILE, RIDE, S3, TOKENINFO, USERINFO, VALID } from './metrics.ts';
import { DESTINATION_SHIFT, NOT_PERSISTED, REVOKED, SLOT_MASK } from './population.ts';

/** What `resolve` found: a linked account, or a token the provider refused. */
export const LINKED_STATUS = 0;
export const INVALID_STATUS = 1;

/** cert-store.ts: memory, else `cert:` (re-validated), else S3, written to KV once the request verified. */
export function verify(s: Simulation, iso: Isolate, loc: number, t: number): void {
  if (iso.caches[CERTS].get(0) !== undefined) return;
  s.counters[s.base + KV_R]!++;
  if (s.kv.read(CERT, 0, loc, t) === undefined) {
    s.counters[s.base + S3]!++;
    s.counters[s.base + KV_W]!++;
    s.kv.write(CERT, 0, loc, t, s.m.certKvMaxTtlSeconds, 0);
  }
  s.remember(iso, CERTS, 0, Infinity);
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

/** account-service.ts `peek`: memory, else KV; never the provider. */
export function peek(s: Simulation, iso: Isolate, u: number, detail: number, loc: number, t: number): void {
  if ((detail & REVOKED) !== 0) return void kvTokenRead(s, -1 - s.revokedTokens++, loc, t);
  const key = token(s, u, detail & SLOT_MASK, t);
  if (fromMemory(s, iso, key, t)) return;
  const stored = kvTokenRead(s, key, loc, t);
  if (stored !== undefined) s.remember(iso, ACCOUNTS, key, stored);
}

/** account-service.ts `resolve`: memory, rejected memory, KV, then the validator and the profile. */
export function resolve(s: Simulation, iso: Isolate, u: number, detail: number, loc: number, t: number): number {
  const revoked = (detail & REVOKED) !== 0;
  const slot = detail & SLOT_MASK;
  const key = revoked ? -1 - s.revokedTokens++ : token(s, u, slot, t);
  if (!revoked && fromMemory(s, iso, key, t)) return LINKED_STATUS;
  const until = iso.caches[REJECTED].get(key);
  if (until !== undefined && until > t) return INVALID_STATUS;
  const stored = kvTokenRead(s, key, loc, t);
  if (stored !== undefined) {
    s.remember(iso, ACCOUNTS, key, stored);
    return LINKED_STATUS;
  }
  validate(s, iso, loc, t);
  if (revoked) {
    s.remember(iso, REJECTED, key, t + s.m.rejectedMemorySeconds);
    return INVALID_STATUS;
  }
  const m = s.m;
  const cap = t + m.tokenCacheMaxTtlSeconds;
  const expiry = s.issued[u * 4 + slot]! + m.tokenLifetimeSeconds;
  const expiresAt = m.tokenMode === 'opaque' ? cap : Math.min(expiry, cap);
  s.remember(iso, ACCOUNTS, key, expiresAt);
  const ttl = Math.floor(expiresAt - t);
  if (ttl >= m.kvMinTtlSeconds) {
    s.counters[s.base + KV_W]!++;
    s.kv.write(TOK, key, loc, t, ttl, expiresAt);
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

/** The provider's side of one validation, by token mode (jwt-validator.ts, opaque-validator.ts). */
export function validate(s: Simulation, iso: Isolate, loc: number, t: number): void {
  const c = s.counters;
  const b = s.base;
  s.validated = true;
  c[b + VALID]!++;
  c[b + PROFILE]!++;
  if (s.m.tokenMode !== 'jwt') {
    c[b + USERINFO]!++;
    if (s.m.tokenMode === 'lwa') c[b + TOKENINFO]!++;
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
  if (s.peaks[4] === 0) s.peaks[4] = 1;
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

/** skill-events.ts SkillDisabled: list `tok:<user>:`, delete each entry (memory too), `attr:` if NOT_PERSISTED. */
export function purge(s: Simulation, iso: Isolate, u: number, t: number): void {
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
