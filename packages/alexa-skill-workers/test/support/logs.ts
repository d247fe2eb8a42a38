import { recordingLogger, type RecordingLogger } from '../../src/testing.ts';
import type { RequestContext } from '../../src/index.ts';


/** A Logger that keeps every line, so tests can assert on events, codes and absences. */
export function captureLogs(): RecordingLogger {
  return recordingLogger();
}

/** A request context at `now` whose log lines are kept (and otherwise ignored). */
export function contextAt(now: Date): RequestContext & { log: RecordingLogger } {
  return { now, log: recordingLogger() };
}
