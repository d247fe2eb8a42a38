/**
 * Starts what a newcomer starts: `npm run dev` (both Workers) and `npm run simulate`, on ports and
 * state files of their own so a developer's running stack is left alone. Stops everything after.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'ride-hailer-e2e-'));

export const E2E_ENV = {
  ...process.env,
  SKILL_PORT: '18787',
  SERVICE_PORT: '18788',
  SIMULATOR_REDIRECT_PORT: '18790',
  ALEXA_DEV_CA_FILE: join(dir, 'ca.json'),
  ALEXA_SIMULATOR_STATE: join(dir, 'simulator.json'),
  DEV_PERSIST_TO: join(dir, 'state'),
};
export const SERVICE_URL = 'http://localhost:18788';
export const REDIRECT_PREFIX = 'http://localhost:18790/callback';

export interface Running {
  readonly child: ChildProcess;
  output: string;
  readonly exited: Promise<number | null>;
}

export function run(script: string, args: string[] = []): Running {
  const child = spawn(process.execPath, [script, ...args], { env: E2E_ENV, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  const running: Running = {
    child,
    output: '',
    exited: new Promise((resolve) => child.on('exit', resolve)),
  };
  child.stdout?.on('data', (chunk: Buffer) => (running.output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (running.output += chunk.toString()));
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

/** Runs one simulator command to the end and returns what it printed. */
export async function simulate(...args: string[]): Promise<string> {
  const running = run('tools/simulate.ts', args);
  const code = await running.exited;
  if (code !== 0) throw new Error(`simulate ${args.join(' ')} failed (${code}):\n${running.output}`);
  return running.output;
}

/** Stops a process and everything it started (wrangler starts workerd). */
export function stop(running: Running | undefined): void {
  if (!running?.child.pid || running.child.exitCode !== null) return;
  try {
    process.kill(-running.child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}
