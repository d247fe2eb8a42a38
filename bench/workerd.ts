/**
 * The deploy bundle on `workerd serve` directly: the project's own workerd binary
 * (node_modules/workerd), a generated Cap'n Proto config, no Miniflare. One process holds:
 * - `main`: bench/workerd/wrapper.js in front of the bundle (in-memory counting KV, new-isolate
 *   header, the in-isolate loop), with the production settings as text bindings and the
 *   compatibility date and flags of wrangler.toml;
 * - `outbound`: the bundle's `globalOutbound` (bench/workerd/outbound.js), counting subrequests,
 *   answering S3 with the generated chain and passing provider calls to `provider`;
 * - `provider`: an external service, the fake provider on 127.0.0.1;
 * - `floor` (optional): bench/workerd/floor.ts, the physical floor's steps.
 * Sockets listen on 127.0.0.1 only, on ports the kernel picks (reported on --control-fd).
 * workerd leads its own process group, stopped on every exit path.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { killGroupNow, spawnGroup, stopGroup } from 'alexa-skill-workers/cli';
import { wranglerSettings } from '../tools/wrangler-config.ts';

export const WORKERD = resolve(import.meta.dirname, '../node_modules/workerd/bin/workerd');
const HERE = join(import.meta.dirname, 'workerd');

/** wrangler.toml's flags without `removedFlags`, with `experimentalFlags`, each once (workerd refuses a flag given twice). */
function compatibilityFlags(configured: readonly string[], options: Pick<WorkerdOptions, 'experimentalFlags' | 'removedFlags'>): string[] {
  const removed = new Set(options.removedFlags ?? []);
  return [...new Set([...configured.filter((flag) => !removed.has(flag)), ...(options.experimentalFlags ?? [])])];
}

export interface WorkerdOptions {
  /** The bundle's entry module (`index.js`), or undefined for an empty Worker. */
  readonly bundle?: string;
  readonly settings: Record<string, string>;
  readonly chainPem: string;
  readonly certUrl: string;
  /** host:port of the fake provider. */
  readonly providerAddress: string;
  readonly floor?: boolean;
  /**
   * Compatibility flags beyond wrangler.toml's, for an experiment only (bench/startup-parts.ts,
   * `quick.ts --compare-flags`): they may be ones workerd accepts only with `--experimental`, which
   * {@link startWorkerd} then passes when asked (startup-parts does; the quick stacks do not).
   */
  readonly experimentalFlags?: readonly string[];
  /** Flags of wrangler.toml's left out, for an experiment only (`quick.ts --compare-flags -<flag>`). */
  readonly removedFlags?: readonly string[];
}

export interface Workerd {
  readonly pid: number;
  readonly ports: Record<string, number>;
  /** CPU of the whole workerd process in seconds: [utime+stime from /proc/pid/stat (10 ms ticks), Σ threads' schedstat (ns)]. */
  cpu(): { ticks: number; precise: number };
  stop(): Promise<void>;
}

const EMPTY_WORKER = `export default { fetch: () => new Response('empty', { status: 405 }) };\n`;
const live = new Set<number>();
process.on('exit', () => live.forEach(killGroupNow));
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    live.forEach(killGroupNow);
    process.exit(130);
  });
}

const str = (value: string) => JSON.stringify(value);

