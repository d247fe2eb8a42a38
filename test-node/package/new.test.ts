import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../docs/markdown.ts';
import { installTarball, packKit, PLAIN_ENV, run } from '../support/kit-tarball.ts';
import { kitDir, packageJson, root } from './entries.ts';

// `alexa-skill-workers new` as a user runs it: from the packed package (its bin, its templates/),
// for every router × tokens combination, each new skill type-checked against the packed kit's
// types; two of them (one JWT, one Login with Amazon, one per router) installed from the tarball
// in place of the registry's version, their own `npm test` run, and their production bundle built.

const INSTALL_TIMEOUT_MS = 600_000;
const ROUTERS = ['hono', 'fetch'] as const;
const TOKENS = ['jwt', 'opaque', 'lwa'] as const;
const COMBINATIONS = ROUTERS.flatMap((router) => TOKENS.map((tokens) => [router, tokens] as const));
/** What every new skill holds (besides its second locale's model and strings). */
const FILES = [
  '.dev.vars.example',
  '.gitignore',
  'package.json',
  'skill-package/accountLinking.json',
  'skill-package/interactionModels/custom/en-US.json',
  'skill-package/skill.json',
  'src/accounts.ts',
  'src/index.ts',
  'src/skill.ts',
  'src/strings/en.ts',
  'src/strings/index.ts',
  'src/verifier.ts',
  'test/provider.ts',
  'test/skill.test.ts',
  'test/support.ts',
  'tsconfig.json',
  'vitest.config.ts',
  'wrangler.toml',
];

/** The temporary folder: the tarball, node_modules with the packed kit, the new skills. */
let base = '';
let tarball = '';
/** The packed package's bin, as `npx alexa-skill-workers` runs it in a project that installed the tarball. */
let bin = '';
afterAll(() => {
  if (base) rmSync(base, { recursive: true, force: true });
}, INSTALL_TIMEOUT_MS);

const cli = (args: string[], cwd = base) => {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: PLAIN_ENV });
  return { code: result.status, out: result.stdout, err: result.stderr };
};
const filesOf = (folder: string): string[] =>
  readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)))
    .filter((file) => !file.startsWith('node_modules/') && file !== 'package-lock.json')
    .sort();

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'kit-new-'));
  tarball = packKit(base);
  // The tarball unpacked as `npm install` puts it, for the type checks; its dependencies, the peers
  // and the toolchain's types linked from this repository (the installs below take the registry's).
  mkdirSync(join(base, 'node_modules'));
  execFileSync('tar', ['-xzf', tarball], { cwd: base });
  renameSync(join(base, 'package'), join(base, 'node_modules', packageJson.name));
  const linked = [...Object.keys(packageJson.dependencies ?? {}), ...Object.keys(packageJson.peerDependencies ?? {}), '@cloudflare/workers-types', '@cloudflare/vitest-plugin', 'vitest'];
  for (const dep of linked) {
    mkdirSync(dirname(join(base, 'node_modules', dep)), { recursive: true });
    symlinkSync(resolve(root, 'node_modules', dep), join(base, 'node_modules', dep), 'dir');
  }
  bin = join(base, 'node_modules', packageJson.name, 'bin/alexa-skill-workers.js');
}, INSTALL_TIMEOUT_MS);

