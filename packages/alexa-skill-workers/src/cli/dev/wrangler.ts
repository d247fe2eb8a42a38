/**
 * The project's own wrangler, run as the leader of a process group of its own (group.ts), one per
 * Worker, so that stopping the group stops wrangler's second node and workerd with it.
 */
import { type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';
import { CliError } from '../errors.ts';
import { spawnGroup } from './group.ts';

/** How to run wrangler: a command and the arguments before wrangler's own. */
export interface Wrangler {
  readonly command: string;
  readonly args: readonly string[];
}

/** The oldest Node.js wrangler 4 runs on. */
const WRANGLER_MIN_NODE = [22, 12] as const;

/**
 * Throws unless `version` (default this process's) is at least {@link WRANGLER_MIN_NODE}.
 * @throws {CliError} one line naming both versions.
 */
export function checkNodeForWrangler(version: string = process.versions.node): void {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const [needMajor, needMinor] = WRANGLER_MIN_NODE;
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return;
  throw new CliError(`wrangler needs Node.js ${needMajor}.${needMinor} or newer; this is Node.js ${version} (install a newer Node.js, or add the "node" package to the project's devDependencies)`);
}

/**
 * The project's wrangler: `<root>/node_modules/wrangler/bin/wrangler.js` run by this Node (npx would
 * add two processes and a shell), else `wrangler` on `PATH` (`path`, default the environment's).
 * @throws {CliError} when there is neither, saying how to install it.
 */
export function findWrangler(root: string, path: string = process.env.PATH ?? ''): Wrangler {
  const own = join(root, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
  if (existsSync(own)) {
    checkNodeForWrangler();
    return { command: process.execPath, args: [own] };
  }
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'wrangler');
    try {
      accessSync(candidate, constants.X_OK);
      return { command: candidate, args: [] };
    } catch {
      // not here
    }
  }
  throw new CliError(`wrangler is not installed in ${root} (nor on PATH): npm install --save-dev wrangler`);
}

// Lines that only say this machine is offline (wrangler fetches a sample `request.cf`).
const NOISE = ['nodedir', 'Request.cf', 'ENOTFOUND workers.cloudflare.com', 'GetAddrInfoReqWrap'];

interface StartedWorker {
  readonly child: ChildProcess;
  /** The process group's id (the wrangler process's pid). */
  readonly pgid: number;
  /** Resolves once wrangler prints "Ready on"; rejects if it exits first. */
  readonly ready: Promise<void>;
  /** Resolves with a sentence once the process has exited. */
  readonly exited: Promise<string>;
}

/**
 * Starts `wrangler dev <args>` in a process group of its own; every line it prints (but the offline
 * noise) goes to `log` prefixed with `[name]`.
 * @throws {CliError} when the process cannot be started.
 */
export function startWrangler(wrangler: Wrangler, name: string, args: readonly string[], log: (line: string) => void): StartedWorker {
  const child = spawnGroup(wrangler.command, [...wrangler.args, 'dev', '--show-interactive-dev-session=false', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  if (child.pid === undefined) throw new CliError(`${name}: wrangler did not start (${wrangler.command})`);
  const pgid = child.pid;
  log(`[${name}] wrangler started, process group ${pgid}`);
  const exited = new Promise<string>((resolve) => {
    child.on('exit', (code, signal) => resolve(`[${name}] stopped (${signal ?? `exit ${code}`})`));
    child.on('error', (error) => resolve(`[${name}] could not run wrangler: ${error.message}`));
  });
  const ready = new Promise<void>((resolve, reject) => {
    for (const stream of [child.stdout, child.stderr]) {
      // Whole lines: a chunk can end in the middle of "Ready on".
      createInterface({ input: stream! }).on('line', (line) => {
        if (!line.trim() || NOISE.some((n) => line.includes(n))) return;
        log(`[${name}] ${line}`);
        if (line.includes('Ready on')) resolve();
      });
    }
    void exited.then((why) => reject(new CliError(why)));
  });
  ready.catch(() => undefined);
  return { child, pgid, ready, exited };
}

/** Resolves once `url` answers HTTP (any status): wrangler's "Ready on" comes from its proxy, before the Worker is loaded. */
export async function answers(url: string, timeoutMs = 60_000): Promise<void> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  await response.body?.cancel();
}
