/**
 * The Worker as deployed, in workerd through Miniflare on loopback: `npm run load`, and the
 * benchmark's secondary column (bench/workerd.ts runs the same bundle on `workerd serve` directly). It is the bundle
 * `wrangler deploy --dry-run --env production` writes (development trust on, to accept the bench's
 * generated CA: {@link DEVELOPMENT_TRUST_DEFINE}), loaded unchanged behind a bench-only
 * wrapper module that counts KV operations and can give a request a fresh Runtime (new isolate).
 * Miniflare's `outboundService` plays S3 (a generated chain) and forwards provider calls to the
 * fake provider on loopback, counting every subrequest.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Miniflare, NoOpLog, convertV4MiniflareOptions } from 'miniflare';
import { createTestPki, type TestPki } from 'alexa-skill-workers/testing';
import { wranglerSettings } from '../tools/wrangler-config.ts';
import { AUDIENCE, ISSUER, type FakeProvider } from './provider.ts';

export const SKILL_ID = 'amzn1.ask.skill.bench-0000-4000-8000-000000000000';
export const CERT_URL = 'https://s3.amazonaws.com/echo.api/echo-api-cert-bench.pem';

const WRAPPER = `
import worker from './index.js';
const stats = { kvReads: 0, kvWrites: 0, kvOther: 0 };
function counting(kv) {
  return new Proxy(kv, { get(target, prop) {
    const value = Reflect.get(target, prop);
    if (typeof value !== 'function') return value;
    return (...args) => {
      if (prop === 'get' || prop === 'getWithMetadata') stats.kvReads++;
      else if (prop === 'put') stats.kvWrites++;
      else stats.kvOther++;
      return value.apply(target, args);
    };
  } });
}
let warm;
export default {
  async fetch(request, env, ctx) {
    const path = new URL(request.url).pathname;
    if (path === '/__bench/stats') return Response.json(stats);
    if (path === '/__bench/noop') return new Response('noop');
    if (path === '/__bench/reset') { stats.kvReads = stats.kvWrites = stats.kvOther = 0; return new Response('ok'); }
    // A fresh bindings object is a fresh Runtime: empty certificate and token caches, like a new isolate.
    const fresh = request.headers.get('x-bench-new-isolate') === '1';
    const bindings = fresh ? { ...env, CACHE: counting(env.CACHE) } : (warm ??= { ...env, CACHE: counting(env.CACHE) });
    return worker.fetch(request, bindings, ctx);
  },
};`;

export interface WorkerStack {
  readonly url: string;
  readonly pki: TestPki;
  readonly subrequests: { count: number };
  readonly bundleBytes: number;
  kvStats(): Promise<{ kvReads: number; kvWrites: number; kvOther: number }>;
  resetKvStats(): Promise<void>;
  /** utime + stime of the workerd processes, in seconds (from /proc). */
  cpuSeconds(): number;
  dispose(): Promise<void>;
}

/**
 * The bench signs with a generated CA, which only a build with development trust accepts, so the
 * production bundle is built with that one build-time constant flipped (wrangler.toml `define`).
 */
export const DEVELOPMENT_TRUST_DEFINE = ['--define', '__DEVELOPMENT_TRUST__:true'];

/**
 * Builds the Worker as `wrangler deploy` would (but for {@link DEVELOPMENT_TRUST_DEFINE}), into a
 * temporary folder; `minify: false` for readable profiles (the optimiser's quick runs only);
 * `alias` substitutes packages (wrangler's `--alias`, on top of wrangler.toml's), to measure a
 * bundle without one (bench/startup-parts.ts).
 */
