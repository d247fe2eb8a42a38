import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Kv, TOK } from '../bench/cost/kv.ts';
import { parametersSection } from '../bench/cost/report.ts';
import { run } from '../bench/cost/run.ts';
import { CPU, KIT, model, REQUESTS } from '../bench/cost/simulate.ts';

const ROOT = join(import.meta.dirname, '..');

/**
 * A kit module, loaded at run time: the kit's runtime modules need Workers' global types, which
 * this project (tsconfig.tools.json) does not have, so they are not imported statically.
 */
async function kit<T>(path: string): Promise<T> {
  return (await import(join(ROOT, 'packages/alexa-skill-workers/src', path))) as T;
}

interface TokenCacheLike {
  ref(owner: string, token: string): Promise<unknown>;
  store(ref: unknown, account: { subject: string; profile: object; expiresAt: number }, now: Date): void;
  rememberInvalid(ref: unknown, now: Date): void;
  isKnownInvalid(ref: unknown, now: Date): boolean;
  readonly size: { accounts: number; rejected: number };
}
const tiny = { users: 3000, days: 3, seed: 7 };

/** One location, one isolate that lives all month, no deploys: every request of a user meets the same caches. */
const oneIsolate = {
  locations: 1,
  requestsPerSecondPerIsolate: 1e9,
  isolateLifetimeSeconds: 1e9,
  isolateIdleSeconds: 1e9,
  deploysPerMonth: 0,
};

