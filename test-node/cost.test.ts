import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../bench/cost/engine.ts';
import { Bucket, Isolate } from '../bench/cost/isolate.ts';
import { Kv, PREFIXES, TOK, type Operations } from '../bench/cost/kv.ts';
import { lookup, peek, purge, token } from '../bench/cost/layers.ts';
import { VALID } from '../bench/cost/metrics.ts';
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

/** The part of the kit's AccountService these tests drive (linking/account-service.ts). */
interface AccountServiceLike {
  resolve(owner: string, token: string, ctx: Context): Promise<{ kind: string }>;
  peek(owner: string, token: string, ctx: Context): Promise<unknown>;
  forgetUser(userId: string, ctx: Context): Promise<number>;
}
interface Context {
  readonly now: Date;
  readonly log: { info(): void; warn(): void; error(): void };
  readonly waitUntil: (promise: Promise<unknown>) => void;
}

/** The account-linking prefixes: what AccountService reads and writes (kv-keys.ts `tokenKeys`, `purgeKey`). */
const ACCOUNT_PREFIXES = ['tok', 'rej', 'purge'];
const prefixOf = (key: string) => key.slice(0, key.indexOf(':'));

/**
 * The kit's AccountService as Ride Hailer builds it (src/runtime.ts: no `maxEntries`, no
 * `refusedTtlSeconds`), taken from its public entries (`alexa-skill-workers/linking`, `/errors`),
 * any number of them (isolates) over one KV that records each operation as
 * "<prefix> <reads|writes|deletes|lists>", with a validator that refuses tokens named `refused…`.
 * The KV is a recorder, not a stand-in for KV's semantics (this Node project has no workerd KV):
 * only which operations are made is compared, never expiry or visibility. `settle()` waits for the
 * background writes (`waitUntil`).
 */
async function kitAccounts() {
  const { AccountService } = await kit<{ AccountService: new (options: object) => AccountServiceLike }>('linking.ts');
  const { LinkingError } = await kit<{ LinkingError: new (code: string, message: string) => Error }>('errors.ts');
  const store = new Map<string, string>();
  const ops: string[] = [];
  const ttls: Record<string, number | undefined> = {};
  const kv = {
    get: (key: string) => (ops.push(`${prefixOf(key)} reads`), Promise.resolve(store.get(key) ?? null)),
    put: (key: string, value: string, options?: { expirationTtl?: number }) => {
      ops.push(`${prefixOf(key)} writes`);
      ttls[prefixOf(key)] = options?.expirationTtl;
      store.set(key, value);
      return Promise.resolve();
    },
    delete: (key: string) => (ops.push(`${prefixOf(key)} deletes`), store.delete(key), Promise.resolve()),
    list: ({ prefix }: { prefix: string }) => {
      ops.push(`${prefixOf(prefix)} lists`);
      return Promise.resolve({ keys: [...store.keys()].filter((k) => k.startsWith(prefix)).map((name) => ({ name })), list_complete: true });
    },
  };
  const validations = { count: 0 };
  const validator = {
    timeoutMs: 1000,
    admit(token: string) {
      validations.count++;
      if (token.startsWith('refused')) return Promise.reject(new LinkingError('TOKEN_INVALID', 'refused'));
      return Promise.resolve(() => Promise.resolve({ subject: 'subject', expiresAt: undefined, claims: {} }));
    },
    validate(token: string) {
      return this.admit(token).then((rest) => rest());
    },
  };
  const profile = { load: () => Promise.resolve({}), parse: (v: unknown) => (typeof v === 'object' && v !== null ? v : undefined) };
  const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const background: Promise<unknown>[] = [];
  return {
    ops,
    ttls,
    validations,
    service: () => new AccountService({ validator, profile, kv, log }),
    ctx: (ms: number): Context => ({ now: new Date(ms), log, waitUntil: (p) => void background.push(p) }),
    settle: async () => void (await Promise.all(background.splice(0))),
  };
}

