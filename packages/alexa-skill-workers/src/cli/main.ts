/**
 * `alexa-skill-workers`: the command line for a skill on Workers (Node only; nothing here is
 * reachable from the Worker's entries). `alexa-skill-workers <command> [options]`; every command has
 * `--help` (which needs no state, no file and no network), `--json` where a script reads its output,
 * and errors of one line naming what to fix (the stack only with `--debug`).
 */
import { resolve } from 'node:path';
import type { Command, CommandContext } from './command.ts';
import { certifyCommand } from './commands/certify.ts';
import { checkCommand } from './commands/check.ts';
import { consoleCommand } from './commands/console.ts';
import { devCommand } from './commands/dev.ts';
import { disableSkillCommand, linkCommand, unlinkCommand } from './commands/link.ts';
import { newCommand } from './commands/new.ts';
import { providerCommand } from './commands/provider.ts';
import { replayCommand } from './commands/replay.ts';
import { resolveCommand } from './commands/resolve.ts';
import { simulateCommand } from './commands/simulate.ts';
import { lineOf } from './errors.ts';

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly Command[] = [
  newCommand,
  devCommand,
  providerCommand,
  simulateCommand,
  consoleCommand,
  replayCommand,
  linkCommand,
  unlinkCommand,
  disableSkillCommand,
  checkCommand,
  certifyCommand,
  resolveCommand,
];

export const HELP = `Usage: alexa-skill-workers <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Every command: --help, --cwd <project folder>, --json (where output is data), --debug (stacks).
Configuration: the "alexa-skill-workers" section of the skill's package.json (docs/cli.md).`;

/** Runs the command line `argv` (without `node` and the script); resolves with the exit code. */
export async function main(argv: readonly string[], io: Pick<CommandContext, 'out' | 'err'> = { out: console.log, err: console.error }): Promise<number> {
  const [name, ...args] = argv;
  const debug = argv.includes('--debug');
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(HELP);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`Error: unknown command "${name}". Commands: ${COMMANDS.map((c) => c.name).join(', ')} (alexa-skill-workers --help)`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.out(command.help);
    return 0;
  }
  const stops: (() => Promise<void> | void)[] = [];
  const cwdAt = args.indexOf('--cwd');
  const ctx: CommandContext = {
    cwd: resolve(cwdAt >= 0 && args[cwdAt + 1] ? args[cwdAt + 1]! : process.cwd()),
    json: args.includes('--json'),
    debug,
    ...io,
    onStop: (stop) => void stops.push(stop),
  };
  try {
    return await command.run(args, ctx);
  } catch (error) {
    io.err(lineOf(error, debug));
    return error instanceof Error && 'exitCode' in error && typeof error.exitCode === 'number' ? error.exitCode : 1;
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}