export function buildDeployBundle(options: { minify?: boolean; alias?: Record<string, string> } = {}): { dir: string; main: string } {
  const dir = mkdtempSync(join(tmpdir(), 'skill-bundle-'));
  const minify = options.minify === false ? ['--minify=false'] : [];
  const alias = Object.entries(options.alias ?? {}).flatMap(([name, path]) => ['--alias', `${name}:${path}`]);
  const args = ['wrangler', 'deploy', '--dry-run', '--env', 'production', ...DEVELOPMENT_TRUST_DEFINE, ...minify, ...alias, '--outdir', dir];
  const result = spawnSync('npx', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${result.stdout}${result.stderr}`);
  const main = readdirSync(dir).find((f) => f.endsWith('.js'));
  if (!main) throw new Error(`no bundle in ${dir}`);
  return { dir, main: join(dir, main) };
}

/** How the Worker validates tokens in this run: the production config's opaque mode, or JWT. */
export type TokenMode = 'opaque' | 'jwt';

export function tokenBindings(mode: TokenMode, origin: string): Record<string, string> {
  const api = { PROFILE_URL: `${origin}/api/profile`, RIDES_URL: `${origin}/api/rides` };
  return mode === 'jwt'
    ? { ...api, OAUTH_JWKS_URL: `${origin}/.well-known/jwks.json`, OAUTH_ISSUER: ISSUER, OAUTH_AUDIENCE: AUDIENCE }
    : { ...api, OAUTH_USERINFO_URL: `${origin}/userinfo` };
}

/**
 * The skill's verifier settings in every bench run: the generated chain's root in place of Amazon's,
 * and, as recommended for production, `ALEXA_CERT_CACHE_SECRET`, so KV holds certificate records and
 * a new isolate parses no X.509 (BENCH_CERT_RECORDS=0: none, KV holds the PEM as without the secret).
 */
export function verifierBindings(pki: TestPki): Record<string, string> {
  const records: Record<string, string> = process.env.BENCH_CERT_RECORDS === '0' ? {} : { ALEXA_CERT_CACHE_SECRET: 'bench-only-secret-0123456789abcdef0123456789' };
  return { ALEXA_SKILL_ID: SKILL_ID, ALEXA_TRUSTED_ROOTS_PEM: pki.rootPem, ...records };
}

/** A generated chain valid from yesterday (the test PKI's default, on the real clock), standing in for Amazon's. */
export function benchPki(): Promise<TestPki> {
  return createTestPki({ label: 'Bench' });
}

export async function startWorker(provider: FakeProvider, mode: TokenMode = 'opaque', given?: TestPki): Promise<WorkerStack> {
  const pki = given ?? (await benchPki());
  const bundle = buildDeployBundle();
  const subrequests = { count: 0 };
  const compat = wranglerSettings('production');
  const mf = new Miniflare(convertV4MiniflareOptions({
    host: '127.0.0.1',
    port: 0,
    // The Worker's own log lines are not part of the measurement.
    log: new NoOpLog(),
    handleStructuredLogs: () => undefined,
    modules: [
      { type: 'ESModule', path: join(bundle.dir, 'bench-wrapper.mjs'), contents: WRAPPER },
      { type: 'ESModule', path: join(bundle.dir, 'index.js'), contents: readFileSync(bundle.main, 'utf8') },
    ],
    modulesRoot: bundle.dir,
    compatibilityDate: compat.compatibilityDate,
    compatibilityFlags: [...compat.compatibilityFlags],
    kvNamespaces: ['CACHE'],
    bindings: {
      // The production configuration's settings, with a skill ID, the generated chain's root, and
      // the fake provider's URLs (loopback) for the chosen token mode.
      ...verifierBindings(pki),
      ...tokenBindings(mode, provider.origin),
    },
    outboundService: async (request: Request) => {
      subrequests.count++;
      if (request.url === CERT_URL) return new Response(pki.chainPem);
      const target = new URL(request.url);
      if (target.hostname !== '127.0.0.1') return new Response('blocked: not on loopback', { status: 599 });
      // Miniflare's Request is its own class; Node's fetch needs the parts.
      const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
      return fetch(request.url, { method: request.method, headers: Object.fromEntries(request.headers), body });
    },
  }));
  const url = (await mf.ready).href;
  const stats = async (path: string) => (await mf.dispatchFetch(new URL(path, url).href)).json();
  return {
    url,
    pki,
    subrequests,
    bundleBytes: readFileSync(bundle.main).byteLength,
    kvStats: () => stats('/__bench/stats') as Promise<{ kvReads: number; kvWrites: number; kvOther: number }>,
    resetKvStats: async () => {
      await (await mf.dispatchFetch(new URL('/__bench/reset', url).href)).text();
    },
    cpuSeconds: () => cpuSecondsOf(childPids(process.pid, 'workerd')),
    dispose: () => mf.dispose(),
  };
}

const CLK_TCK = 100;

/** CPU time (user + system) of the given processes, in seconds, read from /proc. */
export function cpuSecondsOf(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // exited
    }
  }
  return ticks / CLK_TCK;
}

/** Descendant processes of `root` whose command name is `name`. */
export function childPids(root: number, name: string): number[] {
  const all = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
  const parent = new Map<number, number>();
  const comm = new Map<number, string>();
  for (const pid of all) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      comm.set(pid, stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
      parent.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone
    }
  }
  const isDescendant = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === root) return true;
    return false;
  };
  return all.filter((pid) => comm.get(pid) === name && isDescendant(pid));
}

export const repoRoot = resolve(import.meta.dirname, '..');
