/**
 * Process trees, stopped as a whole. A child spawned with `detached: true` leads a new process
 * group (Node calls setsid(2)); what it starts joins that group unless it detaches itself (wrangler
 * starts a second node, which starts workerd: all three stay in the group). kill(2) with the
 * negated group id signals every member, so no workerd outlives the wrangler that started it.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/** Spawns `command` as the leader of a new process group; its pid is the group's id. */
export function spawnGroup(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  return spawn(command, args, { ...options, detached: true });
}

/** True while any member of the group exists (an unreaped zombie counts). */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

async function gone(pgid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (groupAlive(pgid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/**
 * SIGTERM to every member, SIGKILL to whatever is left after `graceMs`. Resolves once the group is
 * gone, or 2 s after SIGKILL (only zombies can remain then, and they hold no port). A group that
 * no longer exists is not an error.
 */
export async function stopGroup(pgid: number, graceMs = 5_000): Promise<void> {
  signalGroup(pgid, 'SIGTERM');
  if (await gone(pgid, graceMs)) return;
  signalGroup(pgid, 'SIGKILL');
  await gone(pgid, 2_000);
}

/** SIGKILL to the group, synchronously: the last resort in `process.on('exit')`, where nothing asynchronous runs. */
export function killGroupNow(pgid: number): void {
  signalGroup(pgid, 'SIGKILL');
}
