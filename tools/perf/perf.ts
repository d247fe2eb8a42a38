/**
 * The optimiser's own measuring tool (issue #13), independent of bench/: builds the deploy bundle,
 * runs it on the project's workerd (`workerd serve`, a generated config) and reports
 *  - bundle size (wrangler's own "Total Upload" line),
 *  - startup: workerd CPU from launch to the first answered request (GET / → 405), minus an empty
 *    Worker's, min and median of STARTUP_RUNS launches,
 *  - per-request Worker CPU from an in-isolate loop of `worker.fetch` calls (tools/perf/wrapper.mjs:
 *    Map-backed KV, mocked S3 and provider), minus a loop that only builds the same Requests.
 * CPU is the sum of every workerd thread's sum_exec_runtime (/proc/<pid>/task/<tid>/schedstat, ns).
 * Usage: node tools/perf/perf.ts [--bundle-only] [--no-loops] [--no-startup] [--check-startup]
 *   [--runs 5] [--n 1000] [--startup-runs 15] [--compat flag,flag (instead of wrangler.toml's)]
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestPki, intentRequest, launchRequest, signBody } from 'alexa-skill-workers/testing';

const root = resolve(import.meta.dirname, '../..');
const argv = process.argv.slice(2);
const opt = (name: string, dflt: number) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : dflt);
const RUNS = opt('--runs', 5);
const N = opt('--n', 1000);
const STARTUP_RUNS = opt('--startup-runs', 15);
/** --profile <scenario>: a V8 CPU profile of that loop through workerd's inspector (self time by function). */
const PROFILE_SCENARIO = argv.includes('--profile') ? argv[argv.indexOf('--profile') + 1] : undefined;
const SKILL_ID = 'amzn1.ask.skill.perf-0000-4000-8000-000000000000';
const CERT_URL = 'https://s3.amazonaws.com/echo.api/echo-api-cert-perf.pem';
const PROFILE = {
  id: 'user-ana', name: 'Ana',
  defaultLocations: { work: { label: 'Contoso Tower', address: '500 Contoso Way' }, home: { label: 'Maple Street', address: '12 Maple Street' } },
  paymentMethod: { label: 'Visa ending 4242' },
};

function build(): { dir: string; upload: string } {
  const dir = mkdtempSync(join(tmpdir(), 'perf-bundle-'));
  const extra = argv.includes('--unminified') ? ['--minify=false'] : [];
  // Development trust on (wrangler.toml `define`): the loops sign with a generated CA, which a production build refuses.
  const trust = ['--define', '__DEVELOPMENT_TRUST__:true'];
  const r = spawnSync('npx', ['wrangler', 'deploy', '--dry-run', '--env', 'production', ...trust, '--outdir', dir, ...extra], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${r.stdout}${r.stderr}`);
  const upload = /Total Upload: ([^\n]+)/.exec(r.stdout + r.stderr)?.[1] ?? '?';
  return { dir, upload };
}

function compatFlags(): string[] {
  if (argv.includes('--compat')) return argv[argv.indexOf('--compat') + 1]!.split(',').filter(Boolean);
  const toml = readFileSync(join(root, 'wrangler.toml'), 'utf8');
  const m = /^compatibility_flags\s*=\s*\[([^\]]*)\]/m.exec(toml);
  return m ? [...m[1]!.matchAll(/"([^"]+)"/g)].map((x) => x[1]!) : [];
}

async function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

function capnp(port: number, modules: string[], flags: string[], bindings: Record<string, string>, kv: boolean): string {
  const mods = modules.map((m) => `(name = "${m}", esModule = embed "${m}")`).join(', ');
  const binds = Object.entries(bindings).map(([k, v]) => `(name = "${k}", text = ${JSON.stringify(v)})`);
  if (kv) binds.push('(name = "CACHE", json = "{}")'); // replaced by the wrapper's Map KV
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .w)],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const w :Workerd.Worker = (
  modules = [${mods}],
  compatibilityDate = "2026-11-01",
  compatibilityFlags = [${flags.map((f) => JSON.stringify(f)).join(', ')}],
  bindings = [${binds.join(', ')}],
);
`;
}

/** CPU nanoseconds of all threads of `pid`. */
function cpuNs(pid: number): number {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch { /* thread gone */ }
  }
  return ns;
}

