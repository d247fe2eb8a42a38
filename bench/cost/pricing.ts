/**
 * Cloudflare's prices (Workers Paid, Standard usage model), applied to a simulated month, and the
 * cost of moving the replay guard to Durable Objects. Figures read on 2026-12-06 from Cloudflare's
 * documentation source (the stored copies of cloudflare/cloudflare-docs; the pages carry no date):
 * - Workers: https://developers.cloudflare.com/workers/platform/pricing/
 *   (src/content/docs/workers/platform/pricing.mdx)
 * - Workers KV: https://developers.cloudflare.com/kv/platform/pricing/
 *   (src/content/partials/workers/kv_pricing.mdx)
 * - Durable Objects: https://developers.cloudflare.com/durable-objects/platform/pricing/
 *   (src/content/partials/durable-objects/durable-objects-pricing.mdx)
 */
import type { Metric } from './metrics.ts';
import type { Operations, Prefix } from './kv.ts';
import type { Model, Parameter } from './simulate.ts';

const WORKERS = 'https://developers.cloudflare.com/workers/platform/pricing/';
const KV = 'https://developers.cloudflare.com/kv/platform/pricing/';
const DO = 'https://developers.cloudflare.com/durable-objects/platform/pricing/';

/** Unit prices in USD and what the plan includes each month. */
export const PRICES = {
  workersPaidMonthly: { value: 5, source: `${WORKERS} ("minimum charge of $5 USD per month")` },
  workersRequestsIncluded: { value: 10e6, source: `${WORKERS} (Standard: "10 million included per month")` },
  workersRequestsPerMillion: { value: 0.3, source: `${WORKERS} ("+$0.30 per additional million")` },
  workersCpuMsIncluded: { value: 30e6, source: `${WORKERS} ("30 million CPU milliseconds included per month")` },
  workersCpuPerMillionMs: { value: 0.02, source: `${WORKERS} ("+$0.02 per additional million CPU milliseconds")` },
  kvReadsIncluded: { value: 10e6, source: `${KV} (read requests: "10 million/month")` },
  kvReadsPerMillion: { value: 0.5, source: `${KV} ("+ $0.50/million")` },
  kvWritesIncluded: { value: 1e6, source: `${KV} (write requests: "1 million/month")` },
  kvWritesPerMillion: { value: 5, source: `${KV} ("+ $5.00/million")` },
  kvDeletesIncluded: { value: 1e6, source: `${KV} (delete requests: "1 million/month")` },
  kvDeletesPerMillion: { value: 5, source: `${KV} ("+ $5.00/million")` },
  kvListsIncluded: { value: 1e6, source: `${KV} (list requests: "1 million/month")` },
  kvListsPerMillion: { value: 5, source: `${KV} ("+ $5.00/million")` },
  kvStorageIncludedGb: { value: 1, source: `${KV} (stored data: "1 GB")` },
  kvStoragePerGbMonth: { value: 0.5, source: `${KV} ("+ $0.50/ GB-month")` },
  doRequestsIncluded: { value: 1e6, source: `${DO} (requests: "1 million"; each RPC method call is one)` },
  doRequestsPerMillion: { value: 0.15, source: `${DO} ("+ $0.15/million")` },
  doDurationIncludedGbS: { value: 400_000, source: `${DO} (duration: "400,000 GB-s")` },
  doDurationPerMillionGbS: { value: 12.5, source: `${DO} ("+ $12.50/million GB-s"; idle objects eligible for hibernation are not billed)` },
  doMemoryGb: { value: 0.128, source: `${DO} (duration "charges for the 128 MB of memory")` },
  doRowsWrittenIncluded: { value: 50e6, source: `${DO} (SQLite rows written: "First 50 million / month")` },
  doRowsWrittenPerMillion: { value: 1, source: `${DO} ("+ $1.00 / million rows"; setAlarm and deletes count as rows written)` },
  doRowsReadIncluded: { value: 25e9, source: `${DO} (SQLite rows read: "First 25 billion / month")` },
  doRowsReadPerMillion: { value: 0.001, source: `${DO} ("+ $0.001 / million rows")` },
} satisfies Record<string, Parameter>;

/**
 * A strictly-once replay guard on a Durable Object (one per Alexa user, created near the user's
 * first request): `claim(requestId)` before the side effect, `complete(requestId, answer)` after,
 * an alarm deletes the record when the replay window ends. Assumptions, said to be assumptions.
 */
export const DURABLE_OBJECT_GUARD = {
  callsPerSideEffect: { value: 2, source: 'design: claim before the ride is ordered, complete after (two RPC calls)' },
  wallMsPerCall: { value: 10, source: 'assumption: an RPC call that reads and writes one SQLite row; not measured here' },
  rowsWrittenPerSideEffect: { value: 4, source: 'design: the claim, the answer, setAlarm, the delete at the alarm' },
  rowsReadPerSideEffect: { value: 2, source: 'design: the claim reads the record, the alarm reads what expired' },
} satisfies Record<string, Parameter>;

