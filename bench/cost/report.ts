/**
 * Regenerates the generated sections of docs/cost.md from the cost model, so no figure there is
 * typed by hand:
 *
 *   npm exec -- node bench/cost/report.ts [--doc docs/cost.md] [--users-10m-sample-days 10] [--parameters-only]
 *
 * Each section sits between `<!-- generated: NAME -->` and `<!-- end: NAME -->`; everything else
 * in the page is left as it is. The runs: 1M users over all 30 days, 10M users over sampled days
 * (the sampling is checked against a full month at 1M), and a sensitivity table at 1M.
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

function main(): void {
  const { values } = parseArgs({
    options: {
      doc: { type: 'string', default: 'docs/cost.md' },
      'users-10m-sample-days': { type: 'string', default: '10' },
      'parameters-only': { type: 'boolean', default: false },
    },
  });
  if (values['parameters-only']) {
    writeFileSync(values.doc, replaceSections(readFileSync(values.doc, 'utf8'), { parameters: parametersSection() }));
    return;
  }
  const sampleDays = Number(values['users-10m-sample-days']);
  const log = (what: string, t: Timed) => console.error(`${what}: ${t.cpuSeconds.toFixed(0)} s CPU, max RSS ${t.maxRssMb.toFixed(0)} MB`);

  const oneM = timed({}, { users: 1e6, days: 30, seed: 1 });
  log('1M users, 30 days', oneM);
  const oneMSampled = timed({}, { users: 1e6, days: 30, seed: 1, sampleDays });
  log(`1M users, ${sampleDays} sampled days`, oneMSampled);
  const tenM = timed({}, { users: 1e7, days: 30, seed: 1, sampleDays });
  log(`10M users, ${sampleDays} sampled days`, tenM);

  const variants: [string, Record<string, unknown>][] = [
    ['as above', {}],
    ['6 locations (Alexa\'s calls from a few AWS regions)', { locations: 6 }],
    ['traffic spread over 25× more isolates (`requestsPerSecondPerIsolate` 0.2)', { requestsPerSecondPerIsolate: 0.2 }],
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
