import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kitEntries, packageJson, root } from './entries.ts';

// What `npm pack` would publish, checked three ways: the exact file list (a committed, reviewable
// list), the emitted types as a consumer resolves them (moduleResolution nodenext and bundler),
// and the emitted ESM as Node loads it. One pack (prepack runs `npm run build:kit`), shared.

const EXPECTED = resolve(root, 'test-node/fixtures/pack-files.txt');
const PACK_TIMEOUT_MS = 180_000;

/** Runs a command; '' when it succeeds, else what it printed (so a failure shows tsc's errors). */
function failureOf(command: string, args: string[], cwd: string): string {
  try {
    execFileSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe' });
    return '';
  } catch (error) {
    const { stdout, stderr, message } = error as { stdout?: string; stderr?: string; message: string };
    return `${stdout ?? ''}${stderr ?? ''}` || message;
  }
}

function expectedFiles(): string[] {
  return readFileSync(EXPECTED, 'utf8').split('\n').filter((line) => line !== '' && !line.startsWith('#'));
}

let packed: string[] = [];
let consumer = '';

beforeAll(() => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const [pack] = JSON.parse(out.slice(out.indexOf('['))) as [{ files: { path: string }[] }];
  packed = pack.files.map((file) => file.path).sort();
  consumer = mkdtempSync(join(tmpdir(), 'kit-consumer-'));
}, PACK_TIMEOUT_MS);

afterAll(() => {
  if (consumer) rmSync(consumer, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('lists exactly the files in test-node/fixtures/pack-files.txt', () => {
    const expected = expectedFiles();
    expect({ unexpected: packed.filter((f) => !expected.includes(f)), missing: expected.filter((f) => !packed.includes(f)) }).toEqual({
      unexpected: [],
      missing: [],
    });
  });

  it('holds a .js and a .d.ts for every kit module, and the files every export names', () => {
    const modules = readdirSync(resolve(root, 'src/kit'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => `dist/${f.replaceAll('\\', '/').replace(/\.ts$/, '')}`);
    expect(modules.length).toBeGreaterThan(kitEntries.length);
    for (const module of modules) expect(packed).toEqual(expect.arrayContaining([`${module}.js`, `${module}.d.ts`]));
    for (const target of Object.values(packageJson.exports).flatMap((t) => (typeof t === 'string' ? [t] : [t.types, t.default]))) {
      expect(packed).toContain(target.replace(/^\.\//, ''));
    }
  });
});

/** A consumer project: the packed files under node_modules, the dependencies linked from this repo. */
function installPacked(dir: string): void {
  const pkg = join(dir, 'node_modules', packageJson.name);
  for (const file of packed) {
    mkdirSync(dirname(join(pkg, file)), { recursive: true });
    cpSync(resolve(root, file), join(pkg, file));
  }
  const deps = [...Object.keys(packageJson.dependencies ?? {}), ...Object.keys(packageJson.peerDependencies ?? {}), '@cloudflare/workers-types'];
  for (const dep of new Set(deps)) {
    mkdirSync(dirname(join(dir, 'node_modules', dep)), { recursive: true });
    symlinkSync(resolve(root, 'node_modules', dep), join(dir, 'node_modules', dep), 'dir');
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
}

/** Uses each entry through the package name; each `@ts-expect-error` fails if the types resolved to `any`. */
const CONSUMER_TS = `
import { Hono } from 'hono';
import { createAlexaVerifier, type AlexaVerifier } from 'alexa-skill-workers/verify';
import { alexaVerifier } from 'alexa-skill-workers/hono';
import { loginWithAmazon, type OpaqueValidationConfig } from 'alexa-skill-workers/linking';
import { linkingPolicy, type LinkingPolicy } from 'alexa-skill-workers/ask-sdk';
import { createTestPki, type TestPki } from 'alexa-skill-workers/testing';

export const verifier: AlexaVerifier = createAlexaVerifier({ skillId: 'amzn1.ask.skill.x' });
// @ts-expect-error skillId is a string
createAlexaVerifier({ skillId: 42 });

export const app = new Hono().post('/', alexaVerifier({ skillId: 'amzn1.ask.skill.x' }), (c) => c.text(c.var.alexa.request.type));
// @ts-expect-error not a verifier source
alexaVerifier(42);

export const lwa: OpaqueValidationConfig = loginWithAmazon('amzn1.application-oa2-client.x');
// @ts-expect-error the client ID is a string
loginWithAmazon(42);

export const policy: LinkingPolicy = linkingPolicy({ linkedIntents: ['OrderCar'] });
// @ts-expect-error intent names are strings
linkingPolicy({ linkedIntents: 42 });

export const pki: Promise<TestPki> = createTestPki();
// @ts-expect-error a key kind is 'rsa' or 'ec'
void createTestPki('dsa');
`;

describe('the packed package, installed in a consumer project', () => {
  beforeAll(() => {
    installPacked(consumer);
    writeFileSync(join(consumer, 'consumer.ts'), CONSUMER_TS);
  });

  it('the consumer uses every entry of "exports"', () => {
    expect(kitEntries.filter((entry) => !CONSUMER_TS.includes(`'${packageJson.name}/${entry}'`))).toEqual([]);
  });

  it.each([
    ['nodenext', { module: 'nodenext', moduleResolution: 'nodenext' }],
    ['bundler', { module: 'esnext', moduleResolution: 'bundler' }],
  ])('type-checks with moduleResolution %s (library .d.ts checked too)', (name, resolution) => {
    const compilerOptions = { ...resolution, target: 'es2022', lib: ['es2023'], types: ['@cloudflare/workers-types'], strict: true, noEmit: true, skipLibCheck: false };
    writeFileSync(join(consumer, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions, files: ['consumer.ts'] }));
    const tsc = resolve(root, 'node_modules/typescript/bin/tsc');
    expect(failureOf(process.execPath, [tsc, '-p', `tsconfig.${name}.json`], consumer)).toBe('');
  }, PACK_TIMEOUT_MS);

  it('loads every entry as ESM in Node, through "exports"', () => {
    const script = `for (const e of ${JSON.stringify(kitEntries)}) { const m = await import('${packageJson.name}/' + e); if (Object.keys(m).length === 0) throw new Error(e); }`;
    expect(failureOf(process.execPath, ['--input-type=module', '-e', script], consumer)).toBe('');
  });
});
