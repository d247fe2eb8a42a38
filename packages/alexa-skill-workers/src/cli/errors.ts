/**
 * What the command line tells a user who must fix something: one line, naming what to fix, and an
 * exit code. Anything else that escapes a command is a bug: one line too, its stack only with `--debug`.
 */
export class CliError extends Error {
  override readonly name: string = 'CliError';
  /** 2 for a command line the tool does not understand, 1 for everything else. */
  readonly exitCode: 1 | 2;

  constructor(message: string, exitCode: 1 | 2 = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** A command line the tool does not understand (exit code 2). */
export function usage(message: string): CliError {
  return new CliError(message, 2);
}

/** The line printed for `error`: a CliError's message; for anything else its message, or its stack with `debug`. */
export function lineOf(error: unknown, debug: boolean): string {
  if (error instanceof CliError) return `Error: ${error.message}`;
  if (debug && error instanceof Error && error.stack) return error.stack;
  const message = error instanceof Error ? error.message : String(error);
  return `Error: ${message.split('\n')[0]}${debug ? '' : ' (run with --debug for the stack)'}`;
}
