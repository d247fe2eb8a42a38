/**
 * The parent-death safety net. A process killed with SIGKILL runs no handler, so it cannot stop
 * the process groups it started; but the kernel closes its file descriptors, so a child reading
 * the parent's end of a stdin pipe sees end-of-file. With `DEV_STOP_WITH_PARENT=1` (set by the e2e
 * harness, which gives every child a stdin pipe), that end-of-file means "the parent is gone".
 * Without the variable nothing changes: a developer may run `npm run dev` with stdin closed.
 */

/** The opt-in environment variable. */
export const STOP_WITH_PARENT = 'DEV_STOP_WITH_PARENT';

/** Calls `onGone` once stdin ends, when the environment opts in; never keeps the process alive by itself. */
export function onParentGone(onGone: () => void, env: NodeJS.ProcessEnv = process.env): void {
  if (env[STOP_WITH_PARENT] !== '1') return;
  process.stdin.once('end', onGone);
  process.stdin.resume(); // flowing, nothing listens for data: what the parent writes is dropped
  (process.stdin as { unref?: () => void }).unref?.();
}
