import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { IDEMPOTENCY_TTL_SECONDS, RideDesk, parseSfString, type RideOrder } from '../../demo/ride-hailer-service/src/rides.ts';
import { probeKv } from '../support/kv.ts';

const ANA: Omit<RideOrder, 'idempotencyKey'> = { userId: 'user-ana', places: ['work', 'home'], body: { destination: 'work' } };
const KEY = '"4f1c0b0e9d7a2c3b4f1c0b0e9d7a2c3b4f1c0b0e9d7a2c3b4f1c0b0e9d7a2c3b"';

/** A desk whose ride IDs are predictable. */
const desk = () => new RideDesk((n) => `ride-${n}`);

describe('demo service: POST /api/rides honours Idempotency-Key', () => {
  it('answers a repeated key with the ride it first created, and creates no other', async () => {
    const rides = desk();
    const first = await rides.order(env.CACHE, { ...ANA, idempotencyKey: KEY });
    const again = await rides.order(env.CACHE, { ...ANA, idempotencyKey: KEY });
    expect(first).toEqual({ status: 201, body: { id: 'ride-1', etaMinutes: 5 } });
    expect(again).toEqual(first);
    expect((await rides.order(env.CACHE, { ...ANA, idempotencyKey: null })).body).toMatchObject({ id: 'ride-2' });
  });

  it('finds the key from another isolate (the record is in KV, for 24 hours)', async () => {
    const kv = probeKv();
    const first = await desk().order(kv.kv, { ...ANA, idempotencyKey: KEY });
    expect(await desk().order(kv.kv, { ...ANA, idempotencyKey: KEY })).toEqual(first);
    const [stored] = [...kv.putOptions.entries()];
    expect(stored?.[0]).toMatch(/^ride-key:[0-9a-f]{64}$/);
    expect(stored?.[1]).toEqual({ expirationTtl: IDEMPOTENCY_TTL_SECONDS });
  });

  it('keeps keys per user: the same key from another user is another ride', async () => {
    const rides = desk();
    await rides.order(env.CACHE, { ...ANA, idempotencyKey: KEY });
    const ben = await rides.order(env.CACHE, { ...ANA, userId: 'user-ben', idempotencyKey: KEY });
    expect(ben.body).toMatchObject({ id: 'ride-2' });
  });

  it('refuses a key reused for another destination (422) and a key still being served (409)', async () => {
    const rides = desk();
    await rides.order(env.CACHE, { ...ANA, idempotencyKey: KEY });
    const other = await rides.order(env.CACHE, { ...ANA, body: { destination: 'home' }, idempotencyKey: KEY });
    expect(other).toEqual({ status: 422, body: { error: 'idempotency_key_reused' } });

    const fresh = '"another-key"';
    const [a, b] = await Promise.all([
      rides.order(env.CACHE, { ...ANA, idempotencyKey: fresh }),
      rides.order(env.CACHE, { ...ANA, idempotencyKey: fresh }),
    ]);
    expect([a.status, b.status]).toEqual([201, 409]);
  });

  it.each(['unquoted', '""', '"tab\there"', `"${'x'.repeat(256)}"`])('refuses the malformed key %j with 400', async (key) => {
    const answer = await desk().order(env.CACHE, { ...ANA, idempotencyKey: key });
    expect(answer).toEqual({ status: 400, body: { error: 'invalid_idempotency_key' } });
  });

  it('reads Structured Field Strings with escapes', () => {
    expect(parseSfString('"a\\"b\\\\c"')).toBe('a"b\\c');
    expect(parseSfString('"a\\nb"')).toBeUndefined();
  });
});
