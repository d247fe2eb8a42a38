/**
 * `npm run bench`: the deploy bundle on `workerd serve` directly (bench/workerd.ts), against the
 * Node anchor (ask-sdk-express-adapter) and, as a secondary column, through Miniflare
 * (bench/stack.ts), with the same signed requests, in one run; then the Worker's own CPU per
 * request in the isolate, the floor, startup, `wrangler check startup` and the bundle's size.
 * See docs/performance.md, whose measured tables this run rewrites (bench/report.ts).
 *
 * Env: BENCH_N1 (requests at concurrency 1, default 300), BENCH_N16 (at 16, default 1600),
 * BENCH_TOKEN_MODE (jwt, the default: tokens verified against the provider's JWKS; or opaque).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { gzipSync } from 'node:zlib';
import { FLOOR_STEPS, measureFloor, measureStartup, workerCpuPerRequestEach, wranglerCheckStartup } from './isolate.ts';
import { measureStartupParts } from './startup-parts.ts';
import { loopSpecs, loops, type LoopName } from './loops.ts';
import { startAnchor } from './anchor.ts';
import { profileLoops, type ProfileShare } from './profile.ts';
import { startProvider } from './provider.ts';
import { benchBlocks, chart, goals, CHEAPEST_ANSWER_LOOP, PERFORMANCE_PAGE, renderPage, runDate, summary, type BenchFile, type Row, type ScenarioName, type Target } from './report.ts';
import { availability, orderCar, signed, type SignedRequest } from './requests.ts';
import { CERT_URL, benchPki, buildDeployBundle, startWorker, tokenBindings, verifierBindings, type TokenMode } from './stack.ts';
import { WORKERD, startWorkerdStack, type BenchTarget } from './workerd.ts';

const N1 = Number(process.env.BENCH_N1 ?? 300);
const N16 = Number(process.env.BENCH_N16 ?? 1600);
const MODE: TokenMode = process.env.BENCH_TOKEN_MODE === 'opaque' ? 'opaque' : 'jwt';

const provider = await startProvider();
const pki = await benchPki();
const bundlePath = buildDeployBundle().main;
const workerdOptions = {
  bundle: bundlePath,
  settings: { ...verifierBindings(pki), ...tokenBindings(MODE, provider.origin) },
  chainPem: pki.chainPem,
  certUrl: CERT_URL,
  providerAddress: new URL(provider.origin).host,
};
const direct = await startWorkerdStack(workerdOptions);
const mf = await startWorker(provider, MODE, pki);
const miniflare: BenchTarget = {
  url: mf.url,
  stats: async () => ({ ...(await mf.kvStats()), subrequests: mf.subrequests.count }),
  resetStats: async () => {
    await mf.resetKvStats();
    mf.subrequests.count = 0;
  },
  cpuSeconds: () => mf.cpuSeconds(),
  dispose: () => mf.dispose(),
};
const anchor = await startAnchor({ chainPem: pki.chainPem, provider, mode: MODE });
const newToken = () => (MODE === 'jwt' ? provider.issueJwt() : Promise.resolve(provider.issue()));
const rows: Row[] = [];
let inIsolate: Record<string, unknown>;
let floor: Record<string, number>;
const throughputRatios: Record<string, { runs: number[]; median: number }> = {};
let profiles: Record<string, ProfileShare[]>;

try {
  // The Worker's own CPU per request, in the isolate, the provider mocked there, KV in memory.
  const scenarios = await loops(pki, provider, MODE);
  const w = direct.workerd;
  inIsolate = await workerCpuPerRequestEach(w, direct.url, loopSpecs(scenarios, Object.keys(scenarios) as LoopName[]));
  console.log('In-isolate, Worker CPU per request (µs):', inIsolate);
  const linkedToken = await newToken();
  floor = await measureFloor(w, direct.floorUrl, (await signed(pki, orderCar(linkedToken))).body);
  console.log('Floor (µs):', floor);

  const targets: [Target, BenchTarget | undefined, string][] = [
    ['workerd', direct, direct.url],
    ['node', undefined, anchor.url],
    ['miniflare', miniflare, miniflare.url],
  ];
  for (const concurrency of [1, 16]) {
    const n = concurrency === 1 ? N1 : N16;
    for (const [target, stack, url] of targets) {
      const cpu = stack ? () => stack.cpuSeconds() : () => anchor.cpuSeconds();
      await drive(url, await repeat(signed(pki, availability()), 50), 4, 'services in Seattle'); // JIT warm-up
      await drive(url, [await signed(pki, orderCar(linkedToken))], 1, 'Contoso Tower');
      const scenarios: [ScenarioName, () => Promise<SignedRequest[]>, string | number, Record<string, string>?, string?][] = [
        ['control: no-op route', () => repeat(signed(pki, availability()), n), 'noop', {}, '__bench/noop'],
        ['warm linked OrderCar', () => repeat(signed(pki, orderCar(linkedToken)), n), 'Contoso Tower'],
        ['warm unlinked public intent', () => repeat(signed(pki, availability()), n), 'services in Seattle'],
        ['new token', () => Promise.all(Array.from({ length: n }, async () => signed(pki, orderCar(await newToken())))), 'Contoso Tower'],
        ['invalid signature', () => repeat(signed(pki, availability(), { forge: true }), n), 400],
      ];
      if (stack) {
        // A fresh Runtime per request; the certificate and the token are in KV from the warm-up.
        scenarios.push(['new isolate', () => repeat(signed(pki, orderCar(linkedToken)), n), 'Contoso Tower', { 'x-bench-new-isolate': '1' }]);
      }
      for (const [scenario, make, expected, headers, path] of scenarios) {
        const requests = await make();
        await stack?.resetStats();
        const cpuBefore = cpu();
        const { latencies, seconds } = await drive(path ? new URL(path, url).href : url, requests, concurrency, expected, headers);
        const cpuSeconds = cpu() - cpuBefore;
        const row: Row = {
          scenario, target, concurrency, requests: requests.length,
          p50: pct(latencies, 50), p95: pct(latencies, 95), p99: pct(latencies, 99),
          rps: round(requests.length / seconds, 0),
          cpuMsPerRequest: round((cpuSeconds * 1000) / requests.length, 3),
        };
        if (stack) {
          const s = await stack.stats();
          row.kvReadsPerRequest = round(s.kvReads / requests.length, 3);
          row.kvWritesPerRequest = round(s.kvWrites / requests.length, 3);
          row.subrequestsPerRequest = round(s.subrequests / requests.length, 3);
        }
        rows.push(row);
        console.log(`${target.padEnd(9)} c=${String(concurrency).padEnd(2)} ${scenario.padEnd(28)} p50 ${row.p50} ms  p99 ${row.p99} ms  ${row.rps} req/s  ${row.cpuMsPerRequest} CPU ms/req`);
      }
    }
  }
  // The throughput goal, again: warm linked and unlinked at c=16, workerd and the anchor alternating, 3 times.
  for (const [scenario, make, expected] of [
    ['warm linked OrderCar', () => signed(pki, orderCar(linkedToken)), 'Contoso Tower'],
    ['warm unlinked public intent', () => signed(pki, availability()), 'services in Seattle'],
  ] as const) {
    const samples: number[] = [];
    for (let i = 0; i < 3; i++) {
      const requests = await repeat(make(), N16);
      const workerd = await drive(direct.url, requests, 16, expected);
      const node = await drive(anchor.url, requests, 16, expected);
      samples.push(round(workerd.seconds > 0 ? node.seconds / workerd.seconds : 0, 2));
    }
    throughputRatios[scenario] = { runs: samples, median: [...samples].sort((a, b) => a - b)[1]! };
  }
  console.log('Throughput workerd ÷ Node at c=16, 3 alternating runs:', throughputRatios);

  // Where the time goes: V8 profiles of the same loops, on a separate launch with the inspector on.
  profiles = await profileLoops(workerdOptions, {
    'warm linked OrderCar': { batch: () => scenarios['warm linked OrderCar'].batch(1000), query: 'target=worker&mock=1' },
    [CHEAPEST_ANSWER_LOOP]: { batch: () => scenarios[CHEAPEST_ANSWER_LOOP].batch(1000), query: 'target=worker&mock=1' },
    'new token': { batch: () => scenarios['new token'].batch(200), query: 'target=worker&mock=1' },
    'new isolate': { batch: () => scenarios['new isolate'].batch(100), query: 'target=worker&mock=1&fresh=1' },
  });
} finally {
  await anchor.stop();
  await mf.dispose();
  await direct.dispose();
  await provider.close();
}

const startup = await measureStartup(workerdOptions);
console.log('Startup (workerd CPU to the first answer, ms):', startup);
const startupParts = await measureStartupParts(workerdOptions);
console.log('Startup without the ASN.1 libraries, and with them as a module nothing imports (ms):', JSON.stringify(startupParts));
const checks = wranglerCheckStartup();
const bundle = readFileSync(bundlePath);
const result: BenchFile = {
  date: new Date().toISOString(),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB; load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')} (shared with other jobs)`,
  node: process.version,
  workerd: spawnSync(WORKERD, ['--version'], { encoding: 'utf8' }).stdout.trim(),
  tokenMode: MODE,
  method: {
    http: 'Loopback HTTP with keep-alive from this process; latency client-observed; CPU per request = server process CPU (utime+stime, or the threads\' schedstat ns for workerd) / requests.',
    inIsolate: 'Wrapper loop calling the bundle\'s fetch on N pre-signed requests inside workerd, provider and S3 mocked in the isolate, in-memory KV; (CPU of the loop − the same loop over an empty Worker) / N; CPU = Σ /proc/<pid>/task/*/schedstat (ns); median and range of 5 repeats, the loops taking turns repeat by repeat.',
    profiles: 'V8 CPU profiles (50 µs sampling) of the same loops through workerd\'s inspector on a separate launch; self time by source file via the bundle\'s source map, % of non-idle samples.',
    floor: 'Each step alone in a loop of 3000 in a second Worker in the same workerd process; minus an empty loop (the Hono step minus building a Request and a Response); median of 5.',
    startup: 'workerd launched with the bundle and with an empty Worker (same config otherwise), one GET / answered (405), CPU read then; min of 15 each; difference.',
    startupParts: 'The same for the deploy bundle built with the ASN.1 libraries aliased to an empty module, and for that bundle with the libraries (built by esbuild, minified) uploaded as a second module nothing imports; each again with workerd --experimental and the new_module_registry flag.',
  },
  bundle: { bytes: bundle.byteLength, gzipBytes: gzipSync(bundle).byteLength },
  wranglerCheckStartupMs: { runs: checks, median: [...checks].sort((a, b) => a - b)[1] ?? NaN },
  startup,
  startupParts,
  inIsolate,
  floor,
  rows,
  throughputRatios,
  profiles,
};
const goalRows = goals(result);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/bench.json', `${JSON.stringify({ ...result, goals: goalRows }, null, 2)}\n`);
writeFileSync('bench/results/latency.svg', chart(rows, inIsolate, floor));
writeFileSync('bench/results/summary.md', summary(result, goalRows));
writeFileSync(PERFORMANCE_PAGE, renderPage(readFileSync(PERFORMANCE_PAGE, 'utf8'), benchBlocks(result)));
console.log();
console.log(readFileSync('bench/results/summary.md', 'utf8'));
console.log(`Floor steps: ${FLOOR_STEPS.join(', ')}. Wrote bench/results/bench.json, latency.svg and summary.md, and the tables of ${PERFORMANCE_PAGE}`);
console.log(`Reread the figures in ${PERFORMANCE_PAGE}'s prose and date its reading "${runDate(result)}" (test-node/docs/performance.test.ts holds it to this run).`);

// ---------------------------------------------------------------------------------------------

async function repeat(request: Promise<SignedRequest>, n: number): Promise<SignedRequest[]> {
  const one = await request;
  return Array.from({ length: n }, () => one);
}

async function drive(url: string, requests: SignedRequest[], concurrency: number, expected: string | number, headers: Record<string, string> = {}) {
  const latencies: number[] = [];
  let next = 0;
  const loop = async () => {
    for (;;) {
      const request = requests[next++];
      if (!request) return;
      const started = performance.now();
      const response = await fetch(url, { method: 'POST', headers: { ...request.headers, ...headers }, body: request.body });
      const text = await response.text();
      latencies.push(performance.now() - started);
      const ok = typeof expected === 'number' ? response.status === expected : response.status === 200 && text.includes(expected);
      if (!ok) throw new Error(`wrong answer from ${url} (expected ${expected}): ${response.status} ${text.slice(0, 200)}`);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, loop));
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0, 2);
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
