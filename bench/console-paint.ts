/**
 * The console's first paint (issue #21's goal: ≤ 1 s locally). A benchmark, not a test: run it on a
 * quiet machine, `node bench/console-paint.ts` (Chromium at /usr/bin/chromium or CHROMIUM_PATH). It
 * starts `alexa-skill-workers console` on a free port of 127.0.0.1 for Ride Hailer's model (a CA of
 * its own in a temporary state folder; no skill needs to run: the first paint calls none), opens the
 * page BENCH_ROUNDS times (default 20) in a fresh browser context each, and prints the median and the
 * 95th percentile of the first contentful paint (the browser's own `first-contentful-paint` entry) and
 * of the page being usable (the locales and samples drawn: `body[data-ready]`), from navigation start.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadOrCreateDevCa, spawnGroup, statePaths, stopGroup } from 'alexa-skill-workers/cli';
import { launchBrowser } from '../test-e2e/browser.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const ROOT = resolve(import.meta.dirname, '..');
const state = mkdtempSync(join(tmpdir(), 'console-paint-'));
await loadOrCreateDevCa(statePaths(state).ca);

const child = spawnGroup(process.execPath, [join(ROOT, 'node_modules', '.bin', 'alexa-skill-workers'), 'console', '--port', '0', '--json', '--url', 'http://127.0.0.1:9/', '--skill-id', 'amzn1.ask.skill.00000000-0000-4000-8000-000000000000', '--state', state], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
const url = await new Promise<string>((done, fail) => {
  child.stdout?.once('data', (chunk: Buffer) => done((JSON.parse(chunk.toString()) as { url: string }).url));
  child.once('exit', (code) => fail(new Error(`console exited (${code})`)));
});

const browser = await launchBrowser();
const paint: number[] = [];
const ready: number[] = [];
try {
  for (let i = 0; i < ROUNDS; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    await page.goto(url);
    await page.locator('body[data-ready=true]').waitFor();
    const usable = await page.evaluate(() => performance.now());
    // The paint entry may come after the page is usable: waited for, from the buffer or as it comes.
    const fcp = await page.evaluate(() => new Promise<number>((done) => {
      new PerformanceObserver((list) => {
        const entry = list.getEntriesByName('first-contentful-paint')[0];
        if (entry) done(entry.startTime);
      }).observe({ type: 'paint', buffered: true });
    }));
    paint.push(fcp);
    ready.push(usable);
    await context.close();
  }
} finally {
  await browser.close();
  await stopGroup(child.pid!);
  rmSync(state, { recursive: true, force: true });
}

const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;
const row = (name: string, values: number[]) => `${name.padEnd(24)} median ${quantile(values, 0.5).toFixed(0).padStart(5)} ms   p95 ${quantile(values, 0.95).toFixed(0).padStart(5)} ms`;
console.log(`alexa-skill-workers console, ${ROUNDS} page loads (goal: first paint ≤ 1000 ms)`);
console.log(row('first contentful paint', paint));
console.log(row('usable (samples drawn)', ready));
// With --json, one more line for bench/tools.ts, which keeps the figures in bench/results/tools.json.
if (process.argv.includes('--json')) {
  const ms = (values: number[], q: number) => Math.round(quantile(values, q));
  console.log(JSON.stringify({ loads: ROUNDS, firstPaint: { medianMs: ms(paint, 0.5), p95Ms: ms(paint, 0.95) }, usable: { medianMs: ms(ready, 0.5), p95Ms: ms(ready, 0.95) } }));
}
