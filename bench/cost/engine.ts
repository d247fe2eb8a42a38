/**
 * The cost simulation's engine: a month of requests, in time order, through isolates (per
 * location, with churn) and the kit's layered caches, counting every KV operation, provider call
 * and S3 download, the peak entries of every in-isolate cache, and writes per second per key.
 * What each request does is `Model.requests` (bench/cost/simulate.ts); how each of the kit's
 * layers costs is bench/cost/layers.ts. Pure: no clock, no I/O; the same seed gives the same result.
 */
import { Isolate } from './isolate.ts';
import { ATTR, Kv, PREFIXES, type Operations, type Prefix } from './kv.ts';
import { answerOnce, LINKED_STATUS, peek, purge, refresh, resolve, verify } from './layers.ts';
import { CACHES, CPU, JWKS_CACHE, KV_D, KV_L, KV_R, KV_W, M, METRICS, NEW_ISO, REQ, type Cache, type Metric } from './metrics.ts';
import { dayTraffic, KINDS, population, WITH_DESTINATION, type DayTraffic, type Population } from './population.ts';
import { Random } from './random.ts';
import type { Model, RequestEffects, RequestKind } from './simulate.ts';

export interface SimOptions {
  readonly users: number;
  /** Days of the 30-day month to simulate (0..29), in order. */
  readonly days: readonly number[];
  readonly seed: number;
  /** Hours of the day before each run of days simulated first and not counted (default 2). */
  readonly warmupHours?: number;
}

export interface SimResult {
  readonly users: number;
  readonly days: readonly number[];
  readonly seed: number;
  readonly activeUserDays: number;
  readonly totals: Readonly<Record<Metric, number>>;
  readonly byKind: Readonly<Record<RequestKind, Readonly<Record<Metric, number>>>>;
  /** The most KV reads and writes any single request of each type made. */
  readonly maxPerRequest: Readonly<Record<RequestKind, { readonly kvReads: number; readonly kvWrites: number }>>;
  readonly kv: Readonly<Record<Prefix, Operations>>;
  readonly maxWritesPerSecondPerKey: Readonly<Record<Prefix, number>>;
  readonly writesOverLimit: Readonly<Record<Prefix, number>>;
  /** Time-averaged bytes stored per prefix, sampled hourly. */
  readonly storedBytes: Readonly<Record<Prefix, number>>;
  /** The most entries any one isolate held in each cache, its bound, and the estimated bytes. */
  readonly peaks: Readonly<Record<Cache, { readonly entries: number; readonly bound: number; readonly bytes: number }>>;
  /** The most bytes (estimated) all caches of one isolate held at once. */
  readonly peakIsolateBytes: number;
  readonly isolates: { readonly started: number; readonly peakLive: number };
  /** Yes answers that rewrote attr: with the destination already stored. */
  readonly unchangedAttributeWrites: number;
}

const DAY = 86_400;

/** Runs the model; see the module comment. */
export function simulate(m: Model, options: SimOptions): SimResult {
  return new Simulation(m, options).run();
}

/** The month's state: isolates, KV, tokens, counters. The kit's layers (layers.ts) act on it. */
export class Simulation {
  readonly m: Model;
  readonly o: SimOptions;
  readonly pop: Population;
  readonly kv: Kv;
  readonly counters: Float64Array;
  readonly rng: Random;
  readonly locations: (Isolate | undefined)[][];
  /** Per (user, token slot): when the current token was issued, and its generation (a new token string each refresh). */
  readonly issued: Float32Array;
  readonly generation: Uint8Array;
  readonly lastDestination: Uint8Array;
  readonly hasAttributes: Uint8Array;
  readonly peaks = CACHES.map(() => 0);
  /** The most KV reads and writes one request of each type made. */
  readonly maxReads = KINDS.map(() => 0);
  readonly maxWrites = KINDS.map(() => 0);
  readonly deploys: number[];
  peakIsolateBytes = 0;
  started = 0;
  peakLive = 0;
  unchanged = 0;
  activeUserDays = 0;
  revokedTokens = 0;
  doneKeys = 0;
  readonly stored = PREFIXES.map(() => 0);
  storedSamples = 0;
  base = 0;
  validated = false;
  touchedToken = false;
  fresh = false;
  /** Estimated bytes of one entry of each cache (CACHES order), and of one KV entry of each prefix (PREFIXES order). */
  readonly entryBytes: number[];
  readonly kvBytes: number[];
  readonly effects: RequestEffects[];

