/**
 * Measurements inside workerd, with no HTTP in the measured path (see docs/performance.md):
 * - the Worker's own CPU per request: the wrapper's in-isolate loop calls the bundle's `fetch` on
 *   N signed requests, and the same loop with an empty Worker; the difference of workerd's CPU
 *   (/proc, every thread's schedstat run time, in ns) divided by N;
 * - the floor: each essential step alone, in a loop in the same process (bench/workerd/floor.ts);
 * - startup: workerd's CPU from launch until the first request is answered, the bundle minus an
 *   empty Worker, min of 15.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { SignedRequest } from './requests.ts';
import { startWorkerd, writeConfig, type Workerd, type WorkerdOptions } from './workerd.ts';

export interface LoopRequest extends SignedRequest {
  readonly url: string;
  /** Text the right answer contains. */
  readonly expected: string;
}

export interface LoopResult {
  /** Per request, µs: median and range over the repeats. */
  readonly medianUs: number;
  readonly minUs: number;
  readonly maxUs: number;
  readonly n: number;
  readonly repeats: number;
}

const us = (seconds: number, n: number) => Number(((seconds * 1e6) / n).toFixed(1));
/** The middle value (the upper of the two middle ones for an even count). */
export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function post(url: string, body?: string): Promise<string> {
  const response = await fetch(url, { method: 'POST', body });
  const text = await response.text();
  if (!response.ok) throw new Error(`${url}: ${response.status} ${text.slice(0, 200)}`);
  return text;
}

/**
 * workerd's CPU seconds once it has gone quiet: V8's background threads (concurrent GC, optimising
 * compiles) go on working for a while after a loop has answered, and without waiting that work is
 * charged to whatever is measured next, often the empty loop of the next scenario, so a light loop
 * measured after a heavy one read less than the floor. Polls every 20 ms until a poll adds under
 * 0.1 ms (0.5% of a core), at most 2 s.
 */
async function quietCpu(workerd: Workerd): Promise<number> {
  let last = workerd.cpu().precise;
  for (let i = 0; i < 100; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    // A thread that ended takes its time out of the sum: a step back is not quiet, and the larger reading stands.
    const now = workerd.cpu().precise;
    if (now >= last && now - last < 0.0001) return now;
    last = Math.max(now, last);
  }
  return last;
}

/** One loop in the isolate; returns workerd's CPU seconds for it, its background work included. */
async function runLoop(workerd: Workerd, base: string, query: string): Promise<number> {
  const before = await quietCpu(workerd);
  const result = JSON.parse(await post(`${base}__bench/run?${query}`)) as { n: number; wrong: number; firstWrong?: string };
  const seconds = (await quietCpu(workerd)) - before;
  if (result.wrong > 0) throw new Error(`in-isolate loop (${query}): ${result.wrong} of ${result.n} wrong, first: ${result.firstWrong}`);
  return seconds;
}

/** A loop for {@link workerCpuPerRequestEach}: a fresh batch per repeat, and whether each repeat runs on a fresh Runtime. */
export interface LoopSpec {
  readonly batch: () => Promise<{ requests: LoopRequest[]; mock: unknown }>;
  readonly fresh?: boolean;
}

/**
 * The Worker's own CPU per request for each loop: (loop over the bundle − the same loop over an
 * empty Worker) / N, each repeat with a fresh batch (new tokens need new requests; timestamps stay
 * fresh). The loops take turns, repeat by repeat (A B C, A B C, …), so a slow spell of the shared
 * machine falls on every loop alike and loops of one run compare with each other.
 */
export async function workerCpuPerRequestEach<Name extends string>(
  workerd: Workerd,
  base: string,
  specs: Readonly<Record<Name, LoopSpec>>,
  repeats = 5,
): Promise<Record<Name, LoopResult>> {
  const names = Object.keys(specs) as Name[];
  const samples = new Map<Name, number[]>(names.map((name) => [name, []]));
  const sizes = new Map<Name, number>();
  for (let i = 0; i < repeats; i++) {
    for (const name of names) {
      const spec = specs[name];
      const flags = `mock=1&fresh=${spec.fresh ? 1 : 0}`;
      const batch = await spec.batch();
      sizes.set(name, batch.requests.length);
      await post(`${base}__bench/load`, JSON.stringify(batch));
      const empty = await runLoop(workerd, base, `target=empty&${flags}`);
      const worker = await runLoop(workerd, base, `target=worker&${flags}`);
      samples.get(name)!.push(us(worker - empty, batch.requests.length));
    }
  }
  const results = {} as Record<Name, LoopResult>;
  for (const name of names) {
    const s = samples.get(name)!;
    results[name] = { medianUs: median(s), minUs: Math.min(...s), maxUs: Math.max(...s), n: sizes.get(name) ?? 0, repeats };
  }
  return results;
}

