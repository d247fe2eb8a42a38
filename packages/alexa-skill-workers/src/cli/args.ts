import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usage } from './errors.ts';

/** The options every command takes. */
const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  debug: { type: 'boolean' },
  cwd: { type: 'string' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/**
 * The command's arguments read with `node:util` `parseArgs` (strict: an unknown option is an error
 * naming it), the common options included.
 * @throws {CliError} exit code 2, naming the option and the command's `--help`.
 */
export function readArgs<const O extends NonNullable<ParseArgsConfig['options']>>(command: string, args: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...args], options: { ...COMMON_OPTIONS, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw usage(`${reason}. See: alexa-skill-workers ${command} --help`);
  }
}

/**
 * A port flag's value (`--<name> <port>`), or undefined when it was not given.
 * @throws {CliError} a usage error naming the flag when it is not a port number (1-65535)
 */
export function portFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65_535) throw usage(`--${name} must be a port number (1-65535), not "${value}"`);
  return port;
}