  constructor(m: Model, o: SimOptions) {
    this.m = m;
    this.o = o;
    this.pop = population(m, o.users, o.seed);
    this.kv = new Kv(m.kvPropagationSeconds);
    this.counters = new Float64Array(KINDS.length * M);
    this.rng = new Random(o.seed, 7);
    this.locations = Array.from({ length: m.locations }, () => new Array<Isolate | undefined>(m.maxIsolatesPerLocation));
    this.issued = new Float32Array(o.users * 4).fill(-Infinity);
    this.generation = new Uint8Array(o.users * 4);
    this.lastDestination = new Uint8Array(o.users).fill(255);
    this.hasAttributes = new Uint8Array(o.users);
    this.effects = KINDS.map((k) => m.requests[k]);
    const memory: Record<Cache, number> = {
      certificates: m.memoryCertificateBytes,
      accounts: m.memoryAccountBytes,
      rejected: m.memoryRejectedBytes,
      replays: m.memoryReplayBytes,
      purges: m.memoryPurgeBytes,
      jwks: m.memoryJwksBytes,
    };
    const stored: Record<Prefix, number> = {
      cert: m.kvCertBytes,
      tok: m.kvTokenBytes,
      rej: m.kvRefusedBytes,
      purge: m.kvPurgeBytes,
      jwks: m.kvJwksBytes,
      attr: m.kvAttributesBytes,
      done: m.kvReplayBytes,
    };
    this.entryBytes = CACHES.map((c) => memory[c]);
    this.kvBytes = PREFIXES.map((p) => stored[p]);
    this.deploys = Array.from({ length: m.deploysPerMonth }, (_, k) => ((k + 0.5) * 30 * DAY) / m.deploysPerMonth);
  }

  run(): SimResult {
    const days = this.o.days;
    days.forEach((day, k) => {
      // A month in progress: caches and KV are as the day before left them, not empty.
      if (k === 0 || days[k - 1] !== day - 1) this.warmUp(day);
      const traffic = dayTraffic(this.m, this.pop, day, this.o.seed);
      this.activeUserDays += traffic.activeUsers;
      this.replay(traffic, day, true);
    });
    return this.result();
  }

  /**
   * The last `warmupHours` of the day before `day` (drawn like a day of the month, from a stream of
   * its own), run and then forgotten by every counter: the caches' and KV's state remain, and with
   * them the peaks of memory, which are the state's.
   */
  warmUp(day: number): void {
    const from = DAY - (this.o.warmupHours ?? 2) * 3600;
    const traffic = dayTraffic(this.m, this.pop, (day + 29) % 30, this.o.seed, 2000 + day, from);
    const counters = this.counters.slice();
    const kv = this.kv.snapshot();
    const saved = { started: this.started, unchanged: this.unchanged };
    const most = [[...this.maxReads], [...this.maxWrites]] as const;
    this.replay(traffic, day - 1, false);
    this.counters.set(counters);
    this.kv.restore(kv);
    Object.assign(this, saved);
    most[0].forEach((v, i) => (this.maxReads[i] = v));
    most[1].forEach((v, i) => (this.maxWrites[i] = v));
  }

  /** Runs a day's requests in time order; `counted` days sample storage and live isolates hourly. */
  replay(traffic: DayTraffic, day: number, counted: boolean): void {
    let hour = -1;
    for (let n = 0; n < traffic.count; n++) {
      const i = traffic.order[n]!;
      const t = day * DAY + traffic.time[i]!;
      const h = Math.floor(traffic.time[i]! / 3600);
      if (h !== hour) {
        hour = h;
        if (counted) this.hourly(t);
        else this.kv.sweep(t);
      }
      this.request(t, h, traffic.user[i]!, traffic.kind[i]!, traffic.detail[i]!, traffic.perLocationHour);
    }
  }

  hourly(t: number): void {
    const live = this.kv.sweep(t);
    const bytes = PREFIXES.map((p, i) => (i === ATTR ? this.kv.attributes : live[i]!) * this.kvBytes[i]!);
    bytes.forEach((b, i) => (this.stored[i] = this.stored[i]! + b));
    this.storedSamples++;
    let liveIsolates = 0;
    for (const slots of this.locations) for (const iso of slots) if (iso && this.alive(iso, t)) liveIsolates++;
    this.peakLive = Math.max(this.peakLive, liveIsolates);
  }

  alive(iso: Isolate, t: number): boolean {
    const m = this.m;
    if (t - iso.created >= m.isolateLifetimeSeconds || t - iso.lastUsed >= m.isolateIdleSeconds) return false;
    for (const d of this.deploys) if (iso.created < d && d <= t) return false;
    return true;
  }

  isolate(loc: number, t: number, hour: number, perLocationHour: Uint32Array): Isolate {
    const m = this.m;
    const rate = perLocationHour[loc * 24 + hour]! / 3600;
    const n = Math.min(m.maxIsolatesPerLocation, Math.max(1, Math.ceil(rate / m.requestsPerSecondPerIsolate)));
    const slot = n === 1 ? 0 : this.rng.below(n);
    const slots = this.locations[loc]!;
    let iso = slots[slot];
    if (iso === undefined || !this.alive(iso, t)) {
      iso = new Isolate(m, t);
      slots[slot] = iso;
      this.started++;
      this.counters[this.base + NEW_ISO]!++;
      this.fresh = true;
    }
    iso.lastUsed = t;
    return iso;
  }

  request(t: number, hour: number, u: number, kind: number, detail: number, perLocationHour: Uint32Array): void {
    this.base = kind * M;
    const c = this.counters;
    const reads = c[this.base + KV_R]!;
    const writes = c[this.base + KV_W]!;
    c[this.base + REQ]!++;
    this.handle(t, hour, u, kind, detail, perLocationHour);
    this.cpu();
    this.maxReads[kind] = Math.max(this.maxReads[kind]!, c[this.base + KV_R]! - reads);
    this.maxWrites[kind] = Math.max(this.maxWrites[kind]!, c[this.base + KV_W]! - writes);
  }

