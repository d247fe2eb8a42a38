/** Markdown tables of cost-model runs: for the command line and for docs/cost.md (bench/cost/report.ts). */
import { CACHES, type Metric } from './metrics.ts';
import { PREFIXES } from './kv.ts';
import { KINDS } from './population.ts';
import type { CostLine } from './pricing.ts';
import type { Outcome } from './run.ts';
import type { Parameter } from './simulate.ts';

const LABELS: Readonly<Partial<Record<Metric, string>>> = {
  requests: 'Worker requests',
  kvReads: 'KV reads',
  kvWrites: 'KV writes',
  kvDeletes: 'KV deletes',
  kvLists: 'KV lists',
  tokenValidations: 'token validations',
  profileCalls: 'profile calls (PROFILE_URL)',
  userinfoCalls: 'userinfo calls',
  tokeninfoCalls: 'LWA tokeninfo calls',
  jwksFetches: 'JWKS fetches',
  rideOrders: 'ride orders (RIDES_URL)',
  s3Downloads: 'S3 certificate downloads',
  certDownloadsLimited: 'certificate downloads refused by the bound',
  newIsolates: 'new isolates',
  tokenMemoryHits: 'token from isolate memory',
  tokenKvHits: 'token from KV',
  refusedKvHits: 'refused token from KV (`rej:`)',
};

/** A number for a table: integers grouped, small ratios to 3 significant digits. */
export function num(n: number): string {
  if (n === 0) return '0';
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-US');
  if (Math.abs(n) >= 1) return n.toFixed(2).replace(/\.?0+$/, '');
  return n.toPrecision(3);
}
const usd = (n: number) => `$${n.toFixed(2)}`;
const bytes = (n: number) => (n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} kB` : `${Math.round(n)} B`);
const change = (delta: number) => (delta <= 0 ? `saves ${usd(-delta)} a month` : `adds ${usd(delta)} a month`);
const table = (head: readonly string[], rows: readonly (readonly string[])[]) =>
  [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

/** What was simulated, in one sentence. */
export function runLine(o: Outcome): string {
  return (
    `${o.users.toLocaleString('en-US')} monthly users, seed ${o.seed}, token mode \`${o.tokenMode}\`; simulated ${o.sampling}; ` +
    `${num(o.month.requests)} requests a month, ${num(o.sim.isolates.started * o.monthFactor)} isolates started.`
  );
}

/** Per request, per user per day and per month, for the metrics that cost or call something. */
export function rates(o: Outcome): string {
  const rows = (Object.keys(LABELS) as Metric[]).map((k) => [LABELS[k]!, num(o.perRequest[k]), num(o.perUserDay[k]), num(o.perActiveUserDay[k]), num(o.month[k])]);
  rows.push(['CPU ms (bench figures)', num(o.perRequest.cpuUs / 1000), num(o.perUserDay.cpuUs / 1000), num(o.perActiveUserDay.cpuUs / 1000), num(o.month.cpuUs / 1000)]);
  return table(['', 'per request', 'per monthly user per day', 'per active user-day', 'per month'], rows);
}

/** Each request type: how many, and what one costs on average. */
export function byKind(o: Outcome): string {
  const rows = KINDS.map((kind) => {
    const k = o.sim.byKind[kind];
    const per = (v: number) => num(k.requests === 0 ? 0 : v / k.requests);
    const most = o.sim.maxPerRequest[kind];
    return [`\`${kind}\``, num(k.requests * o.monthFactor), per(k.kvReads), per(k.kvWrites), `${most.kvReads} / ${most.kvWrites}`, per(k.tokenValidations), per(k.newIsolates)];
  });
  return table(['Request', 'per month', 'KV reads / request', 'KV writes / request', 'most KV reads / writes of one', 'validations / request', 'in a new isolate'], rows);
}

/** KV per key prefix, against KV's limit of one write per second per key. */
export function kvTable(o: Outcome): string {
  const rows = PREFIXES.map((p) => {
    const ops = o.kvMonth[p];
    return [`\`${p}:\``, num(ops.reads), num(ops.writes), num(ops.deletes), num(ops.lists), bytes(o.sim.storedBytes[p]), num(o.sim.maxWritesPerSecondPerKey[p]), num(o.sim.writesOverLimit[p] * o.monthFactor)];
  });
  return table(['Key', 'reads / month', 'writes / month', 'deletes / month', 'lists / month', 'stored (average)', 'most writes to one key in 1 s', 'writes beyond 1/s/key per month'], rows);
}

