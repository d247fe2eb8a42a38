/**
 * The simulated users (traits fixed for the month, from a stateless hash of the seed and the user)
 * and one day of their traffic (sessions drawn from a seeded stream, expanded into requests and
 * sorted by time). Everything is typed arrays, so ten million users fit in a few hundred MB.
 */
import { cumulative, pick, Random, unit, zipfWeights } from './random.ts';
import type { Model, RequestKind } from './simulate.ts';

/** Request types by index, as the engine counts them. */
export const KINDS: readonly RequestKind[] = [
  'LaunchRequest',
  'OrderCar',
  'AMAZON.YesIntent',
  'RideHailerAvailabilityByCity',
  'SessionEndedRequest',
  'AlexaSkillEvent.SkillEnabled',
  'AlexaSkillEvent.SkillAccountLinked',
  'AlexaSkillEvent.SkillDisabled',
];
const KIND = Object.fromEntries(KINDS.map((k, i) => [k, i])) as Record<RequestKind, number>;

export const LINKED = 1;
export const NEWLY_LINKED = 2;
export const DISABLES = 4;
export const NOT_PERSISTED = 8;

/** A request's details, packed in a byte: token slot (0 the account's, 1–3 a person's), flags, destination. */
export const SLOT_MASK = 3;
export const REVOKED = 4;
export const WITH_DESTINATION = 8;
export const DESTINATION_SHIFT = 4;

export interface Population {
  readonly users: number;
  /** Each user's Cloudflare location (Alexa's calls for a user arrive at one location). */
  readonly location: Uint16Array;
  /** Bit d set: active on day d of the month. */
  readonly activeDays: Uint32Array;
  readonly flags: Uint8Array;
  /** Bits 0–1: recognized persons (0, 2, 3); bit 1 + p: person p linked their own profile. */
  readonly persons: Uint8Array;
  /** Each location's UTC offset in hours (a fixed spread, so peaks do not coincide). */
  readonly utcOffsetHours: Int8Array;
}

/** The month's users: location (Zipf), active days (Zipf over 1..30), linking, households. */
export function population(m: Model, users: number, seed: number): Population {
  const locationCdf = cumulative(zipfWeights(m.locations, m.locationZipfExponent));
  const daysCdf = cumulative(zipfWeights(30, m.activeDaysZipfExponent));
  const personsCdf = cumulative(m.personsPerHousehold);
  const location = new Uint16Array(users);
  const activeDays = new Uint32Array(users);
  const flags = new Uint8Array(users);
  const persons = new Uint8Array(users);
  for (let u = 0; u < users; u++) {
    location[u] = pick(locationCdf, unit(seed, u, 1));
    // Selection sampling: exactly `need` distinct days, each day equally likely.
    let need = 1 + pick(daysCdf, unit(seed, u, 2));
    let mask = 0;
    for (let day = 0; day < 30 && need > 0; day++) {
      if (unit(seed, u, 100 + day) * (30 - day) < need) {
        mask |= 1 << day;
        need--;
      }
    }
    activeDays[u] = mask >>> 0;
    let f = 0;
    if (unit(seed, u, 3) < m.linkedShare) f |= LINKED;
    if (unit(seed, u, 4) < m.newlyLinkedShare) f |= NEWLY_LINKED;
    if (unit(seed, u, 5) < m.disabledShare) f |= DISABLES;
    if (unit(seed, u, 6) < m.notPersistedShare) f |= NOT_PERSISTED;
    flags[u] = f;
    if ((f & LINKED) !== 0 && unit(seed, u, 7) < m.householdsWithPersonsShare) {
      const count = pick(personsCdf, unit(seed, u, 8));
      let p = count;
      for (let person = 1; person <= count; person++) if (unit(seed, u, 10 + person) < m.personOwnLinkShare) p |= 1 << (1 + person);
      persons[u] = p;
    }
  }
  const utcOffsetHours = Int8Array.from({ length: m.locations }, (_, i) => Math.floor(unit(seed, i, 9) * 18) - 8);
  return { users, location, activeDays, flags, persons, utcOffsetHours };
}

/** One day's requests, in time order (`order` indexes the other arrays). */
export interface DayTraffic {
  readonly count: number;
  /** Users active that day. */
  readonly activeUsers: number;
  /** Seconds since the day began (UTC). */
  readonly time: Float64Array;
  readonly user: Uint32Array;
  readonly kind: Uint8Array;
  readonly detail: Uint8Array;
  readonly order: Uint32Array;
  /** Requests per location and UTC hour (location × 24 + hour): how many isolates each location runs. */
  readonly perLocationHour: Uint32Array;
}

const DAY = 86_400;
const INDEX_BITS = 2 ** 24;

class Requests {
  count = 0;
  time = new Float64Array(1 << 16);
  user = new Uint32Array(1 << 16);
  kind = new Uint8Array(1 << 16);
  detail = new Uint8Array(1 << 16);

  push(time: number, user: number, kind: number, detail: number): void {
    if (this.count === this.time.length) this.#grow();
    const i = this.count++;
    this.time[i] = time;
    this.user[i] = user;
    this.kind[i] = kind;
    this.detail[i] = detail;
  }

