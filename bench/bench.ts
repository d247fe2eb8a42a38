/**
 * `npm run bench`: the Worker as deployed (workerd, loopback) against the Node anchor
 * (ask-sdk-express-adapter), with the same signed requests, in one run. See README, "Performance".
 *
 * Env: BENCH_N1 (requests at concurrency 1, default 300), BENCH_N16 (at 16, default 1600),
 * BENCH_TOKEN_MODE (jwt, the default: tokens verified against the provider's JWKS; or opaque).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { startProvider } from './provider.ts';
import { availability, orderCar, signed, type SignedRequest } from './requests.ts';
import { AUDIENCE, ISSUER } from './provider.ts';
import { CERT_URL, SKILL_ID, buildDeployBundle, cpuSecondsOf, startWorker, type TokenMode } from './stack.ts';

const N1 = Number(process.env.BENCH_N1 ?? 300);
const N16 = Number(process.env.BENCH_N16 ?? 1600);
const MODE: TokenMode = process.env.BENCH_TOKEN_MODE === 'opaque' ? 'opaque' : 'jwt';
type ScenarioName =
  | 'control: no-op route'
  | 'warm linked OrderCar'
  | 'warm unlinked public intent'
  | 'new token'
  | 'new isolate'
  | 'invalid signature';

interface Row {
  scenario: ScenarioName;
  target: 'worker' | 'node';
  concurrency: number;
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  kvReadsPerRequest?: number;
  kvWritesPerRequest?: number;
  subrequestsPerRequest?: number;
  cpuMsPerRequest: number;
}

const provider = await startProvider();
const worker = await startWorker(provider, MODE);
const newToken = () => (MODE === 'jwt' ? provider.issueJwt() : Promise.resolve(provider.issue()));
const anchor = await startAnchor();
const rows: Row[] = [];

try {
  for (const concurrency of [1, 16]) {
    const n = concurrency === 1 ? N1 : N16;
    for (const target of ['worker', 'node'] as const) {
      const url = target === 'worker' ? worker.url : anchor.url;
      const cpu = target === 'worker' ? () => worker.cpuSeconds() : () => cpuSecondsOf([anchor.pid]);
      await drive(url, await repeat(signed(worker.pki, availability()), 50), 4, 'services in Seattle'); // JIT warm-up

      const linkedToken = await newToken();
      await drive(url, [await signed(worker.pki, orderCar(linkedToken))], 1, 'Contoso Tower');
      const scenarios: [ScenarioName, () => Promise<SignedRequest[]>, string | number, Record<string, string>?, string?][] = [
        ['control: no-op route', () => repeat(signed(worker.pki, availability()), n), 'noop', {}, '__bench/noop'],
        ['warm linked OrderCar', () => repeat(signed(worker.pki, orderCar(linkedToken)), n), 'Contoso Tower'],
        ['warm unlinked public intent', () => repeat(signed(worker.pki, availability()), n), 'services in Seattle'],
        ['new token', () => Promise.all(Array.from({ length: n }, async () => signed(worker.pki, orderCar(await newToken())))), 'Contoso Tower'],
        ['invalid signature', () => repeat(signed(worker.pki, availability(), { forge: true }), n), 400],
      ];
      if (target === 'worker') {
        // A fresh Runtime per request; the certificate and the token are in KV from the warm-up.
        scenarios.push(['new isolate', () => repeat(signed(worker.pki, orderCar(linkedToken)), n), 'Contoso Tower', { 'x-bench-new-isolate': '1' }]);
      }
      for (const [scenario, make, expected, headers, path] of scenarios) {
        const requests = await make();
        const targetUrl = path ? new URL(path, url).href : url;
        if (target === 'worker') await worker.resetKvStats();
        const subBefore = worker.subrequests.count;
        const cpuBefore = cpu();
        const { latencies, seconds } = await drive(targetUrl, requests, concurrency, expected, headers);
        const cpuSeconds = cpu() - cpuBefore;
        const row: Row = {
          scenario, target, concurrency, requests: requests.length,
          p50: pct(latencies, 50), p95: pct(latencies, 95), p99: pct(latencies, 99),
          rps: round(requests.length / seconds, 0),
          cpuMsPerRequest: round((cpuSeconds * 1000) / requests.length, 3),
        };
        if (target === 'worker') {
          const kv = await worker.kvStats();
          row.kvReadsPerRequest = round(kv.kvReads / requests.length, 3);
          row.kvWritesPerRequest = round(kv.kvWrites / requests.length, 3);
          row.subrequestsPerRequest = round((worker.subrequests.count - subBefore) / requests.length, 3);
        }
        rows.push(row);
        console.log(`${target.padEnd(6)} c=${String(concurrency).padEnd(2)} ${scenario.padEnd(28)} p50 ${row.p50} ms  p99 ${row.p99} ms  ${row.rps} req/s`);
      }
    }
  }
} finally {
  anchor.stop();
  await worker.dispose();
  await provider.close();
}

const bundle = readFileSync(buildDeployBundle().main);
const startup = spawnSync('npx', ['wrangler', 'check', 'startup', '--env', 'production', '--outfile', '/tmp/skill-startup.cpuprofile'], { encoding: 'utf8' });
const startupActive = startup.stdout.match(/Active: ([\d.]+) ms/)?.[1];
const result = {
  date: new Date().toISOString(),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
  node: process.version,
  tokenMode: MODE,
  method: 'Loopback HTTP with keep-alive from this process; latency is client-observed; CPU is utime+stime of the server processes from /proc (10 ms ticks).',
  bundle: { bytes: bundle.byteLength, gzipBytes: gzipSync(bundle).byteLength },
  startupActiveMs: startupActive ? Number(startupActive) : null,
  rows,
  ratios: ratios(rows),
};
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/bench.json', `${JSON.stringify(result, null, 2)}\n`);
writeFileSync('bench/results/latency.svg', chart(rows));
console.log();
console.table(rows.map((r) => ({ ...r, scenario: r.scenario.slice(0, 24) })));
console.table(result.ratios);
console.log(`Token mode: ${MODE}.`);
console.log(`Bundle ${(result.bundle.bytes / 1024).toFixed(1)} KiB (gzip ${(result.bundle.gzipBytes / 1024).toFixed(1)} KiB); startup (wrangler check startup, active CPU) ${result.startupActiveMs} ms`);
console.log('Wrote bench/results/bench.json and bench/results/latency.svg');

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

function ratios(all: Row[]) {
  return all
    .filter((r) => r.target === 'worker')
    .map((w) => {
      const n = all.find((r) => r.target === 'node' && r.scenario === w.scenario && r.concurrency === w.concurrency);
      return {
        scenario: w.scenario,
        concurrency: w.concurrency,
        throughputWorkerOverNode: n ? round(w.rps / n.rps, 2) : null,
        p50NodeOverWorker: n ? round(n.p50 / w.p50, 2) : null,
      };
    });
}

async function startAnchor(): Promise<{ url: string; pid: number; stop: () => void }> {
  await build({
    entryPoints: ['bench/node-anchor/server.ts'], bundle: true, platform: 'node', format: 'esm',
    packages: 'external', target: 'node22', outfile: 'bench/.build/node-anchor.mjs', logLevel: 'warning',
  });
  writeFileSync('bench/.build/chain.pem', worker.pki.chainPem);
  const child = spawn(process.execPath, ['bench/.build/node-anchor.mjs'], {
    env: {
      ...process.env, PORT: '0', SKILL_ID, PROVIDER: provider.origin, CERT_URL, CHAIN_FILE: 'bench/.build/chain.pem',
      NODE_ENV: 'production', TOKEN_MODE: MODE, ISSUER, AUDIENCE,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /listening (\d+)/.exec(chunk.toString());
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`node anchor exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}/`, pid: child.pid!, stop: () => child.kill() };
}

function chart(all: Row[]): string {
  const names: ScenarioName[] = ['control: no-op route', 'warm linked OrderCar', 'warm unlinked public intent', 'new token', 'new isolate', 'invalid signature'];
  const at = (scenario: ScenarioName, target: 'worker' | 'node') => all.find((r) => r.scenario === scenario && r.target === target && r.concurrency === 1);
  const max = Math.max(...all.filter((r) => r.concurrency === 1).map((r) => r.p99), 1);
  const width = 940, row = 64, left = 200, scale = (width - left - 250) / max;
  const bars = names.map((name, i) => {
    const y = 40 + i * row;
    const draw = (r: Row | undefined, dy: number, color: string, label: string) =>
      r
        ? `<rect x="${left}" y="${y + dy}" width="${(r.p50 * scale).toFixed(1)}" height="12" fill="${color}"/>` +
          `<rect x="${left}" y="${y + dy}" width="${(r.p99 * scale).toFixed(1)}" height="12" fill="none" stroke="${color}"/>` +
          `<text x="${left + r.p99 * scale + 6}" y="${y + dy + 10}" font-size="11">${label} p50 ${r.p50} / p99 ${r.p99} ms</text>`
        : `<text x="${left}" y="${y + dy + 10}" font-size="11" fill="#777">${label}: n/a</text>`;
    return `<text x="8" y="${y + 16}" font-size="12">${name}</text>` +
      draw(at(name, 'worker'), 0, '#f38020', 'Worker') + draw(at(name, 'node'), 18, '#3c873a', 'Node');
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${60 + names.length * row}" font-family="system-ui, sans-serif">
<text x="8" y="20" font-size="14" font-weight="600">Latency at concurrency 1 (filled: p50, outline: p99), ms, loopback</text>
${bars.join('\n')}
</svg>
`;
}