  /** One request: verification, then what `Model.requests` says its type does. */
  handle(t: number, hour: number, u: number, kind: number, detail: number, perLocationHour: Uint32Array): void {
    const effects = this.effects[kind]!;
    const loc = this.pop.location[u]!;
    this.fresh = false;
    this.validated = false;
    this.touchedToken = false;
    const iso = this.isolate(loc, t, hour, perLocationHour);
    // A request whose certificate could not be had is refused (400) before any handler runs.
    if (!verify(this, iso, loc, t)) return;
    const linked = (this.pop.flags[u]! & 1) !== 0;
    if (effects.newToken) refresh(this, u, 0, t);
    let status = LINKED_STATUS;
    if (effects.token !== 'none' && linked) {
      this.touchedToken = true;
      if (effects.token === 'peek') peek(this, iso, u, detail, loc, t);
      else status = resolve(this, iso, u, detail, loc, t);
    }
    // The linking gate answers a gated request without a linked account; nothing else happens.
    if (effects.token === 'resolve' && (!linked || status !== LINKED_STATUS)) return;
    if (effects.attributesRead === 'always' || (effects.attributesRead === 'without destination slot' && (detail & WITH_DESTINATION) === 0)) {
      this.kvCount(ATTR, 'reads');
    }
    if (effects.replayGuard) answerOnce(this, iso, u, detail, t, effects.rideOrder === true, effects.attributesWrite === true);
    if (effects.purge) purge(this, iso, u, loc, t);
  }

  cpu(): void {
    const m = this.m;
    this.counters[this.base + CPU]! += this.fresh ? m.newIsolateUs : this.validated ? m.newTokenUs : this.touchedToken ? m.warmLinkedUs : m.warmPublicUs;
  }

  kvCount(prefix: number, op: keyof Operations): void {
    this.kv.count(prefix, op);
    this.counters[this.base + (op === 'reads' ? KV_R : op === 'writes' ? KV_W : op === 'deletes' ? KV_D : KV_L)]!++;
  }

  remember(iso: Isolate, cache: number, key: number, value: number): void {
    const lru = iso.caches[cache]!;
    lru.set(key, value);
    if (lru.map.size > this.peaks[cache]!) this.peaks[cache] = lru.map.size;
    const b = this.entryBytes;
    let bytes = iso.jwksUat === undefined ? 0 : b[JWKS_CACHE]!;
    for (let i = 0; i < iso.caches.length; i++) bytes += iso.caches[i]!.map.size * b[i]!;
    if (bytes > this.peakIsolateBytes) this.peakIsolateBytes = bytes;
  }

  result(): SimResult {
    const perKind = (k: number) => Object.fromEntries(METRICS.map((name, i) => [name, this.counters[k * M + i]!])) as Record<Metric, number>;
    const byKind = Object.fromEntries(KINDS.map((kind, k) => [kind, perKind(k)])) as Record<RequestKind, Record<Metric, number>>;
    const totals = Object.fromEntries(METRICS.map((name, i) => [name, KINDS.reduce((sum, _, k) => sum + this.counters[k * M + i]!, 0)])) as Record<Metric, number>;
    const byPrefix = <T>(f: (i: number) => T) => Object.fromEntries(PREFIXES.map((p, i) => [p, f(i)])) as Record<Prefix, T>;
    const bounds: Record<Cache, number> = {
      certificates: this.m.certMemoryEntries,
      accounts: this.m.tokenMemoryEntries,
      rejected: this.m.rejectedMemoryEntries,
      replays: this.m.replayMemoryEntries,
      purges: this.m.purgeMemoryEntries,
      jwks: 1,
    };
    const peaks = Object.fromEntries(
      CACHES.map((cache, i) => [cache, { entries: this.peaks[i]!, bound: bounds[cache], bytes: this.peaks[i]! * this.entryBytes[i]! }]),
    ) as SimResult['peaks'];
    return {
      users: this.o.users,
      days: this.o.days,
      seed: this.o.seed,
      activeUserDays: this.activeUserDays,
      totals,
      byKind,
      maxPerRequest: Object.fromEntries(KINDS.map((kind, k) => [kind, { kvReads: this.maxReads[k]!, kvWrites: this.maxWrites[k]! }])) as SimResult['maxPerRequest'],
      kv: byPrefix((i) => ({ ...this.kv.ops[i]! })),
      maxWritesPerSecondPerKey: byPrefix((i) => this.kv.maxWritesPerSecond[i]!),
      writesOverLimit: byPrefix((i) => this.kv.writesOverLimit[i]!),
      storedBytes: byPrefix((i) => this.stored[i]! / Math.max(1, this.storedSamples)),
      peaks,
      peakIsolateBytes: this.peakIsolateBytes,
      isolates: { started: this.started, peakLive: this.peakLive },
      unchangedAttributeWrites: this.unchanged,
    };
  }
}
