/**
 * The optimiser's quick runs: parts of `npm run bench` on their own, with the same bundle, workerd
 * config, in-memory KV, loops and CPU readings (bench/workerd.ts, bench/isolate.ts, bench/loops.ts),
 * none of its HTTP runs, and nothing written to bench/results or the docs.
 *
 *   npm exec -- node bench/quick.ts [--loops all|name,…] [--startup] [--startup-parts] [--check-startup] [--floor]
 *     [--profile <loop>] [--n <requests>] [--repeats <n>] [--bundle-dir <dir>] [--unminified] [--compare <dir>]
 *     [--compare-flags <flag,-flag,…>]
 *
 * Loop names: warm, unlinked, stop, token, isolate; several take turns, repeat by repeat (bench/isolate.ts). `--bundle-dir` measures a prebuilt `index.js` there
 * (e.g. a bundle with a package stubbed, to attribute startup); by default the deploy bundle is built.
 * `--compare <dir>` runs `--loops` on that bundle too: each repeat on a fresh pair of workerd
 * processes (one per bundle, each warmed by an untimed pass, taking turns to go first), and prints
 * each side's median and the median of the paired differences: on this shared machine a change of
 * a few µs shows only so, if at all. `--compare-flags` gives the other side
 * these compatibility flags beyond wrangler.toml's, and without those named `-<flag>` (with the
 * same bundle, or `--compare`'s); flags workerd takes only with `--experimental` are not for it.
 * Always prints the bundle's size. Env: BENCH_TOKEN_MODE as for `npm run bench`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { measureFloor, measureStartup, median, workerCpuPerRequestEach, wranglerCheckStartup } from './isolate.ts';
import { LOOP_SIZES, loopSpecs, loops, type LoopName } from './loops.ts';
import { profileLoops } from './profile.ts';
import { startProvider } from './provider.ts';
import { measureStartupParts } from './startup-parts.ts';
import { orderCar, signed } from './requests.ts';
import { CERT_URL, benchPki, buildDeployBundle, tokenBindings, verifierBindings, type TokenMode } from './stack.ts';
import { startWorkerdStack } from './workerd.ts';

const SHORT: Record<string, LoopName> = {
  warm: 'warm linked OrderCar',
  unlinked: 'warm unlinked public intent',
  stop: 'warm AMAZON.StopIntent',
  token: 'new token',
  isolate: 'new isolate',
};

const { values } = parseArgs({
  options: {
    loops: { type: 'string' },
    startup: { type: 'boolean' },
    'startup-parts': { type: 'boolean' },
    'check-startup': { type: 'boolean' },
    floor: { type: 'boolean' },
    profile: { type: 'string' },
    n: { type: 'string' },
    repeats: { type: 'string', default: '5' },
    'bundle-dir': { type: 'string' },
    compare: { type: 'string' },
    'compare-flags': { type: 'string' },
    unminified: { type: 'boolean' },
  },
});
const MODE: TokenMode = process.env.BENCH_TOKEN_MODE === 'opaque' ? 'opaque' : 'jwt';
const pick = (names: string): LoopName[] =>
  names === 'all' ? (Object.values(SHORT)) : names.split(',').map((name) => SHORT[name] ?? fail(`unknown loop ${name} (${Object.keys(SHORT).join(', ')})`));
function fail(message: string): never {
  throw new Error(message);
}

const bundle = values['bundle-dir'] ? join(values['bundle-dir'], 'index.js') : buildDeployBundle({ minify: !values.unminified }).main;
if (!existsSync(bundle)) fail(`no bundle at ${bundle}`);
const bytes = readFileSync(bundle);
console.log(`bundle ${bundle}: ${(bytes.byteLength / 1024).toFixed(1)} KiB, ${(gzipSync(bytes).byteLength / 1024).toFixed(1)} KiB gzip`);

const provider = await startProvider();
try {
  const pki = await benchPki();
  const options = {
    bundle,
    settings: { ...verifierBindings(pki), ...tokenBindings(MODE, provider.origin) },
    chainPem: pki.chainPem,
    certUrl: CERT_URL,
    providerAddress: new URL(provider.origin).host,
  };
  const scenarios = await loops(pki, provider, MODE);
  const repeats = Number(values.repeats);
  const names = values.loops ? pick(values.loops) : [];
  const specs = loopSpecs(scenarios, names, (name) => (values.n ? Number(values.n) : LOOP_SIZES[name]));
  const comparing = values.compare !== undefined || values['compare-flags'] !== undefined;
  if ((values.loops && !comparing) || values.floor) {
    const stack = await startWorkerdStack(options);
    try {
      const results = comparing ? [] : Object.entries(await workerCpuPerRequestEach(stack.workerd, stack.url, specs, repeats));
      for (const [name, result] of results) {
        console.log(`${name}: ${result.medianUs} µs per request (${result.minUs}–${result.maxUs}, N=${result.n}×${result.repeats})`);
      }
      if (values.floor) {
        const token = provider.issue();
        console.log('floor (µs):', await measureFloor(stack.workerd, stack.floorUrl, (await signed(pki, orderCar(token))).body));
      }
    } finally {
      await stack.dispose();
    }
  }
  if (comparing) {
    if (!values.loops) fail('--compare and --compare-flags need --loops');
    const flags = (values['compare-flags'] ?? '').split(',').map((flag) => flag.trim()).filter((flag) => flag !== '');
    const other = {
      ...options,
      bundle: values.compare ? join(values.compare, 'index.js') : bundle,
      experimentalFlags: flags.filter((flag) => !flag.startsWith('-')),
      removedFlags: flags.filter((flag) => flag.startsWith('-')).map((flag) => flag.slice(1)),
    };
    if (!existsSync(other.bundle)) fail(`no bundle at ${other.bundle}`);
    const samples = names.map(() => [[], []] as [number[], number[]]);
    for (let i = 0; i < repeats; i++) {
      // A fresh pair of processes for every repeat: a pair kept for all of them once read 48.1 µs
      // between a bundle and itself (one process stayed slower than the other). Each is warmed by
      // one untimed pass; then A then B, or B then A: neither side always goes first.
      const stacks: Awaited<ReturnType<typeof startWorkerdStack>>[] = [];
      try {
        stacks.push(await startWorkerdStack(options), await startWorkerdStack(other));
        for (const stack of stacks) await workerCpuPerRequestEach(stack.workerd, stack.url, specs, 1);
        for (const side of i % 2 === 0 ? [0, 1] : [1, 0]) {
          const once = await workerCpuPerRequestEach(stacks[side]!.workerd, stacks[side]!.url, specs, 1);
          names.forEach((name, k) => samples[k]![side]!.push(once[name].medianUs));
        }
      } finally {
        for (const stack of stacks) await stack.dispose();
      }
    }
    const changed = [...other.experimentalFlags.map((flag) => `with ${flag}`), ...other.removedFlags.map((flag) => `without ${flag}`)];
    const flagText = changed.length > 0 ? ` ${changed.join(', ')}` : '';
    names.forEach((name, k) => {
      const [a, b] = samples[k]!;
      const paired = median(a.map((x, i) => b[i]! - x));
      console.log(`${name}: ${median(a)} µs (${bundle}) against ${median(b)} µs (${other.bundle}${flagText}); paired difference (--compare's minus the other's), median of ${repeats}: ${paired.toFixed(1)} µs`);
    });
  }
  if (values.profile) {
    const name = pick(values.profile)[0]!;
    const fresh = scenarios[name].fresh ? '&fresh=1' : '';
    const shares = await profileLoops(options, { [name]: { batch: () => scenarios[name].batch(values.n ? Number(values.n) : 1000), query: `target=worker&mock=1${fresh}` } }, { byFunction: values.unminified });
    console.log(`profile of ${name} (self time, % of CPU samples; raw profile in bench/.build/):`);
    for (const share of shares[name] ?? []) console.log(`${String(share.percent).padStart(6)}  ${share.where}`);
  }
  if (values.startup) console.log('startup (ms):', await measureStartup(options));
  if (values['startup-parts']) console.log('startup without the ASN.1 libraries, and with them as an unused module (ms):', await measureStartupParts(options));
  if (values['check-startup']) {
    const runs = wranglerCheckStartup();
    console.log(`wrangler check startup, Active (ms): ${runs.join(', ')}; median ${[...runs].sort((a, b) => a - b)[1]}`);
  }
} finally {
  await provider.close();
}