  #grow(): void {
    const n = this.time.length * 2;
    const grow = <T extends Float64Array | Uint32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.time = grow(this.time, (k) => new Float64Array(k));
    this.user = grow(this.user, (k) => new Uint32Array(k));
    this.kind = grow(this.kind, (k) => new Uint8Array(k));
    this.detail = grow(this.detail, (k) => new Uint8Array(k));
  }
}

/**
 * Day `day`'s traffic: each user active that day has 1–3 sessions at local hours drawn from
 * `localHourWeights`; a session's requests follow its shape a few seconds apart. A session stops at
 * its first gated request when the user is not linked or the token is refused (the LinkAccount card
 * ends it). Users who link this month send SkillEnabled and SkillAccountLinked before their first
 * session; users who disable send SkillDisabled after their last. `stream` picks the random draws
 * (default: the day's own); only requests at or after `from` seconds are kept (a warm-up's tail).
 * @throws {RangeError} when a day holds 2^24 requests or more (simulate fewer users).
 */
export function dayTraffic(m: Model, pop: Population, day: number, seed: number, stream = day, from = 0): DayTraffic {
  const rng = new Random(seed, 1000 + stream);
  const sessionsCdf = cumulative(m.sessionsPerActiveDay);
  const shapesCdf = cumulative(m.sessions.map((s) => s.share));
  const shapes = m.sessions.map((s) => s.requests.map((k) => KIND[k]));
  const gated = m.sessions.map((s) => s.requests.map((k) => m.requests[k].token === 'resolve'));
  const hourCdf = cumulative(m.localHourWeights);
  const destinationCdf = cumulative(m.destinationWeights);
  const [gapMin, gapMax] = m.secondsBetweenRequests as [number, number];
  const out = new Requests();
  const perLocationHour = new Uint32Array(m.locations * 24);
  const bit = 1 << day;
  let activeUsers = 0;
  const push = (t: number, u: number, kind: number, detail: number) => {
    if (t < from) return;
    out.push(t, u, kind, detail);
    perLocationHour[pop.location[u]! * 24 + Math.floor(t / 3600)]!++;
  };
  const event = (t: number, u: number, kind: RequestKind) => push(t, u, KIND[kind], 0);
  for (let u = 0; u < pop.users; u++) {
    const mask = pop.activeDays[u]!;
    if ((mask & bit) === 0) continue;
    activeUsers++;
    const f = pop.flags[u]!;
    const loc = pop.location[u]!;
    const persons = pop.persons[u]!;
    const sessions = 1 + pick(sessionsCdf, rng.next());
    let first = DAY;
    let last = 0;
    for (let s = 0; s < sessions; s++) {
      const local = pick(hourCdf, rng.next()) * 3600 + rng.next() * 3600;
      let t = (((local - pop.utcOffsetHours[loc]! * 3600) % DAY) + DAY) % DAY;
      t = Math.min(t, DAY - 120);
      const shape = pick(shapesCdf, rng.next());
      let slot = 0;
      const count = persons & SLOT_MASK;
      if (count > 0 && rng.next() < m.recognizedShare) {
        const p = 1 + rng.below(count);
        if ((persons & (1 << (1 + p))) !== 0) slot = p;
      }
      const revoked = rng.next() < m.revokedSessionShare;
      let detail = slot | (revoked ? REVOKED : 0);
      if (rng.next() < m.destinationSlotShare) detail |= WITH_DESTINATION;
      detail |= pick(destinationCdf, rng.next()) << DESTINATION_SHIFT;
      first = Math.min(first, t);
      const kinds = shapes[shape]!;
      for (let r = 0; r < kinds.length; r++) {
        push(t, u, kinds[r]!, detail);
        if (gated[shape]![r] && ((f & LINKED) === 0 || revoked)) break;
        t += gapMin + rng.next() * (gapMax - gapMin);
      }
      last = Math.max(last, t);
    }
    if ((f & NEWLY_LINKED) !== 0 && (f & LINKED) !== 0 && (mask & (bit - 1)) === 0) {
      event(Math.max(0, first - 300), u, 'AlexaSkillEvent.SkillEnabled');
      event(Math.max(0, first - 299), u, 'AlexaSkillEvent.SkillAccountLinked');
    }
    if ((f & DISABLES) !== 0 && mask >>> (day + 1) === 0) event(Math.min(DAY - 1, last + 600), u, 'AlexaSkillEvent.SkillDisabled');
  }
  if (out.count >= INDEX_BITS) throw new RangeError(`day ${day} has ${out.count} requests: at most ${INDEX_BITS - 1} (simulate fewer users)`);
  const keys = new Float64Array(out.count);
  for (let i = 0; i < out.count; i++) keys[i] = Math.floor(out.time[i]! * 1000) * INDEX_BITS + i;
  keys.sort();
  const order = new Uint32Array(out.count);
  for (let i = 0; i < out.count; i++) order[i] = keys[i]! % INDEX_BITS;
  return { count: out.count, activeUsers, time: out.time, user: out.user, kind: out.kind, detail: out.detail, order, perLocationHour };
}
