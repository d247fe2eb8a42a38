import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The repository root (the workspace: its node_modules hold every dependency). */
export const root = resolve(import.meta.dirname, '../..');
/** The kit's package folder (the package being packed). */
export const kitDir = resolve(root, 'packages/alexa-skill-workers');

interface PackageJson {
  readonly name: string;
  readonly exports: Record<string, string | { readonly types: string; readonly default: string }>;
  readonly scripts?: Record<string, string>;
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
}

export const packageJson = JSON.parse(readFileSync(resolve(kitDir, 'package.json'), 'utf8')) as PackageJson;

/**
 * The entries of package.json "exports" as a user imports them: `alexa-skill-workers`,
 * `alexa-skill-workers/errors`, `alexa-skill-workers/hono`, …; neither `./package.json` nor the
 * build-time shims (`./shims/*`, named in a bundler's alias table, never imported).
 */
export const kitEntries: readonly string[] = Object.keys(packageJson.exports)
  .filter((key) => key !== './package.json' && !key.startsWith('./shims/'))
  .map((key) => (key === '.' ? packageJson.name : `${packageJson.name}/${key.slice(2)}`));

/** The kit's source file of an entry, relative to its `src/` (`index` for the package's root). */
export const sourceOf = (entry: string): string => (entry === packageJson.name ? 'index' : entry.slice(packageJson.name.length + 1));

/** The one entry for tests only. */
export const TESTING_ENTRY = `${packageJson.name}/testing`;
/** The one entry for Node only (the command line's building blocks); every other entry runs in the Worker. */
export const CLI_ENTRY = `${packageJson.name}/cli`;

export const runtimeEntries = kitEntries.filter((entry) => entry !== TESTING_ENTRY && entry !== CLI_ENTRY);
