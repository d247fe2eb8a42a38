/**
 * `npm run bench:tools`: the command line's own benchmarks (issue #21's speed goals): the utterance
 * resolver on a synthetic model (packages/alexa-skill-workers/bench/resolve.bench.ts) and the
 * console's first paint in Chromium (bench/console-paint.ts). Benchmarks, not tests: each runs as its
 * own process, one after the other; the figures go to bench/results/tools.json and the
 * `tools:summary` table of docs/performance.md, never typed by hand (test-node/docs/performance.test.ts
 * re-renders the table from the committed file).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { PERFORMANCE_PAGE, renderPage, toolsBlocks, type ToolsFile } from './report.ts';

const ROOT = join(import.meta.dirname, '..');
const loadAtStart = loadavg()[0]!;

/** Runs one benchmark with `--json` and returns its last line, parsed; its other output is shown as it is. */
function run(script: string): unknown {
  const result = spawnSync(process.execPath, [join(ROOT, script), '--json'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) throw new Error(`${script} failed (exit ${result.status})`);
  const lines = result.stdout.trim().split('\n');
  process.stdout.write(`${lines.slice(0, -1).join('\n')}\n`);
  return JSON.parse(lines.at(-1)!);
}

const resolve = run('packages/alexa-skill-workers/bench/resolve.bench.ts') as ToolsFile['resolve'];
const consolePaint = run('bench/console-paint.ts') as ToolsFile['consolePaint'];
const tools: ToolsFile = {
  date: new Date().toISOString(),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
  loadAtStart,
  node: process.versions.node,
  resolve,
  consolePaint,
};
writeFileSync(join(ROOT, 'bench/results/tools.json'), `${JSON.stringify(tools, null, 2)}\n`);
const page = join(ROOT, PERFORMANCE_PAGE);
writeFileSync(page, renderPage(readFileSync(page, 'utf8'), toolsBlocks(tools)));
console.log(`\nWrote bench/results/tools.json and ${PERFORMANCE_PAGE}.`);