/** The Cap'n Proto config; modules are embedded from files in `dir`, `extra` beside `index.js` (see {@link extraModules}). */
function config(options: WorkerdOptions, extra: readonly string[]): string {
  const text = (name: string, value: string) => `(name = ${str(name)}, text = ${str(value)})`;
  const compat = wranglerSettings('production');
  const services = [
    `(name = "main", worker = (
      modules = [(name = "wrapper.js", esModule = embed "wrapper.js"), (name = "index.js", esModule = embed "index.js")${extra.map((name) => `, (name = ${str(name)}, esModule = embed ${str(name)})`).join('')}],
      compatibilityDate = ${str(compat.compatibilityDate)},
      compatibilityFlags = [${compatibilityFlags(compat.compatibilityFlags, options).map(str).join(', ')}],
      bindings = [${[...Object.entries(options.settings).map(([k, v]) => text(k, v)), text('MOCK_CHAIN_PEM', options.chainPem), '(name = "OUTBOUND", service = "outbound")'].join(', ')}],
      globalOutbound = "outbound"))`,
    `(name = "outbound", worker = (
      modules = [(name = "outbound.js", esModule = embed "outbound.js")],
      compatibilityDate = "2026-11-01",
      bindings = [${text('CERT_URL', options.certUrl)}, ${text('CHAIN_PEM', options.chainPem)}, (name = "PROVIDER", service = "provider")]))`,
    `(name = "provider", external = (address = ${str(options.providerAddress)}, http = ()))`,
  ];
  const sockets = ['(name = "http", address = "127.0.0.1:0", http = (), service = "main")'];
  if (options.floor) {
    services.push(`(name = "floor", worker = (
      modules = [(name = "floor.js", esModule = embed "floor.js")],
      compatibilityDate = "2026-11-01"))`);
    sockets.push('(name = "floor", address = "127.0.0.1:0", http = (), service = "floor")');
  }
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    ${services.join(',\n    ')}
  ],
  sockets = [${sockets.join(', ')}]
);
`;
}

/**
 * The bundle's other modules: every \`.js\` file wrangler wrote beside \`index.js\` (modules it
 * uploads separately, e.g. one loaded with \`import()\`), by their names relative to the bundle.
 */
function extraModules(options: WorkerdOptions): string[] {
  if (!options.bundle) return [];
  const dir = dirname(options.bundle);
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.js') && join(dir, name) !== options.bundle).sort();
}

/** Writes the config and its modules to a temporary folder; returns the config's path. */
export async function writeConfig(options: WorkerdOptions): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-workerd-'));
  writeFileSync(join(dir, 'index.js'), options.bundle ? readFileSync(options.bundle) : EMPTY_WORKER);
  const extra = extraModules(options);
  for (const name of extra) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), readFileSync(join(dirname(options.bundle!), name)));
  }
  writeFileSync(join(dir, 'wrapper.js'), readFileSync(join(HERE, 'wrapper.js')));
  writeFileSync(join(dir, 'outbound.js'), readFileSync(join(HERE, 'outbound.js')));
  if (options.floor) {
    await build({
      entryPoints: [join(HERE, 'floor.ts')], bundle: true, format: 'esm', platform: 'browser', target: 'es2023',
      conditions: ['workerd', 'worker', 'browser'], outfile: join(dir, 'floor.js'), logLevel: 'warning',
      // ask-sdk-core's DefaultApiClient (never called here) requires these; the floor is the skill's work alone.
      plugins: [{
        name: 'no-node-builtins',
        setup: (b) => {
          b.onResolve({ filter: /^(node:)?(http|https|url)$/ }, () => ({ path: 'empty', namespace: 'empty' }));
          b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'module.exports = {};' }));
        },
      }],
    });
  }
  writeFileSync(join(dir, 'config.capnp'), config(options, extra));
  return join(dir, 'config.capnp');
}

/** Starts workerd on a written config; resolves once every socket listens. */
export async function startWorkerd(configPath: string, socketCount: number, options: { inspector?: boolean; experimental?: boolean } = {}): Promise<Workerd> {
  const args = ['serve', configPath, '--control-fd=3', ...(options.experimental ? ['--experimental'] : []), ...(options.inspector ? ['--inspector-addr=127.0.0.1:0'] : [])];
  const expected = socketCount + (options.inspector ? 1 : 0);
  const child: ChildProcess = spawnGroup(WORKERD, args, {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid!;
  live.add(pid);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = async () => {
    await stopGroup(pid, 2_000);
    live.delete(pid);
  };
  try {
    const ports = await new Promise<Record<string, number>>((done, fail) => {
      const found: Record<string, number> = {};
      let buffer = '';
      (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
          const message = JSON.parse(buffer.slice(0, nl)) as { event: string; socket: string; port: number };
          buffer = buffer.slice(nl + 1);
          if (message.event === 'listen') found[message.socket] = message.port;
          if (message.event === 'listen-inspector') found.inspector = message.port;
          if (Object.keys(found).length === expected) done(found);
        }
      });
      child.once('exit', (code) => fail(new Error(`workerd exited with ${code}:\n${stderr}`)));
    });
    return { pid, ports, cpu: () => processCpu(pid), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** workerd's CPU, from /proc: the 10 ms-tick counters of stat, and the threads' nanosecond run time. */
export function processCpu(pid: number): { ticks: number; precise: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = (Number(fields[11]) + Number(fields[12])) / 100;
  let ns = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return { ticks, precise: ns / 1e9 };
}

/** The bench's view of a running Worker: where to send requests, and what it did. */
export interface BenchTarget {
  readonly url: string;
  /** KV operations and subrequests since the last reset. */
  stats(): Promise<{ kvReads: number; kvWrites: number; subrequests: number }>;
  resetStats(): Promise<void>;
  /** CPU of the serving processes, in seconds. */
  cpuSeconds(): number;
  dispose(): Promise<void>;
}

/** The deploy bundle behind the wrapper on `workerd serve`, with the floor service beside it. */
export async function startWorkerdStack(options: WorkerdOptions): Promise<BenchTarget & { workerd: Workerd; floorUrl: string }> {
  const workerd = await startWorkerd(await writeConfig({ ...options, floor: true }), 2);
  const url = `http://127.0.0.1:${workerd.ports.http}/`;
  return {
    url,
    floorUrl: `http://127.0.0.1:${workerd.ports.floor}/`,
    workerd,
    stats: async () => (await (await fetch(`${url}__bench/stats`)).json()) as { kvReads: number; kvWrites: number; subrequests: number },
    resetStats: async () => void (await (await fetch(`${url}__bench/reset`)).text()),
    cpuSeconds: () => workerd.cpu().precise,
    dispose: () => workerd.stop(),
  };
}
