/** The kit packed as a user gets it, for the tests that install it from the tarball (test-node/package, test-e2e). */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { kitDir } from '../package/entries.ts';

/** The environment of a user's npm and Vitest in those tests: CI, no colours (Vitest's summary lines as plain text). */
export const PLAIN_ENV = { ...process.env, CI: '1', NO_COLOR: '1', FORCE_COLOR: '0' };

/**
 * Packs the kit into `destination` and returns the tarball's file name. From the dist/ the global
 * setup built: prepack would rebuild it under the other tests.
 */
export function packKit(destination: string): string {
  execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', destination], { cwd: kitDir, stdio: 'ignore' });
  return readdirSync(destination).find((name) => name.endsWith('.tgz'))!;
}

/** Runs `command` in `cwd` and returns its stdout; a failure throws with its stdout and stderr. */
export function run(command: string, args: readonly string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: PLAIN_ENV });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`, { cause: error });
  }
}

/** What a user does with a tarball: installs it in `dir` in place of the registry's version, then the rest. */
export function installTarball(dir: string, tarballPath: string): void {
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarballPath], dir);
}
