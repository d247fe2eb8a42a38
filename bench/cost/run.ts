/**
 * One run of the cost model: which days are simulated, the simulation, its figures scaled to a
 * 30-day month, per request and per user per day, and the month priced (bench/cost/pricing.ts).
 */
import { simulate, type SimResult } from './engine.ts';
import { METRICS, type Metric } from './metrics.ts';
import type { Operations, Prefix } from './kv.ts';
import { monthlyCost, replayGuardOnDurableObjects, type Cost, type DurableObjectCost } from './pricing.ts';
import type { Model } from './simulate.ts';

export interface RunOptions {
  readonly users: number;
  /** Days of the 30-day month, from day 0. */
  readonly days: number;
  readonly seed: number;
  /** Simulate only this many of the days, evenly spread, and scale up. */
  readonly sampleDays?: number | undefined;
}

export interface Outcome {
  readonly users: number;
  readonly seed: number;
  readonly tokenMode: Model['tokenMode'];
  /** The days simulated, and the factor that turns their totals into a 30-day month. */
  readonly simulatedDays: readonly number[];
  readonly monthFactor: number;
  readonly sampling: string;
  readonly sim: SimResult;
  readonly month: Readonly<Record<Metric, number>>;
  readonly kvMonth: Readonly<Record<Prefix, Operations>>;
  readonly perRequest: Readonly<Record<Metric, number>>;
  /** Per monthly user per calendar day. */
  readonly perUserDay: Readonly<Record<Metric, number>>;
  /** Per user on a day that user was active. */
  readonly perActiveUserDay: Readonly<Record<Metric, number>>;
  readonly cost: Cost;
  readonly durableObject: DurableObjectCost;
}

/** The days to simulate: all of 0..days-1, or `sampleDays` of them evenly spread. */
export function simulatedDays(days: number, sampleDays: number | undefined): number[] {
  if (days > 30) throw new RangeError(`--days is at most 30 (one month), got ${days}`);
  if (sampleDays === undefined || sampleDays >= days) return Array.from({ length: days }, (_, d) => d);
  return [...new Set(Array.from({ length: sampleDays }, (_, i) => Math.floor((i * days) / sampleDays)))];
}

/** Runs the model for `options` and prices the month. */
export function run(m: Model, options: RunOptions): Outcome {
  const days = simulatedDays(options.days, options.sampleDays);
  const sim = simulate(m, { users: options.users, days, seed: options.seed });
  const monthFactor = 30 / days.length;
  const scale = (values: Readonly<Record<Metric, number>>, by: number) =>
    Object.fromEntries(METRICS.map((k) => [k, values[k] * by])) as Record<Metric, number>;
  const month = scale(sim.totals, monthFactor);
  const kvMonth = Object.fromEntries(
    Object.entries(sim.kv).map(([p, ops]) => [p, { reads: ops.reads * monthFactor, writes: ops.writes * monthFactor, deletes: ops.deletes * monthFactor, lists: ops.lists * monthFactor }]),
  ) as Record<Prefix, Operations>;
  const sampling =
    days.length === options.days
      ? `all ${days.length} days${days.length < 30 ? ` of the month, scaled ×${monthFactor.toFixed(2)} to 30 days` : ''}`
      : `${days.length} of ${options.days} days (${days.join(', ')}), scaled ×${monthFactor.toFixed(2)} to 30 days`;
  const yes = sim.byKind['AMAZON.YesIntent'].requests * monthFactor;
  const storedGb = Object.values(sim.storedBytes).reduce((a, b) => a + b, 0) / 1e9;
  return {
    users: options.users,
    seed: options.seed,
    tokenMode: m.tokenMode,
    simulatedDays: days,
    monthFactor,
    sampling,
    sim,
    month,
    kvMonth,
    perRequest: scale(sim.totals, 1 / Math.max(1, sim.totals.requests)),
    perUserDay: scale(sim.totals, 1 / (options.users * days.length)),
    perActiveUserDay: scale(sim.totals, 1 / Math.max(1, sim.activeUserDays)),
    cost: monthlyCost(month, kvMonth, storedGb, m),
    durableObject: replayGuardOnDurableObjects(yes, kvMonth, storedGb),
  };
}
