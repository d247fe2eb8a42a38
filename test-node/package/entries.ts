import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The repository root (the workspace: its node_modules hold every dependency). */
export const root = resolve(import.meta.dirname, '../..');
/** The kit's package folder (the package being packed). */
export const kitDir = resolve(root, 'packages/alexa-skill-workers');

interface PackageJson {
  readonly name: string;
  readonly exports: Record<string, string | { readonly types: string; readonly default: string }>;
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
}

export const packageJson = JSON.parse(readFileSync(resolve(kitDir, 'package.json'), 'utf8')) as PackageJson;

/** Entry names from package.json "exports" (`verify`, `hono`, …), without `./package.json`. */
export const kitEntries: readonly string[] = Object.keys(packageJson.exports)
  .filter((key) => key !== './package.json' && !key.startsWith('./shims/'))
  .map((key) => key.slice(2));

/** The one entry for tests only; every other entry runs in the Worker. */
export const TESTING_ENTRY = 'testing';

export const runtimeEntries = kitEntries.filter((entry) => entry !== TESTING_ENTRY);