async function launch(dir: string, config: string, port: number, inspector?: number): Promise<{ proc: ChildProcess; cpuAtFirstAnswer: number }> {
  writeFileSync(join(dir, 'perf.capnp'), config);
  const args = ['serve', join(dir, 'perf.capnp'), ...(inspector ? ['-i', `127.0.0.1:${inspector}`] : [])];
  const proc = spawn(join(root, 'node_modules/.bin/workerd'), args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let err = '';
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  for (let i = 0; i < 5000; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/`);
      await res.text();
      return { proc, cpuAtFirstAnswer: cpuNs(proc.pid!) };
    } catch {
      if (proc.exitCode !== null) throw new Error(`workerd exited: ${err}`);
      await new Promise((r) => setTimeout(r, 2));
    }
  }
  throw new Error(`workerd never answered: ${err}`);
}

function stop(proc: ChildProcess): Promise<void> {
  return new Promise((ok) => {
    proc.once('exit', () => ok());
    process.kill(-proc.pid!, 'SIGKILL');
  });
}

const min = (xs: number[]) => Math.min(...xs);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function startup(dir: string, flags: string[], bindings: Record<string, string>): Promise<void> {
  writeFileSync(join(dir, 'empty.mjs'), `export default { fetch() { return new Response('ok'); } };`);
  const empty: number[] = [];
  const skill: number[] = [];
  for (let i = 0; i < STARTUP_RUNS; i++) {
    for (const [which, out] of [['empty', empty], ['skill', skill]] as const) {
      const port = await freePort();
      const config = which === 'empty' ? capnp(port, ['empty.mjs'], [], {}, false) : capnp(port, ['index.js'], flags, bindings, false);
      const { proc, cpuAtFirstAnswer } = await launch(dir, config, port);
      out.push(cpuAtFirstAnswer / 1e6);
      await stop(proc);
    }
  }
  console.log(`startup CPU ms: empty min ${min(empty).toFixed(1)} med ${median(empty).toFixed(1)}; skill min ${min(skill).toFixed(1)} med ${median(skill).toFixed(1)}; skill − empty: min ${(min(skill) - min(empty)).toFixed(1)} med ${(median(skill) - median(empty)).toFixed(1)}`);
}

/** `wrangler check startup`: the CPU profile's non-idle sample time, median of 3. */
function checkStartup(): void {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const out = join(mkdtempSync(join(tmpdir(), 'perf-profile-')), 'startup.cpuprofile');
    const r = spawnSync('npx', ['wrangler', 'check', 'startup', '--env', 'production', '--outfile', out], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${r.stdout}${r.stderr}`);
    const profile = JSON.parse(readFileSync(out, 'utf8')) as { nodes: { id: number; callFrame: { functionName: string } }[]; samples: number[]; timeDeltas: number[] };
    const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
    const us = profile.samples.reduce((sum, node, j) => sum + (idle.has(node) ? 0 : (profile.timeDeltas[j + 1] ?? 0)), 0);
    times.push(us / 1000);
  }
  console.log(`wrangler check startup ms (non-idle profile time): ${times.map((t) => t.toFixed(1)).join(', ')} (median ${median(times).toFixed(1)})`);
}

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount: number }

async function profile(inspectorPort: number, body: () => Promise<unknown>): Promise<void> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  const ws = new WebSocket(targets[0]!.webSocketDebuggerUrl);
  await new Promise((ok) => ws.addEventListener('open', ok, { once: true }));
  let id = 0;
  const pending = new Map<number, (v: unknown) => void>();
  ws.addEventListener('message', (e) => {
    const msg = JSON.parse(String(e.data)) as { id?: number; result?: unknown };
    if (msg.id !== undefined) pending.get(msg.id)?.(msg.result);
  });
  const send = (method: string, params: object = {}) =>
    new Promise<unknown>((ok) => {
      pending.set(++id, ok);
      ws.send(JSON.stringify({ id, method, params }));
    });
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', { interval: 100 });
  await send('Profiler.start');
  await body();
  const { profile: p } = (await send('Profiler.stop')) as { profile: { nodes: ProfileNode[] } };
  ws.close();
  const out = join(mkdtempSync(join(tmpdir(), 'perf-profile-')), `${PROFILE_SCENARIO}.cpuprofile`);
  writeFileSync(out, JSON.stringify(p));
  const total = p.nodes.reduce((sum, n) => sum + n.hitCount, 0);
  const self = new Map<string, number>();
  for (const n of p.nodes) {
    const key = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + n.hitCount);
  }
  console.log(`profile of '${PROFILE_SCENARIO}' (${total} samples, written to ${out}); top self time:`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
}

async function signed(pki: Awaited<ReturnType<typeof createTestPki>>, envelope: object) {
  const body = JSON.stringify(envelope);
  return { body, headers: { 'content-type': 'application/json', 'content-length': String(new TextEncoder().encode(body).byteLength), SignatureCertChainUrl: CERT_URL, 'Signature-256': await signBody(body, pki.leaf.privateKey) } };
}

