/**
 * How a long-running command (dev, provider) ends: a signal, the parent going away, stdin's end
 * when asked for, or a process it started dying.
 */
import { constants } from 'node:os';
import type { CommandContext } from '../command.ts';
import { onReparented, onStdinEnd } from '../parent.ts';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Why a long-running command stopped: its exit code and the sentence to print. */
export interface StopReason {
  readonly code: number;
  readonly why: string | undefined;
}

/** The command's exit code for `reason`, its sentence (if any) on stderr. */
export function finish(ctx: CommandContext, reason: StopReason): number {
  if (reason.why) ctx.err(reason.why);
  return reason.code;
}

/**
 * Every way out but the command's own return, as one promise: a signal (128 + its number), the
 * parent going away (129, as for a hang-up), stdin's end when asked for, or `now` (a Worker dying).
 * The listeners are removed on stop.
 */
export function watchForStop(ctx: CommandContext, withStdin: boolean, what = 'dev') {
  let settle: (reason: StopReason) => void = () => undefined;
  const reason = new Promise<StopReason>((resolve) => (settle = resolve));
  let settled = false;
  const now = (code: number, why?: string) => {
    if (settled) return;
    settled = true;
    settle({ code, why });
  };
  const handlers = SIGNALS.map((signal) => [signal, () => now(128 + constants.signals[signal])] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  const unwatch = onReparented(() => now(129, `The process that started ${what} is gone; stopping.`));
  if (withStdin) onStdinEnd(() => now(129, `The process that started ${what} is gone (stdin closed); stopping.`));
  ctx.onStop(() => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
    unwatch();
  });
  return { reason, now };
}
