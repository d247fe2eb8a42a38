import { execFileSync } from 'node:child_process';
import { cpSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kitDir, root } from './entries.ts';

// examples/hello-linked-user as a user copies it out: the folder alone in an empty directory
// (nothing else of this repository), the kit packed and installed from its tarball in place of the
// registry's version, the rest from the registry, then its own `npm test`, its own tsconfig and its
// production bundle. Nothing is linked to the workspace.

const EXAMPLE = join(root, 'examples/hello-linked-user');
const INSTALL_TIMEOUT_MS = 600_000;
/** What a checkout may hold beside the example's own files and a copy must not take. */
const LEFT_BEHIND = new Set(['node_modules', '.wrangler', 'dist', '.dev.vars']);

let dir = '';
let tarball = '';
// Removing an installed node_modules takes a while on a loaded machine.
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
}, INSTALL_TIMEOUT_MS);

const run = (command: string, args: string[], cwd = join(dir, 'hello-linked-user')) => {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1', NO_COLOR: '1', FORCE_COLOR: '0' } });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`, { cause: error });
  }
};

/** Every file of `folder`, relative to it. */
const filesOf = (folder: string): string[] =>
  readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)))
    .sort();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'example-copied-out-'));
  execFileSync('npm', ['pack', '--pack-destination', dir], { cwd: kitDir, stdio: 'ignore' });
  tarball = readdirSync(dir).find((name) => name.endsWith('.tgz'))!;
  cpSync(EXAMPLE, join(dir, 'hello-linked-user'), { recursive: true, filter: (source) => !LEFT_BEHIND.has(basename(source)) });
  // What a user does with a tarball: install it in place of the registry's version, then the rest.
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', `../${tarball}`]);
}, INSTALL_TIMEOUT_MS);

describe('examples/hello-linked-user, copied out alone with the packed kit', () => {
  const app = () => join(dir, 'hello-linked-user');

  it('takes only the example’s files, none of which reaches outside its folder', () => {
    const files = filesOf(app()).filter((file) => !file.startsWith('node_modules/') && file !== 'package-lock.json');
    expect(files).toEqual(filesOf(EXAMPLE).filter((file) => !LEFT_BEHIND.has(file.split('/')[0]!) && !file.endsWith('.dev.vars')));
    expect(files).toEqual(expect.arrayContaining(['package.json', 'tsconfig.json', 'vitest.config.ts', 'wrangler.toml', 'src/index.ts', 'src/skill.ts']));
    // The README links to the kit's docs in the repository; code and configuration never leave the folder.
    for (const file of files.filter((name) => !name.endsWith('.md'))) {
      expect(readFileSync(join(app(), file), 'utf8'), file).not.toMatch(/\.\.\/\.\.\/|packages\/alexa-skill-workers/);
    }
  });

  it('installs the kit from the tarball and the rest from the registry', () => {
    const manifest = JSON.parse(readFileSync(join(app(), 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(manifest.dependencies['alexa-skill-workers']).toBe(`file:../${tarball}`);
    const installed = JSON.parse(readFileSync(join(app(), 'node_modules/alexa-skill-workers/package.json'), 'utf8')) as { version: string };
    const own = JSON.parse(readFileSync(join(kitDir, 'package.json'), 'utf8')) as { version: string };
    expect(installed.version).toBe(own.version);
    // A real folder, not a link back to the workspace.
    expect(lstatSync(join(app(), 'node_modules/alexa-skill-workers')).isSymbolicLink()).toBe(false);
    expect(() => run('npm', ['ls', '--all', 'alexa-skill-workers', 'ask-sdk-core', 'hono', 'wrangler', 'vitest', '@cloudflare/vitest-plugin'])).not.toThrow();
  });

  it('type-checks with its own tsconfig against the published types', () => {
    expect(() => run('npx', ['tsc', '--noEmit', '-p', '.'])).not.toThrow();
  }, INSTALL_TIMEOUT_MS);

  it('runs its own tests green with `npm test`', () => {
    const output = run('npm', ['test']);
    // NO_COLOR above: Vitest's summary lines as plain text. Every test file ran, every test passed.
    const testFiles = filesOf(join(EXAMPLE, 'test')).filter((file) => file.endsWith('.test.ts')).length;
    expect(testFiles).toBeGreaterThan(0);
    expect(output).toMatch(new RegExp(`Test Files\\s+${testFiles} passed \\(${testFiles}\\)`));
    expect(output).toMatch(/Tests\s+(\d+) passed \(\1\)/);
  }, INSTALL_TIMEOUT_MS);

  it('bundles for production (`wrangler deploy --dry-run --env production`), development trust compiled out', () => {
    run('npx', ['wrangler', 'deploy', '--dry-run', '--env', 'production', '--outdir', 'dist']);
    const bundle = readFileSync(join(app(), 'dist/index.js'), 'utf8');
    expect(bundle).toContain('Node built-ins are not bundled');
    expect(bundle).not.toContain('__DEVELOPMENT_TRUST__');
    expect(bundle).toMatch(/allowDevelopmentTrust: false\b/);
  }, INSTALL_TIMEOUT_MS);
});
