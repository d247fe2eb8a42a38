import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../docs/markdown.ts';
import { installTarball, packKit, PLAIN_ENV } from '../support/kit-tarball.ts';
import { kitDir } from './entries.ts';

// The kit's README quick start, as a stranger follows it: the package packed, installed as a
// tarball into an empty folder, every file the README shows written there literally, the rest from
// the registry, and the quick start's own tests run. Nothing of this repository is linked in.

const README = join(kitDir, 'README.md');
const INSTALL_TIMEOUT_MS = 600_000;

/** The temporary folder (the tarball and the project); `dir` is the project inside it. */
let base = '';
let dir = '';
let files: string[] = [];
afterAll(() => {
  if (base) rmSync(base, { recursive: true, force: true });
});

const run = (command: string, args: string[]) =>
  execFileSync(command, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: PLAIN_ENV });

beforeAll(() => {
  dir = base = mkdtempSync(join(tmpdir(), 'kit-quick-start-'));
  const tarball = packKit(dir);
  const app = join(dir, 'app');
  mkdirSync(app);
  const blocks = scan('packages/alexa-skill-workers/README.md', readFileSync(README, 'utf8')).blocks.filter((block) => block.file !== undefined);
  for (const block of blocks) {
    mkdirSync(dirname(join(app, block.file!)), { recursive: true });
    writeFileSync(join(app, block.file!), block.code);
  }
  files = blocks.map((block) => block.file!);
  dir = app;
  installTarball(dir, `../${tarball}`);
}, INSTALL_TIMEOUT_MS);

describe("the kit README's quick start, in an empty folder with the packed package", () => {
  it('shows every file the project needs', () => {
    expect(files.sort()).toEqual(['package.json', 'src/index.ts', 'test/hello.test.ts', 'vitest.config.ts', 'wrangler.toml']);
  });

  it('installs the kit from the tarball and the rest from the registry', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'node_modules/alexa-skill-workers/package.json'), 'utf8')) as { version: string };
    const own = JSON.parse(readFileSync(join(kitDir, 'package.json'), 'utf8')) as { version: string };
    expect(manifest.version).toBe(own.version);
    expect(() => run('npm', ['ls', '--all', 'alexa-skill-workers', 'ask-sdk-core', 'wrangler', 'vitest'])).not.toThrow();
  });

  it('runs its tests green: a verified request, an unlinked card, a linked answer, a cached second call', () => {
    let output: string;
    try {
      output = run('npm', ['test']);
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`npm test failed:\n${stdout ?? ''}${stderr ?? ''}`, { cause: error });
    }
    // NO_COLOR above: Vitest's summary line as plain text.
    expect(output).toMatch(/Tests\s+3 passed \(3\)/);
  }, INSTALL_TIMEOUT_MS);

  it('bundles for deployment with the shims the README names, smaller than without them', () => {
    run('npx', ['wrangler', 'deploy', '--dry-run', '--minify', '--outdir', 'dist']);
    const bundle = readFileSync(join(dir, 'dist/index.js'), 'utf8');
    expect(bundle).toContain('Node built-ins are not bundled');
    // The same project without the [alias] table (docs/shims.md says what it saves).
    const toml = readFileSync(join(dir, 'wrangler.toml'), 'utf8').replace(/^\[alias\]\n(?:"[^\n]*\n)+/m, '');
    writeFileSync(join(dir, 'wrangler.no-shims.toml'), toml);
    run('npx', ['wrangler', 'deploy', '--dry-run', '--minify', '--outdir', 'dist-no-shims', '-c', 'wrangler.no-shims.toml']);
    const plain = readFileSync(join(dir, 'dist-no-shims/index.js'), 'utf8');
    expect(plain).not.toContain('Node built-ins are not bundled');
    expect(gzipSync(bundle).length).toBeLessThan(gzipSync(plain).length);
  }, INSTALL_TIMEOUT_MS);
});