/** The model's KV operations on the account-linking prefixes since `before`, as "<prefix> <op>" → count. */
function modelOps(kv: Kv, before: readonly Operations[]): Record<string, number> {
  const out: Record<string, number> = {};
  PREFIXES.forEach((prefix, i) => {
    if (!ACCOUNT_PREFIXES.includes(prefix)) return;
    for (const op of ['reads', 'writes', 'deletes', 'lists'] as const) {
      const n = kv.ops[i]![op] - before[i]![op];
      if (n !== 0) out[`${prefix} ${op}`] = n;
    }
  });
  return out;
}
const counted = (ops: readonly string[]) => ops.reduce<Record<string, number>>((out, op) => ({ ...out, [op]: (out[op] ?? 0) + 1 }), {});

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
    // rej: and purge: only on the validation path (a token in neither memory nor tok:).
    expect(o.sim.kv.rej.reads).toBe(orders.tokenValidations);
    expect(orders.kvReads).toBe(o.sim.kv.tok.reads + o.sim.kv.rej.reads + o.sim.kv.purge.reads + o.sim.kv.cert.reads + o.sim.kv.jwks.reads);
  });

  it('keeps every in-isolate cache within its bound, and the bound is reached', () => {
    const bounds = { tokenMemoryEntries: 7, replayMemoryEntries: 5, rejectedMemoryEntries: 2, purgeMemoryEntries: 3, certMemoryEntries: 1 };
    const o = run(model({ ...oneIsolate, ...bounds, revokedSessionShare: 0.05, disabledShare: 0.2 }), tiny);
    const { peaks } = o.sim;
    expect(peaks.accounts).toMatchObject({ bound: 7, entries: 7 });
    expect(peaks.replays).toMatchObject({ bound: 5, entries: 5 });
    expect(peaks.rejected).toMatchObject({ bound: 2, entries: 2 });
    expect(peaks.purges).toMatchObject({ bound: 3, entries: 3 });
    expect(peaks.certificates).toMatchObject({ bound: 1, entries: 1 });
    const defaults = run(model(), tiny).sim.peaks;
    for (const peak of Object.values(defaults)) expect(peak.entries).toBeLessThanOrEqual(peak.bound);
  });

  it('costs a user with one OrderCar a day at most 5 KV reads (certificate, key set, token, refusal, purge tombstone) and 3 writes', () => {
    const once = [{ name: 'one order', share: 1, requests: ['OrderCar'] }];
    const o = run(model({ sessions: once, sessionsPerActiveDay: [1], destinationSlotShare: 1, linkedShare: 1, newlyLinkedShare: 0, disabledShare: 0, revokedSessionShare: 0 }), tiny);
    expect(o.sim.totals.requests).toBe(o.sim.activeUserDays);
    expect(o.sim.maxPerRequest.OrderCar.kvReads).toBe(5);
    expect(o.perActiveUserDay.kvReads).toBeLessThanOrEqual(5);
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
    expect(KIT.refusedTtlSeconds.value).toBe((await kit<{ REFUSED_TTL_SECONDS: number }>('linking/token-cache.ts')).REFUSED_TTL_SECONDS);
    expect(KIT.purgeTombstoneTtlSeconds.value).toBe((await kit<{ PURGE_TOMBSTONE_TTL_SECONDS: number }>('linking/purges.ts')).PURGE_TOMBSTONE_TTL_SECONDS);
    expect(KIT.tokenCacheMaxTtlSeconds.value).toBe((await kit<{ DEFAULT_MAX_TTL_SECONDS: number }>('linking.ts')).DEFAULT_MAX_TTL_SECONDS);
    const certs = await kit<{ UNVERIFIED_DOWNLOAD_BURST: number; UNVERIFIED_REFILL_MS: number }>('verification/cert-store.ts');
    expect(KIT.certUnverifiedDownloadBurst.value).toBe(certs.UNVERIFIED_DOWNLOAD_BURST);
    expect(KIT.certUnverifiedRefillSeconds.value * 1000).toBe(certs.UNVERIFIED_REFILL_MS);
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

  it('bounds the account service as Ride Hailer builds it (AccountService defaults)', async () => {
    const h = await kitAccounts();
    const accounts = h.service();
    const n = KIT.tokenMemoryEntries.value;
    expect(KIT.rejectedMemoryEntries.value).toBe(n);
    for (let i = 0; i <= n; i++) {
      await accounts.resolve(`user-${i}`, `token-${i}`, h.ctx(0));
      await accounts.resolve(`user-${i}`, `refused-${i}`, h.ctx(0));
    }
    await h.settle();
    h.ops.length = 0;
    const validations = h.validations.count;
    // The n most recent of n + 1 are in memory; the first is not.
    await accounts.resolve('user-1', 'token-1', h.ctx(1));
    await accounts.resolve('user-1', 'refused-1', h.ctx(1));
    expect(h.ops).toEqual([]);
    await accounts.resolve('user-0', 'token-0', h.ctx(1));
    expect(h.ops).toEqual(['tok reads']);
    h.ops.length = 0;
    await accounts.resolve('user-0', 'refused-0', h.ctx(1));
    expect(h.ops).toEqual(['tok reads', 'rej reads']);
    expect(h.validations.count).toBe(validations);

    // A refused token: remembered for refusedTtlSeconds, in memory and in rej:.
    const ttl = KIT.refusedTtlSeconds.value;
    const fresh = h.service();
    await fresh.resolve('user-x', 'refused-x', h.ctx(0));
    await h.settle();
    expect(h.ttls.rej).toBe(ttl);
    h.ops.length = 0;
    await fresh.resolve('user-x', 'refused-x', h.ctx(ttl * 1000 - 1));
    expect(h.ops).toEqual([]);
    await fresh.resolve('user-x', 'refused-x', h.ctx(ttl * 1000));
    await h.settle();
    expect(h.ops).toEqual(['tok reads', 'rej reads', 'rej writes']);
  });

  it('makes the KV reads and writes the kit makes, path by path (AccountService against the model)', async () => {
    const h = await kitAccounts();
    const kitIsolates = { A: h.service(), B: h.service(), C: h.service() };
    const s = new Simulation(model({ tokenMode: 'opaque', locations: 1 }), { users: 1, days: [0], seed: 1 });
    const modelIsolates = { A: new Isolate(s.m, 0), B: new Isolate(s.m, 0), C: new Isolate(s.m, 0) };
    const steps = [
      { step: 'A resolves a new token', on: 'A', act: 'resolve', token: 'valid', ops: { 'tok reads': 1, 'rej reads': 1, 'tok writes': 1, 'purge reads': 1 }, validations: 1 },
      { step: 'A resolves it again', on: 'A', act: 'resolve', token: 'valid', ops: {}, validations: 0 },
      { step: 'B resolves it', on: 'B', act: 'resolve', token: 'valid', ops: { 'tok reads': 1 }, validations: 0 },
      { step: 'A resolves a token the provider refuses', on: 'A', act: 'resolve', token: 'refused', ops: { 'tok reads': 1, 'rej reads': 1, 'rej writes': 1 }, validations: 1 },
      { step: 'A resolves the refused token again', on: 'A', act: 'resolve', token: 'refused', ops: {}, validations: 0 },
      { step: 'B resolves the refused token', on: 'B', act: 'resolve', token: 'refused', ops: { 'tok reads': 1, 'rej reads': 1 }, validations: 0 },
      { step: 'C peeks at the new token (LaunchRequest)', on: 'C', act: 'peek', token: 'valid', ops: { 'tok reads': 1 }, validations: 0 },
      { step: 'A purges the user (SkillDisabled)', on: 'A', act: 'purge', token: 'valid', ops: { 'purge writes': 1, 'tok lists': 1, 'tok deletes': 1 }, validations: 0 },
      { step: 'B still holds the token in memory', on: 'B', act: 'resolve', token: 'valid', ops: {}, validations: 0 },
      { step: 'A validates it again', on: 'A', act: 'resolve', token: 'valid', ops: { 'tok reads': 1, 'rej reads': 1, 'tok writes': 1, 'purge reads': 1 }, validations: 1 },
    ] as const;
    for (const [i, { step, on, act, token: which, ops, validations }] of steps.entries()) {
      const t = 1000 + i;
      const tokenString = which === 'valid' ? 'token-1' : 'refused-1';
      h.ops.length = 0;
      const kitValidations = h.validations.count;
      const accounts = kitIsolates[on];
      if (act === 'resolve') await accounts.resolve('user-0', tokenString, h.ctx(t * 1000));
      else if (act === 'peek') await accounts.peek('user-0', tokenString, h.ctx(t * 1000));
      else await accounts.forgetUser('user-0', h.ctx(t * 1000));
      await h.settle();
      expect({ step, ops: counted(h.ops), validations: h.validations.count - kitValidations }).toEqual({ step, ops, validations });

      const before = s.kv.ops.map((o) => ({ ...o }));
      const modelValidations = s.counters[VALID]!;
      const iso = modelIsolates[on];
      const key = which === 'valid' ? token(s, 0, 0, t) : -1;
      if (act === 'resolve') lookup(s, iso, key, 0, which === 'refused', s.issued[0]! + s.m.tokenLifetimeSeconds, 0, t);
      else if (act === 'peek') peek(s, iso, 0, 0, 0, t);
      else purge(s, iso, 0, 0, t);
      expect({ step, ops: modelOps(s.kv, before), validations: s.counters[VALID]! - modelValidations }).toEqual({ step, ops, validations });
    }
  });

  it('reads rej: before every validation and purge: after every tok: write, and writes rej: for every refusal', () => {
    const o = run(model({ linkedShare: 1, revokedSessionShare: 0.05 }), tiny);
    const { kv, totals } = o.sim;
    // Every rej: read either found a refusal or let a validation go ahead; the model's refused
    // tokens are each presented once, so none found one.
    expect(kv.rej.reads).toBe(totals.tokenValidations + totals.refusedKvHits);
    expect(totals.refusedKvHits).toBe(0);
    expect(kv.purge.reads).toBe(kv.tok.writes);
    expect(kv.rej.writes).toBeGreaterThan(0);
    expect(kv.rej.writes + kv.tok.writes).toBeLessThanOrEqual(totals.tokenValidations);
    expect(kv.purge.writes).toBe(o.sim.byKind['AlexaSkillEvent.SkillDisabled'].requests);
  });

  it.each([
    { mode: 'jwt', userinfo: 0, tokeninfo: 0, profileOfRefused: 1 },
    { mode: 'opaque', userinfo: 1, tokeninfo: 0, profileOfRefused: 1 },
    // LoginWithAmazonValidator: tokeninfo first; a token it refuses reaches neither userinfo nor the profile API.
    { mode: 'lwa', userinfo: 1, tokeninfo: 1, profileOfRefused: 0 },
  ])('calls the provider as the $mode validator does, refused tokens included', ({ mode, userinfo, tokeninfo, profileOfRefused }) => {
    const o = run(model({ tokenMode: mode, linkedShare: 1, revokedSessionShare: 0.05 }), tiny);
    const { totals, kv } = o.sim;
    const refusals = kv.rej.writes;
    const admitted = totals.tokenValidations - refusals;
    expect(refusals).toBeGreaterThan(0);
    expect(totals.tokeninfoCalls).toBe(tokeninfo * totals.tokenValidations);
    expect(totals.profileCalls).toBe(admitted + profileOfRefused * refusals);
    expect(totals.userinfoCalls).toBe(userinfo * totals.profileCalls);
    expect(totals.jwksFetches > 0).toBe(mode === 'jwt');
  });

  it('bounds certificate downloads as the kit\'s token bucket does, and genuine traffic never reaches the bound', async () => {
    const { TokenBucket } = await kit<{ TokenBucket: new (burst: number, refillMs: number) => { take(now: number): boolean } }>('lib/token-bucket.ts');
    const burst = KIT.certUnverifiedDownloadBurst.value;
    const refill = KIT.certUnverifiedRefillSeconds.value;
    const kitBucket = new TokenBucket(burst, refill * 1000);
    const modelBucket = new Bucket(burst, refill);
    const times = [...Array<number>(burst + 2).fill(0), 1, refill, refill + 1, 2 * refill, 60, 60, 60, 59, 300, ...Array<number>(burst + 2).fill(300)];
    const taken = times.map((t) => modelBucket.take(t));
    expect(taken).toEqual(times.map((t) => kitBucket.take(t * 1000)));
    expect(taken).toContain(false);
    // One certificate URL: each isolate downloads at most once, well within the burst (cert: kept
    // 10 minutes instead of 7 days, so that isolates download at all).
    const o = run(model({ isolateIdleSeconds: 60, certKvMaxTtlSeconds: 600 }), tiny);
    expect(o.sim.totals.certDownloadsLimited).toBe(0);
    expect(o.sim.totals.s3Downloads).toBeGreaterThan(0);
    expect(o.sim.totals.s3Downloads).toBeLessThanOrEqual(o.sim.isolates.started);
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
