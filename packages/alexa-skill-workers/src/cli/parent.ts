/**
 * The command line's parent-death safety net for a command that waits (link waits for a sign-in):
 * an orphan gets a new parent from the kernel (init, or the nearest subreaper), so a parent PID that
 * changes means whoever started this is gone; and with `DEV_STOP_WITH_PARENT=1` (a harness that gives
 * its children a stdin pipe), stdin's end means the same. Ride Hailer's tools/processes/parent.ts
 * does both for `dev`; when `dev` moves into the kit (branch h20-dev) this is the one to keep.
 */

/** How often the parent PID is looked at. */
const POLL_MS = 250;

/**
 * Calls `onGone` once the parent is gone; the watch never keeps the process alive.
 * @returns a function that stops watching (register it with `ctx.onStop`).
 */
export function watchParent(onGone: () => void, env: NodeJS.ProcessEnv = process.env): () => void {
  const original = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === original) return;
    clearInterval(timer);
    onGone();
  }, POLL_MS);
  timer.unref();
  const stdin = env.DEV_STOP_WITH_PARENT === '1';
  if (stdin) {
    process.stdin.once('end', onGone);
    process.stdin.resume(); // flowing, nothing listens for data: what the parent writes is dropped
    (process.stdin as { unref?: () => void }).unref?.();
  }
  return () => {
    clearInterval(timer);
    if (stdin) {
      process.stdin.off('end', onGone);
      process.stdin.pause();
    }
  };
}
