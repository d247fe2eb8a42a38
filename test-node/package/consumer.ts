import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { kitDir, packageJson, root } from './entries.ts';

// A consumer project in a temporary directory: the packed files copied under node_modules, as
// `npm install` of the tarball would put them, and the dependencies linked from this repository.

/** Runs a command; '' when it succeeds, else what it printed (so a failure shows tsc's errors). */
function failureOf(command: string, args: readonly string[], cwd: string): string {
  try {
    execFileSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe' });
    return '';
  } catch (error) {
    const { stdout, stderr, message } = error as { stdout?: string; stderr?: string; message: string };
    return `${stdout ?? ''}${stderr ?? ''}` || message;
  }
}

/**
 * Installs the packed files (paths from `npm pack`) in dir/node_modules, with the dependencies,
 * Workers' types and Node's (for the Node-only `alexa-skill-workers/cli`); the optional peer dependencies (hono, ask-sdk-core) only when asked for.
 */
export function installPacked(dir: string, files: readonly string[], { withPeers }: { withPeers: boolean }): void {
  const pkg = join(dir, 'node_modules', packageJson.name);
  for (const file of files) {
    mkdirSync(dirname(join(pkg, file)), { recursive: true });
    cpSync(resolve(kitDir, file), join(pkg, file));
  }
  const peers = withPeers ? Object.keys(packageJson.peerDependencies ?? {}) : [];
  for (const dep of new Set([...Object.keys(packageJson.dependencies ?? {}), ...peers, '@cloudflare/workers-types', '@types/node'])) {
    mkdirSync(dirname(join(dir, 'node_modules', dep)), { recursive: true });
    symlinkSync(resolve(root, 'node_modules', dep), join(dir, 'node_modules', dep), 'dir');
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
}

export type Resolution = 'nodenext' | 'bundler';

const MODULE_FOR: Record<Resolution, string> = { nodenext: 'nodenext', bundler: 'esnext' };

/**
 * Type-checks dir/<file> (default consumer.ts, with Workers' types; `node`: with Node's), the libraries'
 * .d.ts included (no skipLibCheck); '' or tsc's errors.
 */
export function typeCheck(dir: string, moduleResolution: Resolution, { file = 'consumer.ts', node = false } = {}): string {
  const compilerOptions = {
    module: MODULE_FOR[moduleResolution],
    moduleResolution,
    target: 'es2022',
    lib: node ? ['es2023', 'dom'] : ['es2023'],
    types: [node ? 'node' : '@cloudflare/workers-types'],
    strict: true,
    noEmit: true,
    skipLibCheck: false,
  };
  const config = `tsconfig.${moduleResolution}${node ? '.node' : ''}.json`;
  writeFileSync(join(dir, config), JSON.stringify({ compilerOptions, files: [file] }));
  return failureOf(process.execPath, [resolve(root, 'node_modules/typescript/bin/tsc'), '-p', config], dir);
}

/** Imports each entry through the package name in a Node process started in dir; '' or what it printed. */
export function importEach(dir: string, entries: readonly string[]): string {
  const script = `for (const e of ${JSON.stringify(entries)}) {
    const m = await import(e);
    if (Object.keys(m).length === 0) throw new Error('nothing exported by ' + e);
  }`;
  return failureOf(process.execPath, ['--input-type=module', '-e', script], dir);
}