export const FLOOR_STEPS = ['sha256', 'rsaVerify', 'decodeParse', 'skillInvoke', 'hono'] as const;
export type FloorStep = (typeof FLOOR_STEPS)[number];

/** Each floor step's CPU per call in µs (median of `repeats`), minus its baseline loop. */
export async function measureFloor(workerd: Workerd, floorUrl: string, body: string, n = 3000, repeats = 5): Promise<Record<FloorStep, number>> {
  await post(`${floorUrl}setup`, body);
  const cpuOf = async (op: string) => {
    const before = workerd.cpu().precise;
    const response = await fetch(`${floorUrl}run?op=${op}&n=${n}`);
    await response.text();
    if (!response.ok) throw new Error(`floor ${op}: ${response.status}`);
    return workerd.cpu().precise - before;
  };
  const result = {} as Record<FloorStep, number>;
  for (const step of FLOOR_STEPS) {
    const samples: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const baseline = await cpuOf(step === 'hono' ? 'request' : 'empty');
      samples.push(us((await cpuOf(step)) - baseline, n));
    }
    result[step] = median(samples);
  }
  return result;
}

export interface StartupResult {
  readonly workerMinMs: number;
  readonly emptyMinMs: number;
  readonly differenceMs: number;
  /** The same from /proc/pid/stat's 10 ms ticks, as a cross-check. */
  readonly differenceTicksMs: number;
  readonly runs: number;
}

/**
 * Launches workerd `runs` times with the bundle and with an empty Worker (alternating), sends one
 * `GET /` (the bundle answers 405 without touching verification), and reads workerd's CPU when the
 * answer arrives. Reports the minimum of each and the difference.
 */
export async function measureStartup(options: Omit<WorkerdOptions, 'floor'>, runs = 15): Promise<StartupResult> {
  const configs = { worker: await writeConfig(options), empty: await writeConfig({ ...options, bundle: undefined }) };
  const samples = { worker: [] as { precise: number; ticks: number }[], empty: [] as { precise: number; ticks: number }[] };
  for (let i = 0; i < runs; i++) {
    for (const kind of ['worker', 'empty'] as const) {
      const workerd = await startWorkerd(configs[kind], 1, { experimental: (options.experimentalFlags?.length ?? 0) > 0 });
      try {
        const response = await fetch(`http://127.0.0.1:${workerd.ports.http}/`);
        await response.text();
        if (response.status !== 405) throw new Error(`startup (${kind}): expected 405, got ${response.status}`);
        samples[kind].push(workerd.cpu());
      } finally {
        await workerd.stop();
      }
    }
  }
  const min = (kind: 'worker' | 'empty', key: 'precise' | 'ticks') => Math.min(...samples[kind].map((s) => s[key])) * 1000;
  const ms = (value: number) => Number(value.toFixed(1));
  return {
    workerMinMs: ms(min('worker', 'precise')),
    emptyMinMs: ms(min('empty', 'precise')),
    differenceMs: ms(min('worker', 'precise') - min('empty', 'precise')),
    differenceTicksMs: ms(min('worker', 'ticks') - min('empty', 'ticks')),
    runs,
  };
}

/**
 * `wrangler check startup --env production`, `runs` times: the "Active" CPU of each startup profile
 * (ms), in order. The last profile is left in `bench/.build/startup.cpuprofile`.
 * @throws {Error} when wrangler fails or prints no "Active" figure.
 */
export function wranglerCheckStartup(runs = 3): number[] {
  mkdirSync('bench/.build', { recursive: true });
  return Array.from({ length: runs }, () => {
    const run = spawnSync('npx', ['wrangler', 'check', 'startup', '--env', 'production', '--outfile', 'bench/.build/startup.cpuprofile'], { encoding: 'utf8' });
    const active = /Active: ([\d.]+) ms/.exec(run.stdout)?.[1];
    if (run.status !== 0 || active === undefined) throw new Error(`wrangler check startup failed:\n${run.stdout}${run.stderr}`);
    return Number(active);
  });
}
