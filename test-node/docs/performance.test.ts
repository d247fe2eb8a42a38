import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchBlocks, loadBlocks, PERFORMANCE_PAGE, renderPage, runDate, summary, goals, toolsBlocks, type BenchFile, type LoadReport, type ToolsFile } from '../../bench/report.ts';
import { ROOT } from './markdown.ts';

// docs/performance.md's tables come from a run, never from a hand: re-rendered here from the
// committed bench/results/bench.json and load.json with the functions `npm run bench` and
// `npm run load` write them with, they must be exactly what the page holds. Its prose is a reading
// of one run, and says which: the same run as bench.json.

const text = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const bench = JSON.parse(text('bench/results/bench.json')) as BenchFile;
const load = JSON.parse(text('bench/results/load.json')) as LoadReport;
const tools = JSON.parse(text('bench/results/tools.json')) as ToolsFile;
const page = text(PERFORMANCE_PAGE);
const blocks = { ...benchBlocks(bench), ...loadBlocks(load), ...toolsBlocks(tools) };

describe('docs/performance.md', () => {
  it('holds exactly the tables the committed results render to', () => {
    expect(page).toBe(renderPage(page, blocks));
  });

  it.each(Object.keys(blocks))('has the %s table, filled in', (name) => {
    const inside = page.split(`<!-- ${name} -->`)[1]?.split(`<!-- /${name} -->`)[0];
    expect(inside?.trim()).toBe(blocks[name]);
    expect(blocks[name]).toMatch(/^\| .* \|$/m);
  });

  it('dates its reading of the figures with the run bench.json is of', () => {
    expect(runDate(bench)).toBe('2026-12-07 12:13 UTC');
    const read = /this reading is of the run of (\d{4}-\d\d-\d\d \d\d:\d\d UTC)/.exec(page)?.[1];
    expect(read, `${PERFORMANCE_PAGE}: the prose reads another run than bench/results/bench.json; reread its figures and date it "${runDate(bench)}"`).toBe(runDate(bench));
  });

  it('says what bounds each missed goal, from the run', () => {
    const rows = goals(bench);
    for (const g of rows.filter((row) => !row.met)) expect(g.bound, g.what).toMatch(/^(?!n\/a)\S/);
    // The warm and CPU bounds rest on the skill's cheapest verified answer, measured in the same run.
    const kitMinimum = (bench.inIsolate['warm AMAZON.StopIntent'] as { medianUs: number }).medianUs;
    expect(rows.find((g) => g.what.startsWith('Warm verified linked'))?.bound).toContain(`costs ${kitMinimum} µs`);
  });

  it('bounds a new token by the warm request and its essential steps only when they pass the goal', () => {
    const withWarm = (medianUs: number): BenchFile => {
      const inIsolate = { ...bench.inIsolate, 'warm linked OrderCar': { ...(bench.inIsolate['warm linked OrderCar'] as object), medianUs } };
      return { ...bench, tokenMode: 'jwt', floor: { ...bench.floor, rsaVerify: 20, sha256: 4 }, inIsolate };
    };
    const tokenRow = (file: BenchFile) => goals(file).find((g) => g.what.startsWith('New token'))!;
    // 140 + 24 = 164 µs passes 150 before the token's other work: that is the bound.
    expect(tokenRow(withWarm(140)).bound).toMatch(/^the same request warm costs 140 µs .*: 164\.0 µs before its KV operations/);
    // 100 + 24 = 124 µs leaves room under 150: no bound is claimed.
    expect(tokenRow(withWarm(100)).bound).toMatch(/^none found: the token's own work is [\d.]+ µs over the warm linked request, of which its essential steps, an RSA verify and a SHA-256, are 24\.0 µs/);
    // A bound the run contradicts (a new token measured below it) is not claimed.
    const below = withWarm(140);
    expect(tokenRow({ ...below, inIsolate: { ...below.inIsolate, 'new token': { ...(below.inIsolate['new token'] as object), medianUs: 160 } } }).bound).toMatch(/^none found/);
    // Opaque tokens are not verified in the Worker: the SHA-256 alone is added.
    expect(tokenRow({ ...withWarm(150), tokenMode: 'opaque' }).bound).toMatch(/^the same request warm costs 150 µs .*essential steps, a SHA-256 \(the floor's, 4\.0 µs\): 154\.0 µs/);
    // No floor measured: the warm request alone, and said so.
    const noSteps: Record<string, number> = { ...withWarm(160).floor };
    delete noSteps.sha256;
    delete noSteps.rsaVerify;
    expect(tokenRow({ ...withWarm(160), floor: noSteps }).bound).toMatch(/^the same request warm costs 160 µs .*over the goal before the token's own steps \(no floor measured/);
  });

  it('says the project\'s rule stops startup when startup without the ASN.1 libraries is within the goal', () => {
    const withoutAsn1 = (differenceMs: number, unusedMs = 10.6) => {
      const parts = {
        ...bench.startupParts,
        withoutAsn1: { ...bench.startupParts.withoutAsn1, differenceMs },
        withUnusedAsn1Module: { ...bench.startupParts.withUnusedAsn1Module, differenceMs: unusedMs },
      };
      return goals({ ...bench, startup: { ...bench.startup, differenceMs: 11 }, startupParts: parts }).find((g) => g.what.startsWith('Startup'))!.bound;
    };
    expect(withoutAsn1(9)).toMatch(/startup is still 9 ms, and the libraries/);
    expect(withoutAsn1(4.8)).toMatch(/startup is 4\.8 ms, within the goal in this run, and the libraries .* cost 5\.8 ms more, so what stops it is the project's rule/);
    // Both within while the one bundle is not: nothing to claim.
    expect(withoutAsn1(4.8, 4.9)).toMatch(/^none found: .* 4\.8 ms, and 4\.9 ms with the libraries uploaded as a module nothing imports, both within the goal/);
  });

  it('shows the same goals, floor, HTTP and profile tables as bench/results/summary.md', () => {
    const tables = summary(bench, goals(bench)).trim().split('\n\n');
    for (const table of tables) expect(page).toContain(table);
  });
});

describe('the report step that writes the page', () => {
  const marked = 'Intro.\n\n<!-- bench:goals -->\n| old | table |\n<!-- /bench:goals -->\n\nProse.\n';

  it('replaces what stands between the markers and nothing else', () => {
    expect(renderPage(marked, { 'bench:goals': '| new | table |' })).toBe('Intro.\n\n<!-- bench:goals -->\n\n| new | table |\n\n<!-- /bench:goals -->\n\nProse.\n');
  });

  it('catches a figure edited by hand inside a table', () => {
    const edited = page.replace(/\| Bundle \| ≤ 60 KiB gzip \| [^|]+\|/, '| Bundle | ≤ 60 KiB gzip | 70.0 KiB, 20.0 KiB gzip |');
    expect(edited).not.toBe(page);
    expect(renderPage(edited, blocks)).not.toBe(edited);
    expect(renderPage(edited, blocks)).toBe(page);
  });

  it.each([
    ['missing', 'Intro.\n'],
    ['repeated', `${marked}${marked}`],
    ['closed before it opens', 'a <!-- /bench:goals --> b <!-- bench:goals --> c'],
  ])('refuses a page whose marker is %s', (_, broken) => {
    expect(() => renderPage(broken, { 'bench:goals': '| t |' })).toThrow('needs exactly one <!-- bench:goals --> … <!-- /bench:goals -->');
  });

  it('names a run by its date in UTC, to the minute', () => {
    expect(runDate({ date: '2026-01-02T03:04:59.999Z' })).toBe('2026-01-02 03:04 UTC');
    expect(() => runDate({ date: 'yesterday' })).toThrow('bench.json: date is not a date: yesterday');
  });
});
