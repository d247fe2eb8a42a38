/**
 * Starts what a newcomer starts: `npm run dev` (both Workers) and `npm run simulate`, on ports and
 * state files of their own so a developer's running stack is left alone. Every process started here
 * leads its own process group; `stopAll()` stops every group, also those whose leader has exited.
 *
 * Groups of their own are out of reach of a Ctrl+C (the terminal signals its foreground group) and of
 * a signal to the test process, so a signal here stops them all before this process exits; and
 * since nothing runs on SIGKILL, each child also gets DEV_STOP_WITH_PARENT=1 and stops itself when
 * its stdin pipe from this process closes (tools/processes/parent.ts).
 */
import { type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { killGroupNow, spawnGroup, stopGroup } from '../tools/processes/group.ts';
import { STOP_WITH_PARENT } from '../tools/processes/parent.ts';

const dir = mkdtempSync(join(tmpdir(), 'ride-hailer-e2e-'));

export const E2E_ENV = {
  ...process.env,
  SKILL_PORT: '18787',
  SERVICE_PORT: '18788',
  SIMULATOR_REDIRECT_PORT: '18790',
  SIMULATOR_AMAZON_PORT: '18791',
  ALEXA_DEV_CA_FILE: join(dir, 'ca.json'),
  ALEXA_SIMULATOR_STATE: join(dir, 'simulator.json'),
  DEV_PERSIST_TO: join(dir, 'state'),
  [STOP_WITH_PARENT]: '1',
};
export const SERVICE_URL = 'http://localhost:18788';
export const REDIRECT_PREFIX = 'http://localhost:18790/callback';

export interface Running {
  readonly child: ChildProcess;
  output: string;
  readonly exited: Promise<number | null>;
}

const started = new Set<Running>();

/** Runs `node <script> <args>` as the leader of a new process group. */
export function run(script: string, args: string[] = [], env: NodeJS.ProcessEnv = E2E_ENV): Running {
  return runCommand(process.execPath, [script, ...args], env);
}

/** Runs `command <args>` (e.g. `npm run dev`, as a newcomer types it) as the leader of a new process group. */
export function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv = E2E_ENV): Running {
  const child = spawnGroup(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const running: Running = {
    child,
    output: '',
    exited: new Promise((resolve) => child.on('exit', resolve)),
  };
  child.stdout?.on('data', (chunk: Buffer) => (running.output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (running.output += chunk.toString()));
  started.add(running);
  return running;
}

/** Waits until `pattern` appears in the process's output. */
export async function waitFor(running: Running, pattern: RegExp, timeoutMs = 90_000): Promise<RegExpMatchArray> {
  const started = Date.now();
  for (;;) {
    const match = running.output.match(pattern);
    if (match) return match;
    if (running.child.exitCode !== null) throw new Error(`exited before ${pattern}:\n${running.output}`);
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${pattern}:\n${running.output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The kit's simulator, as `npm run simulate` runs it (the package's bin), on the ports and state
 * folder above; the local CA from ALEXA_DEV_CA_FILE, as `npm run dev` writes it.
 */
export function runSimulator(args: string[] = []): Running {
  return runKit(['simulate', '--url', 'http://localhost:18787/', '--provider-url', SERVICE_URL, '--redirect-uri', REDIRECT_PREFIX, '--state', dir, ...args]);
}

/** Runs the kit's command line (the bin Ride Hailer's npm scripts run) with `args`. */
export function runKit(args: string[]): Running {
  return run(join(import.meta.dirname, '..', 'node_modules', 'alexa-skill-workers', 'bin', 'alexa-skill-workers.js'), args);
}

/** Runs one simulator command to the end and returns what it printed. */
export async function simulate(...args: string[]): Promise<string> {
  const running = runSimulator(args);
  const code = await running.exited;
  if (code !== 0) throw new Error(`simulate ${args.join(' ')} failed (${code}):\n${running.output}`);
  return running.output;
}

/** The process's own group, and the wrangler groups `npm run dev` announced (they lead their own). */
function groupsOf(running: Running): number[] {
  const announced = [...running.output.matchAll(/process group (\d+)/g)].map((m) => Number(m[1]));
  return running.child.pid ? [running.child.pid, ...announced] : announced;
}

/** Stops a process and everything it started, whether or not the process itself has exited. */
export async function stop(running: Running | undefined): Promise<void> {
  if (!running || !started.delete(running)) return;
  await Promise.all(groupsOf(running).map((pgid) => stopGroup(pgid)));
}

/** Stops everything this module started so far. */
export async function stopAll(): Promise<void> {
  await Promise.all([...started].map(stop));
}

/** Stops everything and removes the temporary folder: for `afterAll`, which runs even when a test failed. */
export async function cleanUp(): Promise<void> {
  await stopAll();
  rmSync(dir, { recursive: true, force: true });
}

// A signal (Ctrl+C reaches the Vitest worker; CI stops a run with SIGTERM): stop every group, then exit
// with the shell's code for that signal, 128 + its number. Node runs no 'exit' handler for a process a
// signal kills. `once`: the same signal again kills at once (the stdin safety net still stops the stack).
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => void stopAll().finally(() => process.exit(128 + constants.signals[signal])));
}

// Last resort if the test process ends without afterAll (nothing asynchronous runs here).
process.on('exit', () => {
  for (const running of started) for (const pgid of groupsOf(running)) killGroupNow(pgid);
  rmSync(dir, { recursive: true, force: true });
});
