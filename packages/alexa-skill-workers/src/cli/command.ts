/** What a command gets: where it runs, how to print, and whether the user asked for JSON. */
export interface CommandContext {
  /** The skill's folder (`--cwd`, default the current directory). */
  readonly cwd: string;
  /** `--json`: one JSON value on stdout, for scripts. */
  readonly json: boolean;
  readonly debug: boolean;
  /** Prints a line to stdout. */
  readonly out: (line: string) => void;
  /** Prints a line to stderr. */
  readonly err: (line: string) => void;
  /** Stops what the command started, on every way out: register a stop for each process or server. */
  readonly onStop: (stop: () => Promise<void> | void) => void;
}

/**
 * One command of `alexa-skill-workers`. `run` gets the arguments after the command's name (its
 * `--help` is handled before: `help` needs no state, no file and no network).
 */
export interface Command {
  readonly name: string;
  /** One line for the list of commands. */
  readonly summary: string;
  /** The command's `--help` text: usage, options, an example. */
  readonly help: string;
  /** Resolves with the exit code; a long-running command (dev) resolves when it stops. */
  readonly run: (args: readonly string[], ctx: CommandContext) => Promise<number>;
}
