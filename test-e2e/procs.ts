/** Linux process lookups for the dev-stack tests, read from /proc (the browser test is Linux-only too). */
import { readdirSync, readFileSync } from 'node:fs';

/** The pids of the processes whose argument vector satisfies `match`. */
export function findProcesses(match: (argv: string[]) => boolean): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // exited while we looked
    }
    if (match(argv)) pids.push(Number(entry));
  }
  return pids;
}

/** Matches wrangler's own process (not its launcher) when it was started with `--port <port>`. */
export const wranglerOnPort = (port: number) => (argv: string[]) =>
  argv.some((arg) => arg.endsWith('wrangler-dist/cli.js')) && argv.some((arg, i) => arg === '--port' && argv[i + 1] === String(port));