describe('the cost model (bench/cost)', () => {
  it('gives the same result for the same seed, and another for another seed', () => {
    const a = run(model(), tiny);
    const b = run(model(), tiny);
    expect(b).toEqual(a);
    expect(run(model(), { ...tiny, seed: 8 }).sim.totals).not.toEqual(a.sim.totals);
  });

  it('reads no tok: entry for a token found in isolate memory, and exactly one for any other', () => {
    const o = run(model({ linkedShare: 1 }), tiny);
    const tokenRequests = Object.entries(REQUESTS)
      .filter(([, effects]) => effects.token !== 'none')
      .reduce((sum, [kind]) => sum + o.sim.byKind[kind as keyof typeof REQUESTS].requests, 0);
    expect(o.sim.totals.tokenMemoryHits).toBeGreaterThan(0);
    expect(o.sim.kv.tok.reads).toBe(tokenRequests - o.sim.totals.tokenMemoryHits);
  });

  it('answers the later turns of a session from isolate memory: no KV read for them', () => {
    const threeOrders = [{ name: 'three orders', share: 1, requests: ['OrderCar', 'OrderCar', 'OrderCar'] }];
    // Tokens that never expire: a session's three turns always carry the same token.
    const o = run(model({ ...oneIsolate, tokenLifetimeSeconds: 1e9, sessions: threeOrders, destinationSlotShare: 1, linkedShare: 1, householdsWithPersonsShare: 0, revokedSessionShare: 0, newlyLinkedShare: 0, disabledShare: 0 }), tiny);
    const orders = o.sim.byKind.OrderCar;
    const sessions = orders.requests / 3;
    expect(orders.tokenMemoryHits).toBeGreaterThanOrEqual(2 * sessions);
    // A tok: read only for a token not in memory; the one isolate read the certificate and the key set once, if at all.
    expect(o.sim.kv.tok.reads).toBe(orders.requests - orders.tokenMemoryHits);
    expect(o.sim.kv.cert.reads + o.sim.kv.jwks.reads).toBeLessThanOrEqual(2);
    expect(orders.kvReads).toBe(o.sim.kv.tok.reads + o.sim.kv.cert.reads + o.sim.kv.jwks.reads);
  });

  it('keeps every in-isolate cache within its bound, and the bound is reached', () => {
    const bounds = { tokenMemoryEntries: 7, replayMemoryEntries: 5, rejectedMemoryEntries: 2, certMemoryEntries: 1 };
    const o = run(model({ ...oneIsolate, ...bounds, revokedSessionShare: 0.05 }), tiny);
    const { peaks } = o.sim;
    expect(peaks.accounts).toMatchObject({ bound: 7, entries: 7 });
    expect(peaks.replays).toMatchObject({ bound: 5, entries: 5 });
    expect(peaks.rejected).toMatchObject({ bound: 2, entries: 2 });
    expect(peaks.certificates).toMatchObject({ bound: 1, entries: 1 });
    const defaults = run(model(), tiny).sim.peaks;
    for (const peak of Object.values(defaults)) expect(peak.entries).toBeLessThanOrEqual(peak.bound);
  });

  it('costs a user with one OrderCar a day at most 3 KV reads (certificate, key set, token) and 1 write', () => {
    const once = [{ name: 'one order', share: 1, requests: ['OrderCar'] }];
    const o = run(model({ sessions: once, sessionsPerActiveDay: [1], destinationSlotShare: 1, linkedShare: 1, newlyLinkedShare: 0, disabledShare: 0, revokedSessionShare: 0 }), tiny);
    expect(o.sim.totals.requests).toBe(o.sim.activeUserDays);
    expect(o.sim.maxPerRequest.OrderCar.kvReads).toBe(3);
    expect(o.perActiveUserDay.kvReads).toBeLessThanOrEqual(3);
    expect(o.perActiveUserDay.kvReads).toBeGreaterThanOrEqual(1);
    // A token write, and at most the key set's (a new isolate's JWKS download) and the certificate's.
    expect(o.sim.maxPerRequest.OrderCar.kvWrites).toBeLessThanOrEqual(3);
  });

  it('never writes a done: record or an attribute for a public request', () => {
    const o = run(model(), tiny);
    expect(o.sim.byKind.RideHailerAvailabilityByCity.rideOrders).toBe(0);
    expect(o.sim.kv.done.writes).toBe(o.sim.byKind['AMAZON.YesIntent'].rideOrders);
    expect(o.sim.kv.attr.writes).toBe(o.sim.kv.done.writes);
  });

  it('hides a KV write from other locations for the propagation delay, not from its own', () => {
    const kv = new Kv(60);
    kv.write(TOK, 42, 0, 1000, 900, 1);
    expect(kv.read(TOK, 42, 0, 1000)).toBeDefined();
    expect(kv.read(TOK, 42, 1, 1059)).toBeUndefined();
    expect(kv.read(TOK, 42, 1, 1060)).toBeDefined();
    expect(kv.read(TOK, 42, 1, 1900)).toBeUndefined();
    expect(kv.ops[TOK]).toMatchObject({ reads: 4, writes: 1 });
  });

  it('takes its figures from the kit and the bench', async () => {
    expect(KIT.kvMinTtlSeconds.value).toBe((await kit<{ KV_MIN_TTL_SECONDS: number }>('lib/kv.ts')).KV_MIN_TTL_SECONDS);
    expect(KIT.replayRecordTtlSeconds.value).toBe((await kit<{ REPLAY_RECORD_TTL_SECONDS: number }>('ask-sdk/replay-guard.ts')).REPLAY_RECORD_TTL_SECONDS);
    const bench = JSON.parse(readFileSync(join(ROOT, 'bench/results/bench.json'), 'utf8')) as {
      inIsolate: Record<string, { medianUs: number }>;
      startup: { differenceMs: number };
    };
    expect(CPU.warmLinkedUs.value).toBe(bench.inIsolate['warm linked OrderCar']!.medianUs);
    expect(CPU.warmPublicUs.value).toBe(bench.inIsolate['warm unlinked public intent']!.medianUs);
    expect(CPU.newTokenUs.value).toBe(bench.inIsolate['new token']!.medianUs);
    expect(CPU.newIsolateUs.value).toBe(bench.inIsolate['new isolate']!.medianUs);
    expect(CPU.startupMs.value).toBe(bench.startup.differenceMs);
  });

  it('bounds the token cache as the kit does (TokenCache defaults)', async () => {
    const { TokenCache } = await kit<{ TokenCache: new (options: object) => TokenCacheLike }>('linking/token-cache.ts');
    const kv = { get: () => Promise.resolve(null), put: () => Promise.resolve() };
    const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const cache = new TokenCache({ kv, log });
    const now = new Date(0);
    for (let i = 0; i <= KIT.tokenMemoryEntries.value; i++) {
      const ref = await cache.ref(`user-${i}`, `token-${i}`);
      cache.store(ref, { subject: 's', profile: {}, expiresAt: 1000 }, now);
      cache.rememberInvalid(ref, now);
    }
    expect(cache.size).toEqual({ accounts: KIT.tokenMemoryEntries.value, rejected: KIT.rejectedMemoryEntries.value });
    const ref = await cache.ref('user-0', 'token-x');
    cache.rememberInvalid(ref, now);
    expect(cache.isKnownInvalid(ref, new Date(KIT.rejectedMemorySeconds.value * 1000 - 1))).toBe(true);
    expect(cache.isKnownInvalid(ref, new Date(KIT.rejectedMemorySeconds.value * 1000))).toBe(false);
  });

  it('has docs/cost.md show the parameter tables the script runs on', () => {
    const page = readFileSync(join(ROOT, 'docs/cost.md'), 'utf8');
    const section = /<!-- generated: parameters -->\n([\s\S]*?)\n<!-- end: parameters -->/.exec(page)?.[1];
    expect(section).toBe(parametersSection());
  });

  it('runs as the docs show it: `node bench/cost/simulate.ts --users … --days … --seed … --json`', () => {
    const cli = spawnSync(process.execPath, ['bench/cost/simulate.ts', '--users', '2000', '--days', '2', '--seed', '1', '--json'], { cwd: ROOT, encoding: 'utf8' });
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    const out = JSON.parse(cli.stdout) as { users: number; simulatedDays: number[]; cost: { totalUsd: number } };
    expect(out).toMatchObject({ users: 2000, simulatedDays: [0, 1] });
    expect(out.cost.totalUsd).toBeGreaterThanOrEqual(5);
    const markdown = spawnSync(process.execPath, ['bench/cost/simulate.ts', '--users', '2000', '--days', '1'], { cwd: ROOT, encoding: 'utf8' });
    expect(markdown.stdout).toContain('## Monthly cost');
    const sampled = spawnSync(
      process.execPath,
      ['bench/cost/simulate.ts', '--users', '2000', '--days', '6', '--sample-days', '2', '--set', 'locations=6', '--set', 'tokenMode=lwa', '--json'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const lwa = JSON.parse(sampled.stdout) as { tokenMode: string; simulatedDays: number[]; monthFactor: number; month: { tokeninfoCalls: number; jwksFetches: number } };
    expect(lwa).toMatchObject({ tokenMode: 'lwa', simulatedDays: [0, 3], monthFactor: 15 });
    expect(lwa.month.tokeninfoCalls).toBeGreaterThan(0);
    expect(lwa.month.jwksFetches).toBe(0);
    const bad = spawnSync(process.execPath, ['bench/cost/simulate.ts', '--users', '10', '--set', 'noSuchThing=1'], { cwd: ROOT, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('--set noSuchThing: no such parameter');
  });
});