async function loops(dir: string, flags: string[], bindings: Record<string, string>, pki: Awaited<ReturnType<typeof createTestPki>>): Promise<void> {
  copyFileSync(join(import.meta.dirname, 'wrapper.mjs'), join(dir, 'wrapper.mjs'));
  const port = await freePort();
  const inspector = PROFILE_SCENARIO ? await freePort() : undefined;
  const { proc } = await launch(dir, capnp(port, ['wrapper.mjs', 'index.js'], flags, bindings, true), port, inspector);
  const base = `http://127.0.0.1:${port}`;
  try {
    const now = new Date();
    const opts = (accessToken?: string) => ({ timestamp: now, skillId: SKILL_ID, ...(accessToken ? { accessToken } : {}) });
    const fresh = await Promise.all(Array.from({ length: N * (RUNS + 1) }, (_, i) => signed(pki, intentRequest('OrderCar', { destination: 'work' }, opts(`fresh-${i}-${Math.random()}`)))));
    const state = {
      certUrl: CERT_URL, chainPem: pki.chainPem, profile: PROFILE,
      requests: { warm: await signed(pki, intentRequest('OrderCar', { destination: 'work' }, opts('warm-token'))), unlinked: await signed(pki, launchRequest(opts())), fresh },
    };
    await (await fetch(`${base}/__perf/load`, { method: 'POST', body: JSON.stringify(state) })).text();
    const run = async (scenario: string, n: number, offset = 0) => {
      const before = cpuNs(proc.pid!);
      const res = await fetch(`${base}/__perf/run?scenario=${scenario}&n=${n}&offset=${offset}`);
      const text = await res.text();
      const ns = cpuNs(proc.pid!) - before;
      if (res.status !== 200) throw new Error(`${scenario}: ${res.status} ${text}`);
      return { us: ns / 1e3 / n, text };
    };
    const first = await run('warm', 1);
    console.log(`warm answer: ${first.text.slice(0, 160)}…`);
    if (PROFILE_SCENARIO && inspector) {
      await run(PROFILE_SCENARIO, N); // warm-up
      await profile(inspector, () => run(PROFILE_SCENARIO, N, N));
      return;
    }
    await run('fresh-token', N, 0); // warm-up
    const results: Record<string, number[]> = { baseline: [], warm: [], unlinked: [], 'fresh-token': [], 'new-isolate': [] };
    for (let r = 0; r < RUNS; r++) {
      results.baseline!.push((await run('baseline', N)).us);
      results.warm!.push((await run('warm', N)).us);
      results.unlinked!.push((await run('unlinked', N)).us);
      results['fresh-token']!.push((await run('fresh-token', N, N * (r + 1))).us);
      results['new-isolate']!.push((await run('new-isolate', Math.max(20, N / 20))).us);
    }
    const b = min(results.baseline!);
    for (const [k, v] of Object.entries(results)) {
      console.log(`${k.padEnd(12)} µs/request: min ${min(v).toFixed(0)} med ${median(v).toFixed(0)}${k === 'baseline' ? '' : `; minus baseline: min ${(min(v) - b).toFixed(0)} med ${(median(v) - b).toFixed(0)}`}`);
    }
    console.log(`stats: ${await (await fetch(`${base}/__perf/stats`)).text()}`);
  } finally {
    await stop(proc);
  }
}

// --bundle-dir <dir>: measure a prebuilt index.js there instead (e.g. one package alone, to attribute startup).
const { dir, upload } = argv.includes('--bundle-dir') ? { dir: argv[argv.indexOf('--bundle-dir') + 1]!, upload: 'prebuilt' } : build();
console.log(`bundle: ${upload} (${dir})`);
if (!argv.includes('--bundle-only')) {
  const flags = compatFlags();
  const pki = await createTestPki({ label: 'Perf' });
  const bindings = {
    ALEXA_SKILL_ID: SKILL_ID, ALEXA_TRUSTED_ROOTS_PEM: pki.rootPem,
    OAUTH_USERINFO_URL: 'https://provider.perf/userinfo', PROFILE_URL: 'https://provider.perf/api/profile', RIDES_URL: 'https://provider.perf/api/rides',
  };
  if (!argv.includes('--no-loops')) await loops(dir, flags, bindings, pki);
  if (!argv.includes('--no-startup')) await startup(dir, flags, bindings);
  if (argv.includes('--check-startup')) checkStartup();
}
