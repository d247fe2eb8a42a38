import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The repository root (the package being packed). */
export const root = resolve(import.meta.dirname, '../..');

interface PackageJson {
  readonly name: string;
  readonly exports: Record<string, string | { readonly types: string; readonly default: string }>;
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
}

export const packageJson = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as PackageJson;

/** Entry names from package.json "exports" (`verify`, `hono`, …), without `./package.json`. */
export const kitEntries: readonly string[] = Object.keys(packageJson.exports)
  .filter((key) => key !== './package.json')
  .map((key) => key.slice(2));

/** The one entry for tests only; every other entry runs in the Worker. */
export const TESTING_ENTRY = 'testing';

export const runtimeEntries = kitEntries.filter((entry) => entry !== TESTING_ENTRY);
