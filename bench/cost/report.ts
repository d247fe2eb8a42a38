/**
 * Regenerates the generated sections of docs/cost.md from the cost model, so no figure there is
 * typed by hand:
 *
 *   npm exec -- node bench/cost/report.ts [--doc docs/cost.md] [--users-10m-sample-days 30] [--parameters-only]
 *
 * Each section sits between `<!-- generated: NAME -->` and `<!-- end: NAME -->`; everything else
 * in the page is left as it is. The runs: 1M and 10M users over all 30 days (10M takes about six
 * minutes of CPU; `--users-10m-sample-days 10` samples a third of the days instead), 1M users over
 * 10 sampled days against the full month (how much sampling changes), and a sensitivity table
 * at 1M over 10 sampled days.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { byKind, comparison, costTable, durableObjectTable, kvTable, memoryTable, num, parameterTables, rates, runLine } from './markdown.ts';
import { DURABLE_OBJECT_GUARD, PRICES } from './pricing.ts';
import { run, type Outcome, type RunOptions } from './run.ts';
import { model, TABLES } from './simulate.ts';

/** A run, and what it took on this machine (CPU seconds of this process, peak resident memory). */
interface Timed {
  readonly o: Outcome;
  readonly cpuSeconds: number;
  readonly maxRssMb: number;
}