/** The peak of each in-isolate cache, over every isolate, against its bound. */
export function memoryTable(o: Outcome): string {
  const rows = CACHES.map((c) => {
    const p = o.sim.peaks[c];
    return [c, num(p.bound), num(p.entries), bytes(p.entries === 0 ? 0 : p.bytes / p.entries), bytes(p.bytes), bytes(p.bound * (p.entries === 0 ? 0 : p.bytes / p.entries))];
  });
  rows.push(['all of one isolate at once', '', '', '', bytes(o.sim.peakIsolateBytes), '']);
  return table(['Cache (per isolate)', 'bound (entries)', 'peak entries', 'est. bytes / entry', 'est. peak', 'est. at the bound'], rows);
}

export function costTable(lines: readonly CostLine[], totalUsd: number): string {
  const rows = lines.map((l) => [l.item, `${num(l.quantity)} ${l.unit}`, l.included ? num(l.included) : '', l.perMillion ? `$${l.perMillion} / M` : '', usd(l.usd)]);
  rows.push(['**Total**', '', '', '', `**${usd(totalUsd)}**`]);
  return table(['Item', 'per month', 'included', 'price', 'USD / month'], rows);
}

/** The Durable Object replay guard's bill, and the KV bill with and without `done:`. */
export function durableObjectTable(o: Outcome): string {
  const d = o.durableObject;
  return [
    costTable(d.lines, d.totalUsd),
    '',
    `For ${num(d.sideEffects)} side-effecting requests a month: KV costs ${usd(d.kvWithReplayUsd)} a month with \`done:\` and ` +
      `${usd(d.kvWithoutReplayUsd)} without, so moving the guard to Durable Objects ${change(d.totalUsd - (d.kvWithReplayUsd - d.kvWithoutReplayUsd))}.`,
  ].join('\n');
}

/** Everything about one run, as the command line prints it. */
export function report(o: Outcome): string {
  return [
    `# Cost model: ${runLine(o)}`,
    '',
    '## Per request and per user per day',
    rates(o),
    '',
    '## By request type',
    byKind(o),
    '',
    '## Workers KV by key',
    kvTable(o),
    '',
    '## In-isolate memory',
    memoryTable(o),
    '',
    '## Monthly cost',
    costTable(o.cost.lines, o.cost.totalUsd),
    '',
    '## Replay guard on Durable Objects instead of `done:` in KV',
    durableObjectTable(o),
  ].join('\n');
}

/** Several runs side by side: the figures that decide the bill. */
export function comparison(outcomes: readonly { readonly label: string; readonly o: Outcome }[]): string {
  const metrics: Metric[] = ['requests', 'kvReads', 'kvWrites', 'tokenValidations', 'profileCalls', 'jwksFetches', 'newIsolates'];
  const rows: string[][] = [];
  for (const k of metrics) rows.push([`${LABELS[k]} per month`, ...outcomes.map(({ o }) => num(o.month[k]))]);
  for (const k of metrics.slice(1)) rows.push([`${LABELS[k]} per request`, ...outcomes.map(({ o }) => num(o.perRequest[k]))]);
  for (const k of ['kvReads', 'kvWrites', 'tokenValidations', 'profileCalls'] as const) {
    rows.push([`${LABELS[k]} per monthly user per day`, ...outcomes.map(({ o }) => num(o.perUserDay[k]))]);
  }
  const lineItems = outcomes[0]?.o.cost.lines.map((l) => l.item) ?? [];
  for (const item of lineItems) rows.push([`${item}, USD / month`, ...outcomes.map(({ o }) => usd(o.cost.lines.find((l) => l.item === item)?.usd ?? 0))]);
  rows.push(['**Total, USD / month**', ...outcomes.map(({ o }) => `**${usd(o.cost.totalUsd)}**`)]);
  rows.push(['Total per 1,000 monthly users', ...outcomes.map(({ o }) => `$${((o.cost.totalUsd * 1000) / o.users).toFixed(3)}`)]);
  return table(['', ...outcomes.map(({ label }) => label)], rows);
}

/** The parameter tables, each value with its source. */
export function parameterTables(tables: Readonly<Record<string, Readonly<Record<string, Parameter<unknown>>>>>): string {
  return Object.entries(tables)
    .map(([name, entries]) => {
      const rows = Object.entries(entries).map(([key, p]) => [`\`${key}\``, `\`${formatValue(p.value)}\``, p.source.replaceAll('|', '\\|')]);
      return [`**${name}**`, '', table(['Parameter', 'Value', 'Source'], rows)].join('\n');
    })
    .join('\n\n');
}

function formatValue(value: unknown): string {
  if (Array.isArray(value) && value.every((v) => typeof v === 'object' && v !== null && 'share' in v)) {
    return (value as { name: string; share: number }[]).map((s) => `${s.name}: ${s.share}`).join('; ');
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}
