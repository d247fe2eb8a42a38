/**
 * Starts what a newcomer starts: `npm run dev` (`alexa-skill-workers dev`: both Workers) and
 * `npm run simulate`, on ports and state files of their own so a developer's running stack is left alone. Every process started here
 * leads its own process group; `stopAll()` stops every group, also those whose leader has exited.
 *
 * Groups of their own are out of reach of a Ctrl+C (the terminal signals its foreground group) and of
 * a signal to the test process, so a signal here stops them all before this process exits; and
 * since nothing runs on SIGKILL, dev gets --stop-with-stdin and the simulator DEV_STOP_WITH_PARENT=1:
 * each stops itself when its stdin pipe from this process closes.
 */
import { type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { killGroupNow, loadState, saveState, spawnGroup, statePaths, STOP_WITH_STDIN_ENV, stopGroup } from 'alexa-skill-workers/cli';

const dir = mkdtempSync(join(tmpdir(), 'ride-hailer-e2e-'));
/** dev's state folder: its CA (ca.json) and each Worker's wrangler/<name>/. */
export const STATE = join(dir, 'state');

/**
 * Makes the shared account's access token in dev's simulator.json expire, so the next request
 * refreshes it first, as Alexa does. Read and written with the kit's own loadState and saveState,
 * which writes the file whole, so a console or simulate reading it meanwhile never sees it cut short.
 */
export async function expireSimulatorToken(): Promise<void> {
  const file = statePaths(STATE).simulator;
  const state = await loadState(file);
  if (!state.tokens) throw new Error(`${file} holds no linked account to expire`);
  state.tokens.expiresAt = 0;
  await saveState(file, state);
}

/** The simulator's settings (tools/dev-config.ts), matching {@link DEV_ARGS}. */
export const E2E_ENV = {
  ...process.env,
  SKILL_PORT: '18787',
  SERVICE_PORT: '18788',
  SIMULATOR_REDIRECT_PORT: '18790',
  SIMULATOR_AMAZON_PORT: '18791',
  [STOP_WITH_STDIN_ENV]: '1',
};
/** `alexa-skill-workers dev`'s flags for the ports and state folder above (the inspectors are 1000 above each Worker). */
export const DEV_ARGS = ['--port', '18787', '--provider-port', '18788', '--redirect-port', '18790', '--state', STATE];
/** The kit's bin, as npm links it for `npm run dev`. */
const BIN = join('node_modules', '.bin', 'alexa-skill-workers');
export const SERVICE_URL = 'http://localhost:18788';
export const REDIRECT_PREFIX = 'http://localhost:18790/callback';

export interface Running {
  readonly child: ChildProcess;
  /** stdout and stderr, as they came. */
  output: string;
  /** stdout alone. */
  stdout: string;
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
    stdout: '',
    exited: new Promise((resolve) => child.on('exit', resolve)),
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    running.output += chunk.toString();
    running.stdout += chunk.toString();
  });
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

/** Starts `alexa-skill-workers dev` as `npm run dev` does, with the e2e ports, stopping when this process's pipe closes. */
export function startDev(env: NodeJS.ProcessEnv = E2E_ENV, args: string[] = []): Running {
  return runKit(['dev', ...DEV_ARGS, '--stop-with-stdin', ...args], env);
}

/**
 * The kit's simulator, as `npm run simulate` runs it (the package's bin), on the ports and state
 * folder above: the same state folder as dev's, so it signs with the CA dev persisted there.
 */
export function runSimulator(args: string[] = []): Running {
  return runKit(['simulate', '--url', 'http://localhost:18787/', '--provider-url', SERVICE_URL, '--redirect-uri', REDIRECT_PREFIX, '--state', STATE, ...args]);
}

/** Runs the kit's command line (the bin Ride Hailer's npm scripts run) with `args`. */
export function runKit(args: string[], env: NodeJS.ProcessEnv = E2E_ENV): Running {
  return run(BIN, args, env);
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

/**
 * Signs in on the demo service's login page at `loginUrl` as a person would, without a browser
 * (the page's cookie and its form's handle posted back), and returns where the service sends the
 * browser next: the simulator's callback, for the caller to check and open.
 */
export async function signInOnLoginPage(loginUrl: string, username = 'ana', password = 'ana-rides'): Promise<string> {
  const page = await fetch(loginUrl);
  const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const handle = /name="handle" value="([^"]+)"/.exec(await page.text())?.[1];
  if (handle === undefined) throw new Error(`no login form at ${loginUrl}`);
  const signIn = await fetch(`${SERVICE_URL}/authorize`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie && { cookie }) },
    body: new URLSearchParams({ handle, username, password }),
  });
  return signIn.headers.get('location') ?? '';
}