describe('alexa-skill-workers new, from the packed package', () => {
  it('ships its templates in the package, and its --help names the choices and an example', () => {
    expect(existsSync(join(base, 'node_modules', packageJson.name, 'templates/base/package.json'))).toBe(true);
    const { code, out } = cli(['new', '--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: alexa-skill-workers new <folder> \[--router hono\|fetch\] \[--tokens jwt\|opaque\|lwa\]/);
    expect(out).toContain('Example:');
  });

  it.each(COMBINATIONS)('--router %s --tokens %s: writes the skill, which type-checks against the packed kit', (router, tokens) => {
    const folder = `skill-${router}-${tokens}`;
    const { code, out, err } = cli(['new', folder, '--router', router, '--tokens', tokens, '--locale', 'fr-FR', '--name', 'Skill Check']);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toContain(`into ${folder}`);
    expect(out).toMatch(/Next:\n {2}cd .*\n {2}npm install\n {2}npm test\n/);
    const dir = join(base, folder);
    expect(filesOf(dir)).toEqual([...FILES, 'skill-package/interactionModels/custom/fr-FR.json', 'src/strings/fr.ts'].sort());
    for (const file of filesOf(dir)) expect(readFileSync(join(dir, file), 'utf8'), file).not.toMatch(/\{\{\w+\}\}/);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(manifest.name).toBe(folder);
    expect(Object.keys(manifest.dependencies!).sort()).toEqual(router === 'hono' ? ['alexa-skill-workers', 'ask-sdk-core', 'hono'] : ['alexa-skill-workers', 'ask-sdk-core']);
    expect(manifest['alexa-skill-workers']).toMatchObject({ provider: { local: {} }, skill: { vars: { ALEXA_TRUSTED_ROOTS_PEM: '{ca.root}', ALEXA_DEV_CERT_CHAIN_PEM: '{ca.chain}' } } });
    // The toolchain the kit README names, at its versions.
    const readme = readFileSync(join(kitDir, 'README.md'), 'utf8');
    for (const [tool, version] of Object.entries(manifest.devDependencies as Record<string, string>)) expect(readme, tool).toContain(`${tool}@${version}`);
    // The skill package and the section together: the command line resolves the skill's words in both locales.
    const said = cli(['resolve', '--cwd', folder, '--json', 'ask skill check who am i']);
    expect(JSON.parse(said.out)).toMatchObject({ intent: { name: 'WhoAmIIntent' } });
    const dit = cli(['resolve', '--cwd', folder, '--json', '--locale', 'fr-FR', '--in-session', 'qui suis je']);
    expect(JSON.parse(dit.out)).toMatchObject({ intent: { name: 'WhoAmIIntent' } });
    expect(() => run(process.execPath, [resolve(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', '.'], dir)).not.toThrow();
  }, INSTALL_TIMEOUT_MS);

  it("writes the package.json docs/cli.md shows for `new my-skill` (every default)", () => {
    expect(cli(['new', 'my-skill']).code).toBe(0);
    const page = 'packages/alexa-skill-workers/docs/cli.md';
    const shown = scan(page, readFileSync(join(root, page), 'utf8')).blocks.find((block) => block.file === 'package.json');
    expect(shown?.code).toBe(readFileSync(join(base, 'my-skill/package.json'), 'utf8'));
  });

  it.each([
    [['new', 'bad', '--router', 'express'], 2, /^Error: --router must be one of hono, fetch \(not "express"\)$/],
    [['new', 'bad', '--tokens', 'saml'], 2, /^Error: --tokens must be one of jwt, opaque, lwa \(not "saml"\)$/],
    [['new', 'bad', '--locale', 'xx-YY'], 2, /^Error: --locale must be a locale tag other than en-US/],
    [['new', 'bad', '--name', 'Bob "the" <skill>'], 2, /^Error: --name must start with a letter/],
    [['new', 'bad', '--colour', 'red'], 2, /^Error: Unknown option '--colour'.*See: alexa-skill-workers new --help$/],
    [['new'], 2, /^Error: name one folder to write the skill into/],
    [['new', 'skill-hono-jwt'], 1, /^Error: .*skill-hono-jwt exists and is not empty: name a new folder \(or an empty one\)$/],
  ])('refuses %j in one line, exit %i, writing nothing', (args, code, line) => {
    const result = cli(args);
    expect(result.code).toBe(code);
    expect(result.err.trim().split('\n')).toHaveLength(1);
    expect(result.err.trim()).toMatch(line);
    expect(existsSync(join(base, 'bad'))).toBe(false);
  });

  it('refuses a file in the way, and writes into an empty folder', () => {
    writeFileSync(join(base, 'a-file'), '');
    expect(cli(['new', 'a-file']).err.trim()).toMatch(/a-file exists and is not empty/);
    mkdirSync(join(base, 'empty'));
    expect(cli(['new', 'empty', '--json']).code).toBe(0);
    expect(readdirSync(join(base, 'empty'))).toContain('wrangler.toml');
  });
});

describe.each([
  ['hono', 'jwt'],
  ['fetch', 'lwa'],
])('a new skill (--router %s --tokens %s), installed from the tarball', (router, tokens) => {
  let own = '';
  let dir = '';
  // Its own temporary folder: nothing of the type checks' node_modules above it.
  afterAll(() => {
    if (own) rmSync(own, { recursive: true, force: true });
  }, INSTALL_TIMEOUT_MS);
  beforeAll(() => {
    own = mkdtempSync(join(tmpdir(), 'kit-new-installed-'));
    cpSync(join(base, tarball), join(own, tarball));
    expect(cli(['new', 'skill', '--router', router, '--tokens', tokens], own).code).toBe(0);
    dir = join(own, 'skill');
    installTarball(dir, `../${tarball}`);
  }, INSTALL_TIMEOUT_MS);

  it('runs its own tests green with `npm test`: verification, the locale, the public intent, the card, the linked answer, the cache, the events', () => {
    const output = run('npm', ['test'], dir);
    // NO_COLOR above: Vitest's summary lines as plain text.
    expect(output).toMatch(/Test Files\s+1 passed \(1\)/);
    expect(output).toMatch(/Tests\s+7 passed \(7\)/);
  }, INSTALL_TIMEOUT_MS);

  it('bundles for production (`wrangler deploy --dry-run --env production`), development trust compiled out', () => {
    run('npx', ['wrangler', 'deploy', '--dry-run', '--env', 'production', '--outdir', 'dist'], dir);
    const bundle = readFileSync(join(dir, 'dist/index.js'), 'utf8');
    expect(bundle).toContain('Node built-ins are not bundled');
    expect(bundle).not.toContain('__DEVELOPMENT_TRUST__');
    expect(bundle).toMatch(/allowDevelopmentTrust: false\b/);
  }, INSTALL_TIMEOUT_MS);
});
