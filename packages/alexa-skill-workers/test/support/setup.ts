import { reset } from 'cloudflare:test';
import { afterEach, beforeEach, expect, vi } from 'vitest';
import { outbound } from './outbound.ts';

beforeEach(async () => {
  await reset();
  outbound.install();
});

afterEach(() => {
  vi.restoreAllMocks();
  expect(outbound.unexpected, 'unexpected outbound requests').toEqual([]);
});
