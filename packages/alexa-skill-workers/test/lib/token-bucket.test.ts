import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../src/lib/token-bucket.ts';

const takes = (bucket: TokenBucket, now: number, n: number) => Array.from({ length: n }, () => bucket.take(now));

describe('TokenBucket', () => {
  it('gives `burst` tokens at once, then none until one refills', () => {
    const bucket = new TokenBucket(3, 1000);
    expect(takes(bucket, 0, 4)).toEqual([true, true, true, false]);
    expect(bucket.take(999)).toBe(false);
    expect(bucket.take(1000)).toBe(true);
    expect(bucket.take(1000)).toBe(false);
  });

  it('refills no more than `burst`, however long it was idle', () => {
    const bucket = new TokenBucket(2, 1000);
    takes(bucket, 0, 2);
    expect(takes(bucket, 3_600_000, 3)).toEqual([true, true, false]);
  });

  it('refills nothing when the clock steps back (requests carry their own `now`)', () => {
    const bucket = new TokenBucket(1, 1000);
    expect(bucket.take(5000)).toBe(true);
    expect(bucket.take(1000)).toBe(false);
    expect(bucket.take(5999)).toBe(false);
    expect(bucket.take(6000)).toBe(true);
  });

  it.each([[0, 1000], [1.5, 1000], [1, 0]])('refuses burst %s, refillMs %s', (burst, refillMs) => {
    expect(() => new TokenBucket(burst, refillMs)).toThrow(RangeError);
  });
});
