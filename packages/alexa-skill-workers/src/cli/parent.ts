/**
 * The parent-death safety nets, the one module every command that waits uses (`dev` runs until
 * stopped, `link` and `simulate link` wait for a sign-in). A process killed with SIGKILL runs no
 * handler, so it cannot stop the process groups it started; and a supervisor (an editor's task
 * runner, a process manager, a container runtime) that sends SIGTERM to the `npm` it started
 * reaches npm and its shell, not `alexa-skill-workers dev` below them. Two ways to notice:
 *
 * - {@link onReparented}, always on: the kernel gives an orphan a new parent (init, or the nearest
 *   subreaper), so a parent PID that changes means the parent is gone.
 * - {@link onStdinEnd}, opt-in: the kernel closes a dead process's file descriptors, so a child
 *   reading the parent's end of a stdin pipe sees end-of-file. For a harness that gives its child
 *   a stdin pipe (`dev --stop-with-stdin`; for `link`, {@link STOP_WITH_STDIN_ENV}), that
 *   end-of-file means "the parent is gone". Off by default: a developer may run `npm run dev` with
 *   stdin closed.
 */

/**
 * Calls `onGone` once stdin ends; never keeps the process alive by itself.
 * @returns a function that stops watching.
 */
export function onStdinEnd(onGone: () => void): () => void {
  process.stdin.once('end', onGone);
  process.stdin.resume(); // flowing, nothing listens for data: what the parent writes is dropped
  (process.stdin as { unref?: () => void }).unref?.();
  return () => {
    process.stdin.off('end', onGone);
    process.stdin.pause();
  };
}

/**
 * The opt-in of `link` (and `simulate link`) to {@link onStdinEnd}: `DEV_STOP_WITH_PARENT=1` in its
 * environment, set by a harness that holds its stdin pipe (an interactive `simulate` reads stdin
 * itself and ends with it). `dev` takes the flag `--stop-with-stdin` instead.
 */
export const STOP_WITH_STDIN_ENV = 'DEV_STOP_WITH_PARENT';

/**
 * Both watches for a command that waits: {@link onReparented} always, {@link onStdinEnd} when `env`
 * opts in ({@link STOP_WITH_STDIN_ENV}). Calls `onGone` once either fires.
 * @returns a function that stops both (register it with `ctx.onStop`).
 */
export function watchParent(onGone: () => void, env: NodeJS.ProcessEnv = process.env): () => void {
  const stops = [onReparented(onGone)];
  if (env[STOP_WITH_STDIN_ENV] === '1') stops.push(onStdinEnd(onGone));
  return () => {
    for (const stop of stops) stop();
  };
}

/** How often {@link onReparented} looks at the parent PID: a supervisor's SIGTERM is noticed within this. */
export const PARENT_POLL_MS = 250;

/**
 * Calls `onGone` once this process's parent PID is no longer the one it started with (the parent
 * died and the kernel re-parented this process). Polls `ppid` (Node's `process.ppid` reads
 * getppid(2) each time) every `intervalMs`; the timer never keeps the process alive. A process
 * started by init itself (parent PID 1) has no parent to lose. Returns a function that stops
 * watching.
 */
export function onReparented(
  onGone: () => void,
  options: { readonly intervalMs?: number; readonly ppid?: () => number } = {},
): () => void {
  const ppid = options.ppid ?? (() => process.ppid);
  const original = ppid();
  if (original <= 1) return () => undefined;
  const timer = setInterval(() => {
    if (ppid() === original) return;
    clearInterval(timer);
    onGone();
  }, options.intervalMs ?? PARENT_POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