function timed(overrides: Readonly<Record<string, unknown>>, options: RunOptions): Timed {
  const before = process.cpuUsage();
  const o = run(model(overrides), options);
  const used = process.cpuUsage(before);
  return { o, cpuSeconds: (used.user + used.system) / 1e6, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

/** Replaces the text between each section's markers. @throws {Error} naming a section whose markers are missing. */
export function replaceSections(page: string, sections: Readonly<Record<string, string>>): string {
  let out = page;
  for (const [name, body] of Object.entries(sections)) {
    const begin = `<!-- generated: ${name} -->`;
    const end = `<!-- end: ${name} -->`;
    const from = out.indexOf(begin);
    const to = out.indexOf(end);
    if (from < 0 || to < from) throw new Error(`docs/cost.md has no "${begin}" … "${end}" section`);
    out = `${out.slice(0, from + begin.length)}\n${body.trim()}\n${out.slice(to)}`;
  }
  return out;
}

/** The parameter tables as docs/cost.md shows them (also checked by test-node/cost.test.ts). */
export function parametersSection(): string {
  return parameterTables({ ...TABLES, PRICES, DURABLE_OBJECT_GUARD });
}

const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : `${(((a - b) / b) * 100).toFixed(1)}%`);
const usd = (n: number) => `$${n.toFixed(2)}`;
const share = (a: number, b: number) => `${b === 0 ? 0 : Math.round((a / b) * 100)}%`;
const line = (o: Outcome, item: string) => o.cost.lines.find((l) => l.item === item)?.usd ?? 0;

/** The page's answer in a few sentences, every figure from the runs. */
export function summary(oneM: Outcome, tenM: Outcome): string {
  const perK = (o: Outcome) => `$${((o.cost.totalUsd * 1000) / o.users).toFixed(3)}`;
  const readBack = (o: Outcome) => `${(o.month.tokenKvHits / Math.max(1, o.kvMonth.tok.writes)).toFixed(3)}`;
  const writes = (o: Outcome) => (['done', 'attr', 'tok', 'jwks', 'rej', 'purge', 'cert'] as const).map((p) => `\`${p}:\` ${num(o.kvMonth[p].writes)}`).join(', ');
  const d = tenM.durableObject;
  const kvSaved = d.kvWithReplayUsd - d.kvWithoutReplayUsd;
  const peak = tenM.sim.peaks;
  const cpuUsd = line(tenM, 'CPU (bench, per request)');
  const tokWritesUsd = (tenM.kvMonth.tok.writes / 1e6) * PRICES.kvWritesPerMillion.value;
  const refusalsAndPurgesUsd = (o: Outcome) =>
    ((o.kvMonth.rej.reads + o.kvMonth.purge.reads) / 1e6) * PRICES.kvReadsPerMillion.value +
    ((o.kvMonth.rej.writes + o.kvMonth.purge.writes) / 1e6) * PRICES.kvWritesPerMillion.value;
  return [
    `- **The bill.** ${usd(oneM.cost.totalUsd)} a month at 1M monthly users (${perK(oneM)} per 1,000), ${usd(tenM.cost.totalUsd)} at 10M (${perK(tenM)} per 1,000).`,
    `- **KV writes**: ${share(line(tenM, 'KV writes'), tenM.cost.totalUsd)} of the bill at 10M, ${share(line(oneM, 'KV writes'), oneM.cost.totalUsd)} at 1M. ` +
      `Writes a month at 10M: ${writes(tenM)}. Requests are ${share(line(tenM, 'Worker requests'), tenM.cost.totalUsd)}, KV reads ${share(line(tenM, 'KV reads'), tenM.cost.totalUsd)}; ` +
      `CPU, ${num(tenM.month.cpuUs / 1000)} ms at 10M, ${cpuUsd === 0 ? `stays inside the plan's ${num(PRICES.workersCpuMsIncluded.value)} ms` : `costs ${usd(cpuUsd)} beyond the plan's ${num(PRICES.workersCpuMsIncluded.value)} ms`}.`,
    `- **Per monthly user per day** (10M): ${num(tenM.perUserDay.requests)} requests, ${num(tenM.perUserDay.kvReads)} KV reads, ${num(tenM.perUserDay.kvWrites)} KV writes, ` +
      `${num(tenM.perUserDay.tokenValidations)} token validations (one profile call each), ${num(tenM.perUserDay.jwksFetches)} JWKS fetches, ${num(tenM.perUserDay.rideOrders)} ride orders.`,
    `- **Where tokens come from**: ${share(tenM.month.tokenMemoryHits, tenM.month.tokenMemoryHits + tenM.month.tokenKvHits + tenM.month.tokenValidations)} of token look-ups at 10M are answered from isolate memory, ` +
      `${share(tenM.month.tokenKvHits, tenM.month.tokenMemoryHits + tenM.month.tokenKvHits + tenM.month.tokenValidations)} from \`tok:\` in KV, the rest validated: Alexa's hourly refresh makes most sessions start with a token nobody has seen. ` +
      `The \`tok:\` writes (${usd(tokWritesUsd)} a month at 10M) spare the provider ${num(tenM.month.tokenKvHits)} validations a month: ` +
      `${readBack(tenM)} reads that find an entry per entry written at 10M, ${readBack(oneM)} at 1M, where a session's turns nearly always meet the same isolate.`,
    `- **Refused tokens and purges** (\`rej:\`, \`purge:\`): every token found neither in memory nor in \`tok:\` reads \`rej:\` before the provider is asked ` +
      `(${num(tenM.kvMonth.rej.reads)} reads a month at 10M), every \`tok:\` write reads the user's \`purge:\` tombstone after it (${num(tenM.kvMonth.purge.reads)}), ` +
      `each refusal writes \`rej:\` (${num(tenM.kvMonth.rej.writes)}) and each SkillDisabled \`purge:\` (${num(tenM.kvMonth.purge.writes)}): ` +
      `${usd(refusalsAndPurgesUsd(tenM))} a month at 10M (${share(refusalsAndPurgesUsd(tenM), tenM.cost.totalUsd)} of the bill), ${usd(refusalsAndPurgesUsd(oneM))} at 1M at list price. ` +
      (tenM.month.refusedKvHits === 0
        ? `No \`rej:\` read found a refusal: the model's refused tokens are each presented once, so what \`rej:\` saves (a refused token's next trip to the provider) is not in these figures.`
        : `${num(tenM.month.refusedKvHits)} \`rej:\` reads a month at 10M found a refusal, each sparing the provider a validation.`),
    `- **\`attr:\` rewritten unchanged**: ${share(tenM.sim.unchangedAttributeWrites * tenM.monthFactor, tenM.kvMonth.attr.writes)} of the \`attr:\` writes at 10M store the destination that was already stored.`,
    `- **Memory** stays bounded: the busiest isolate held ${num(peak.accounts.entries)} accounts (bound ${num(peak.accounts.bound)}), ${num(peak.replays.entries)} replay records (bound ${num(peak.replays.bound)}), ` +
      `${num(peak.rejected.entries)} refused-token entries (bound ${num(peak.rejected.bound)}, each kept an hour), ${num(peak.purges.entries)} purge records (bound ${num(peak.purges.bound)}), ` +
      `${num(peak.certificates.entries)} certificate (bound ${num(peak.certificates.bound)}); about ${(tenM.sim.peakIsolateBytes / 1e6).toFixed(1)} MB of its 128 MB.`,
    `- **One write per second per key**: \`jwks:\` took up to ${num(tenM.sim.maxWritesPerSecondPerKey.jwks)} writes in one second and ${num(tenM.sim.writesOverLimit.jwks * tenM.monthFactor)} writes a month beyond the limit at 10M ` +
      `(every isolate that downloads the key set writes the same key; the kit's changes left this path as it was); \`cert:\` up to ${num(tenM.sim.maxWritesPerSecondPerKey.cert)}; \`tok:\`, \`attr:\` and \`done:\` stay at ${num(Math.max(tenM.sim.maxWritesPerSecondPerKey.tok, tenM.sim.maxWritesPerSecondPerKey.done))}–${num(tenM.sim.maxWritesPerSecondPerKey.attr)}.`,
    `- **A strictly-once replay guard on Durable Objects** would cost ${usd(d.totalUsd)} a month at 10M and remove ${usd(kvSaved)} of \`done:\` KV operations ` +
      `(at 1M: ${usd(oneM.durableObject.totalUsd)} against ${usd(oneM.durableObject.kvWithReplayUsd - oneM.durableObject.kvWithoutReplayUsd)}).`,
  ].join('\n');
}

function main(): void {
  const { values } = parseArgs({
    options: {
      doc: { type: 'string', default: 'docs/cost.md' },
      'users-10m-sample-days': { type: 'string', default: '30' },
      'parameters-only': { type: 'boolean', default: false },
    },
  });
  if (values['parameters-only']) {
    writeFileSync(values.doc, replaceSections(readFileSync(values.doc, 'utf8'), { parameters: parametersSection() }));
    return;
  }
  const tenMDays = Number(values['users-10m-sample-days']);
  const sampleDays = 10;
  const log = (what: string, t: Timed) => console.error(`${what}: ${t.cpuSeconds.toFixed(0)} s CPU, max RSS ${t.maxRssMb.toFixed(0)} MB`);

  const oneM = timed({}, { users: 1e6, days: 30, seed: 1 });
  log('1M users, 30 days', oneM);
  const oneMSampled = timed({}, { users: 1e6, days: 30, seed: 1, sampleDays });
  log(`1M users, ${sampleDays} sampled days`, oneMSampled);
  const tenM = timed({}, { users: 1e7, days: 30, seed: 1, sampleDays: tenMDays });
  log(`10M users, ${tenMDays} of 30 days`, tenM);

  const variants: [string, Record<string, unknown>][] = [
    ['as above', {}],
    ['6 locations (Alexa\'s calls from a few AWS regions)', { locations: 6 }],
    ['traffic spread over 250× more isolates (`requestsPerSecondPerIsolate` 0.02)', { requestsPerSecondPerIsolate: 0.02 }],
    ['isolates evicted after 60 s idle', { isolateIdleSeconds: 60 }],
    ['opaque tokens (userinfo + profile)', { tokenMode: 'opaque' }],
    ['Login with Amazon (userinfo + tokeninfo + profile)', { tokenMode: 'lwa' }],
    ['`TOKEN_CACHE_MAX_TTL_SECONDS` 3600', { tokenCacheMaxTtlSeconds: 3600 }],
  ];
  const sensitivity = variants.map(([label, overrides]) => {
    const t = label === 'as above' ? oneMSampled : timed(overrides, { users: 1e6, days: 30, seed: 1, sampleDays });
    if (label !== 'as above') log(label, t);
    const o = t.o;
    return `| ${label} | ${num(o.perRequest.kvReads)} | ${num(o.perRequest.kvWrites)} | ${num(o.perRequest.tokenValidations)} | ${num(o.perRequest.profileCalls + o.perRequest.userinfoCalls + o.perRequest.tokeninfoCalls + o.perRequest.jwksFetches)} | ${num(o.perRequest.newIsolates)} | $${o.cost.totalUsd.toFixed(2)} |`;
  });

  const details = (t: Timed) =>
    [
      runLine(t.o),
      `This run took ${t.cpuSeconds.toFixed(0)} s of CPU; the process peaked at ${t.maxRssMb.toFixed(0)} MB resident.`,
      '',
      rates(t.o),
      '',
      byKind(t.o),
      '',
      kvTable(t.o),
      '',
      memoryTable(t.o),
      '',
      costTable(t.o.cost.lines, t.o.cost.totalUsd),
    ].join('\n');

  const full = oneM.o;
  const sampled = oneMSampled.o;
  const sections = {
    summary: summary(oneM.o, tenM.o),
    parameters: parametersSection(),
    scale: comparison([
      { label: '1M monthly users', o: oneM.o },
      { label: '10M monthly users', o: tenM.o },
    ]),
    'details-1m': details(oneM),
    'details-10m': details(tenM),
    sampling: [
      `At 1M users, ${sampled.sampling} against all 30 days: requests ${ratio(sampled.month.requests, full.month.requests)}, ` +
        `KV reads ${ratio(sampled.month.kvReads, full.month.kvReads)}, KV writes ${ratio(sampled.month.kvWrites, full.month.kvWrites)}, ` +
        `token validations ${ratio(sampled.month.tokenValidations, full.month.tokenValidations)}, total cost ${ratio(sampled.cost.totalUsd, full.cost.totalUsd)} ` +
        `(${oneMSampled.cpuSeconds.toFixed(0)} s of CPU instead of ${oneM.cpuSeconds.toFixed(0)} s).`,
    ].join('\n'),
    sensitivity: [
      `1M monthly users, ${sampled.sampling}; one parameter changed per row.`,
      '',
      '| Variant | KV reads / request | KV writes / request | validations / request | provider calls / request | new isolates / request | USD / month |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...sensitivity,
    ].join('\n'),
    'durable-object': [
      '**1M monthly users**',
      '',
      durableObjectTable(oneM.o),
      '',
      '**10M monthly users**',
      '',
      durableObjectTable(tenM.o),
    ].join('\n'),
  };
  writeFileSync(values.doc, replaceSections(readFileSync(values.doc, 'utf8'), sections));
  console.error(`Wrote ${values.doc}`);
}

if (process.argv[1] !== undefined && import.meta.filename === resolve(process.argv[1])) main();
