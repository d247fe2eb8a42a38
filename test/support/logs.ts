import type { LogFields, Logger } from '../../packages/alexa-skill-workers/src/lib/log.ts';
import type { RequestContext } from '../../packages/alexa-skill-workers/src/context.ts';

export interface LogLine extends LogFields {
  level: string;
  event: string;
}

/** A Logger that keeps every line, so tests can assert on events, codes and absences. */
export function captureLogs(): Logger & { lines: LogLine[]; codes(): string[] } {
  const lines: LogLine[] = [];
  const push = (level: string) => (event: string, fields?: LogFields) => {
    lines.push({ level, event, ...fields });
  };
  return {
    lines,
    info: push('info'),
    warn: push('warn'),
    error: push('error'),
    codes: () => lines.map((line) => line.code).filter((code): code is string => typeof code === 'string'),
  };
}

/** A request context at `now` whose log lines are kept (and otherwise ignored). */
export function contextAt(now: Date): RequestContext & { log: ReturnType<typeof captureLogs> } {
  return { now, log: captureLogs() };
}