/** One line of a bill. */
export interface CostLine {
  readonly item: string;
  readonly quantity: number;
  readonly included: number;
  readonly unit: string;
  readonly perMillion: number;
  readonly usd: number;
}

export interface Cost {
  readonly lines: readonly CostLine[];
  readonly totalUsd: number;
}

const p = <K extends keyof typeof PRICES>(k: K) => PRICES[k].value;
const usage = (item: string, quantity: number, included: number, perMillion: number, unit = 'requests'): CostLine => ({
  item,
  quantity,
  included,
  unit,
  perMillion,
  usd: (Math.max(0, quantity - included) / 1e6) * perMillion,
});

function kvLines(kv: Readonly<Record<Prefix, Operations>>, storedGb: number, without: readonly Prefix[] = []): CostLine[] {
  const sum = (op: keyof Operations) => Object.entries(kv).reduce((s, [prefix, ops]) => s + (without.includes(prefix as Prefix) ? 0 : ops[op]), 0);
  return [
    usage('KV reads', sum('reads'), p('kvReadsIncluded'), p('kvReadsPerMillion')),
    usage('KV writes', sum('writes'), p('kvWritesIncluded'), p('kvWritesPerMillion')),
    usage('KV deletes', sum('deletes'), p('kvDeletesIncluded'), p('kvDeletesPerMillion')),
    usage('KV lists', sum('lists'), p('kvListsIncluded'), p('kvListsPerMillion')),
    { item: 'KV storage', quantity: storedGb, included: p('kvStorageIncludedGb'), unit: 'GB-month', perMillion: 0, usd: Math.max(0, storedGb - p('kvStorageIncludedGb')) * p('kvStoragePerGbMonth') },
  ];
}

/**
 * The month's bill: the Workers Paid minimum, requests and CPU (the bench's CPU per request; a
 * new isolate's startup on a line of its own, since Cloudflare's page does not say it is billed),
 * KV operations and storage.
 */
export function monthlyCost(month: Readonly<Record<Metric, number>>, kv: Readonly<Record<Prefix, Operations>>, storedGb: number, m: Model): Cost {
  const lines: CostLine[] = [
    { item: 'Workers Paid minimum', quantity: 1, included: 0, unit: 'month', perMillion: 0, usd: p('workersPaidMonthly') },
    usage('Worker requests', month.requests, p('workersRequestsIncluded'), p('workersRequestsPerMillion')),
    usage('CPU (bench, per request)', month.cpuUs / 1000, p('workersCpuMsIncluded'), p('workersCpuPerMillionMs'), 'ms'),
    usage('CPU (isolate startup, if billed)', month.newIsolates * m.startupMs, 0, p('workersCpuPerMillionMs'), 'ms'),
    ...kvLines(kv, storedGb),
  ];
  return { lines, totalUsd: lines.reduce((s, l) => s + l.usd, 0) };
}

export interface DurableObjectCost {
  readonly sideEffects: number;
  readonly lines: readonly CostLine[];
  readonly totalUsd: number;
  /** The KV bill without `done:` (what the Durable Object replaces), and with it. */
  readonly kvWithoutReplayUsd: number;
  readonly kvWithReplayUsd: number;
}

/** What the Durable Object guard would cost for `sideEffects` Yes answers a month, and the KV it saves. */
export function replayGuardOnDurableObjects(sideEffects: number, kv: Readonly<Record<Prefix, Operations>>, storedGb: number): DurableObjectCost {
  const d = DURABLE_OBJECT_GUARD;
  const calls = sideEffects * d.callsPerSideEffect.value;
  const gbS = (calls * d.wallMsPerCall.value * p('doMemoryGb')) / 1000;
  const lines = [
    usage('DO requests', calls, p('doRequestsIncluded'), p('doRequestsPerMillion')),
    usage('DO duration', gbS, p('doDurationIncludedGbS'), p('doDurationPerMillionGbS'), 'GB-s'),
    usage('DO rows written', sideEffects * d.rowsWrittenPerSideEffect.value, p('doRowsWrittenIncluded'), p('doRowsWrittenPerMillion'), 'rows'),
    usage('DO rows read', sideEffects * d.rowsReadPerSideEffect.value, p('doRowsReadIncluded'), p('doRowsReadPerMillion'), 'rows'),
  ];
  const kvUsd = (without: readonly Prefix[]) => kvLines(kv, storedGb, without).reduce((s, l) => s + l.usd, 0);
  return {
    sideEffects,
    lines,
    totalUsd: lines.reduce((s, l) => s + l.usd, 0),
    kvWithoutReplayUsd: kvUsd(['done']),
    kvWithReplayUsd: kvUsd([]),
  };
}
