/** The local provider (or dev) run as a user runs it: the kit's bin in a process group of its own, on ports nothing listens on. */
import { type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { groupAlive, spawnGroup, stopGroup } from '../../../src/cli/dev/group.ts';
import { closedPort } from '../oauth/support.ts';

const kit = resolve(import.meta.dirname, '../../..');
const BIN = join(kit, 'bin', 'alexa-skill-workers.js');

export interface Running {
  /** The JSON ready line. */
  readonly ready: Record<string, unknown>;
  readonly stderr: string[];
  readonly child: ChildProcess;
  /** Stops the group and resolves once nothing of it is left. */
  stop(): Promise<void>;
}

/** A folder with `files` (objects as JSON) and the repository's node_modules linked in (its wrangler). */
export function tempFolder(files: Record<string, unknown>): { readonly root: string; readonly remove: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'kit-provider-'));
  symlinkSync(resolve(kit, '../../node_modules'), join(root, 'node_modules'));
  for (const [path, content] of Object.entries(files)) writeFileSync(join(root, path), typeof content === 'string' ? content : JSON.stringify(content));
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Ports nothing listens on, `n` of them. */
export async function freePorts(n: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < n) {
    const port = await closedPort();
    if (!ports.includes(port)) ports.push(port);
  }
  return ports;
}

/** Runs `alexa-skill-workers <args> --json` in `cwd` and resolves with its ready line (rejects with its stderr if it exits first). */
export function runBin(cwd: string, args: readonly string[]): Promise<Running> {
  const child = spawnGroup(process.execPath, [BIN, ...args, '--json'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const pgid = child.pid!;
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  const stop = async () => {
    await stopGroup(pgid);
    if (groupAlive(pgid)) throw new Error(`process group ${pgid} is still there`);
  };
  return new Promise((resolveReady, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        resolveReady({ ready: JSON.parse(line) as Record<string, unknown>, stderr, child, stop });
      } catch {
        // not the ready line
      }
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}:\n${stderr.join('\n')}`)));
  });
}
