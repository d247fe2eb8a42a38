import type { LogFields, Logger } from '../core/log.ts';

/** One line a {@link recordingLogger} kept: its level, its event and its fields. */
export interface LogLine extends LogFields {
  readonly level: 'info' | 'warn' | 'error';
  readonly event: string;
}

/** A {@link Logger} that keeps every line, for tests. */
export interface RecordingLogger extends Logger {
  /** Every line, in order. */
  readonly lines: LogLine[];
  /** The `code` field of every line that has one, in order. */
  codes(): string[];
  /** The lines of one event. */
  events(event: string): LogLine[];
}

/**
 * A logger that keeps what it is told instead of printing it, so a test can assert on events,
 * codes and absences (no token, no signature, no body in any line). Pass it as `log` to the kit's
 * objects and endpoints.
 * @example
 *   const log = recordingLogger();
 *   const endpoint = alexaEndpoint({ verifier: { skillId, ...pki.trust }, answer, log });
 *   expect(log.codes()).toContain('SIGNATURE_INVALID');
 */
export function recordingLogger(): RecordingLogger {
  const lines: LogLine[] = [];
  const push = (level: LogLine['level']) => (event: string, fields?: LogFields) => {
    lines.push({ level, event, ...fields });
  };
  return {
    lines,
    info: push('info'),
    warn: push('warn'),
    error: push('error'),
    codes: () => lines.map((line) => line.code).filter((code): code is string => typeof code === 'string'),
    events: (event) => lines.filter((line) => line.event === event),
  };
}
