/**
 * `npm run stress:e2e` (not part of CI): the browser test several times in a row while the workerd
 * suite runs alongside in a loop, to show the dev stack neither flakes on a loaded machine nor
 * leaves processes behind. Prints a tally. Settings: STRESS_RUNS (10), STRESS_MINUTES (45, for the
 * whole thing), STRESS_RUN_MINUTES (6, per browser run).
 *
 * Every process it starts leads a process group that is stopped on every way out. Each browser run
 * carries a marker in its environment; any process still carrying it after the run is a leftover:
 * it is counted, named, and killed.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killGroupNow, spawnGroup, stopGroup } from 'alexa-skill-workers/cli';

const RUNS = Number(process.env.STRESS_RUNS ?? 10);
const deadline = Date.now() + Number(process.env.STRESS_MINUTES ?? 45) * 60_000;
const perRunMs = Number(process.env.STRESS_RUN_MINUTES ?? 6) * 60_000;
// The browser test's ports (test-e2e/stack.ts) and npm run dev's defaults, with their inspectors.
const PORTS = [18787, 18788, 18790, 19787, 19788, 8787, 8788, 8790, 9787, 9788];
const logs = mkdtempSync(join(tmpdir(), 'ride-hailer-stress-'));

const groups = new Set<number>();
process.on('exit', () => {
  for (const pgid of groups) killGroupNow(pgid);
});
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping everything started here.`);
    void Promise.all([...groups].map((pgid) => stopGroup(pgid))).then(() => process.exit(code));
  });
}

interface Started {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
}

/** Starts `npm <args>` as a process group, its output going to `logFile`. */
function npm(args: string[], logFile: string, env: NodeJS.ProcessEnv = process.env): Started {
  const log = createWriteStream(logFile);
  const child = spawnGroup('npm', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  groups.add(child.pid!);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited };
}

async function finish(started: Started): Promise<void> {
  await stopGroup(started.child.pid!);
  groups.delete(started.child.pid!);
}

/** Processes whose environment carries `marker` (read from /proc), as "pid name". */
function carrying(marker: string): { pid: number; name: string }[] {
  const found: { pid: number; name: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (!readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(marker)) continue;
      found.push({ pid: Number(entry), name: readFileSync(`/proc/${entry}/comm`, 'utf8').trim() });
    } catch {
      // exited while we looked
    }
  }
  return found;
}

/** `ss -ltnp` lines of workerd, node or chromium listening on one of the project's ports. */
function listeners(): string[] {
  const out = execFileSync('ss', ['-ltnpH'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => {
    const port = Number(/:(\d+)\s/.exec(line)?.[1]);
    return PORTS.includes(port) && /"(workerd|node|chrom\w*)"/.test(line);
  });
}

// The workerd suite, over and over, until the browser runs are done.
const suite = { passed: 0, failed: 0, stopped: false, current: undefined as Started | undefined };
let browserRunsDone = false;
const suiteLoop = (async () => {
  for (let i = 1; !browserRunsDone && Date.now() < deadline; i++) {
    suite.current = npm(['exec', '--', 'vitest', 'run'], join(logs, `workerd-suite-${i}.log`));
    const code = await suite.current.exited;
    await finish(suite.current);
    if (suite.stopped) break; // cut short by us at the deadline: not counted
    if (code === 0) suite.passed++;
    else suite.failed++;
  }
})();

interface Tally {
  run: number;
  result: 'pass' | 'FAIL' | 'TIMEOUT';
  seconds: number;
  leftoverProcesses: string;
  leftoverListeners: number;
}
const tally: Tally[] = [];
console.log(`Browser test x${RUNS} with the workerd suite alongside; logs in ${logs}`);
for (let run = 1; run <= RUNS; run++) {
  if (Date.now() + perRunMs > deadline) {
    console.log(`Stopping after ${run - 1} runs: STRESS_MINUTES would be exceeded.`);
    break;
  }
  const marker = `STRESS_E2E_RUN=${process.pid}-${run}`;
  const [key, value] = marker.split('=') as [string, string];
  const startedAt = Date.now();
  const browser = npm(['run', 'test:e2e'], join(logs, `browser-${run}.log`), { ...process.env, [key]: value });
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([browser.exited, new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), perRunMs)))]);
  clearTimeout(timer);
  if (code === 'timeout') await finish(browser);
  else groups.delete(browser.child.pid!); // the run ended by itself: leftovers are what it left

  const left = carrying(marker);
  const heard = listeners();
  for (const { pid } of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  const row: Tally = {
    run,
    result: code === 'timeout' ? 'TIMEOUT' : code === 0 ? 'pass' : 'FAIL',
    seconds: Math.round((Date.now() - startedAt) / 1000),
    leftoverProcesses: left.map((p) => `${p.pid} ${p.name}`).join(', ') || 'none',
    leftoverListeners: heard.length,
  };
  tally.push(row);
  console.log(`run ${run}: ${row.result} in ${row.seconds} s; leftover processes: ${row.leftoverProcesses}; listeners on project ports: ${heard.length}`);
  for (const line of heard) console.log(`  ${line}`);
}

// Let the workerd suite's current run finish (it counts), within the time left.
browserRunsDone = true;
await Promise.race([suiteLoop, new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())).unref())]);
suite.stopped = true;
if (suite.current) await finish(suite.current);
await suiteLoop;

const passes = tally.filter((t) => t.result === 'pass').length;
const leftovers = tally.filter((t) => t.leftoverProcesses !== 'none' || t.leftoverListeners > 0).length;
console.table(tally);
console.log(
  `Browser test: ${passes}/${tally.length} passed; runs with leftovers: ${leftovers}. ` +
    `Workerd suite alongside: ${suite.passed} passed, ${suite.failed} failed (a run cut short by the deadline is not counted). Logs: ${logs}`,
);
process.exitCode = passes === RUNS && leftovers === 0 ? 0 : 1;
