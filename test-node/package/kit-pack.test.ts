import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importEach, installPacked, typeCheck, type Resolution } from './consumer.ts';
import { CLI_ENTRY, kitDir, kitEntries, packageJson, root } from './entries.ts';

// What `npm pack` would publish, checked three ways: the exact file list (a committed, reviewable
// list), the emitted types as a consumer resolves them (moduleResolution nodenext and bundler),
// and the emitted ESM as Node loads it. One pack, shared, of the dist/ the node project's global
// setup built (test-node/support/build-kit.ts): `--ignore-scripts`, so that prepack does not rebuild
// dist/ under the other tests, which load it; that prepack builds is checked below.

const EXPECTED = resolve(root, 'test-node/fixtures/pack-files.txt');
const PACK_TIMEOUT_MS = 180_000;
const RESOLUTIONS: Resolution[] = ['nodenext', 'bundler'];

let packed: string[] = [];
const temporary: string[] = [];
const consumerDir = () => temporary[temporary.push(mkdtempSync(join(tmpdir(), 'kit-consumer-'))) - 1]!;

beforeAll(() => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: kitDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const [pack] = JSON.parse(out.slice(out.indexOf('['))) as [{ files: { path: string }[] }];
  packed = pack.files.map((file) => file.path).sort();
}, PACK_TIMEOUT_MS);

afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('builds dist/ first (prepack), so what is published is made from src/', () => {
    expect(packageJson.scripts?.prepack).toBe('npm run build');
    expect(packageJson.scripts?.build).toContain('tsc -p tsconfig.build.json');
  });

  it('lists exactly the files in test-node/fixtures/pack-files.txt', () => {
    const expected = readFileSync(EXPECTED, 'utf8').split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    expect({ unexpected: packed.filter((f) => !expected.includes(f)), missing: expected.filter((f) => !packed.includes(f)) }).toEqual({
      unexpected: [],
      missing: [],
    });
  });

  it('holds a .js and a .d.ts for every kit module, and the files every export names', () => {
    const modules = readdirSync(resolve(kitDir, 'src'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => `dist/${f.replaceAll('\\', '/').replace(/\.ts$/, '')}`);
    expect(modules.length).toBeGreaterThan(kitEntries.length);
    for (const module of modules) expect(packed).toEqual(expect.arrayContaining([`${module}.js`, `${module}.d.ts`]));
    for (const target of Object.values(packageJson.exports).flatMap((t) => (typeof t === 'string' ? [t] : [t.types, t.default]))) {
      expect(packed).toContain(target.replace(/^\.\//, ''));
    }
  });
});

/** Uses each entry through the package name; each `@ts-expect-error` fails if the types resolved to `any`. */
const CONSUMER_TS = `
import { Hono } from 'hono';
import { alexaEndpoint, createAlexaVerifier, type AlexaVerifier } from 'alexa-skill-workers';
import { ConfigError, errorCode, type ErrorCode } from 'alexa-skill-workers/errors';
import { alexaVerifier } from 'alexa-skill-workers/hono';
import { LoginWithAmazonValidator, type TokenValidator } from 'alexa-skill-workers/linking';
import { linkingPolicy, type LinkingPolicy } from 'alexa-skill-workers/ask-sdk';
import { createTestPki, type TestPki } from 'alexa-skill-workers/testing';

export const verifier: AlexaVerifier = createAlexaVerifier({ skillId: 'amzn1.ask.skill.x' });
// @ts-expect-error skillId is a string
createAlexaVerifier({ skillId: 42 });
export const endpoint = alexaEndpoint({ verifier: { skillId: 'amzn1.ask.skill.x' }, answer: () => ({ version: '1.0', response: {} }) });

export const code: ErrorCode | 'INTERNAL_ERROR' = errorCode(new ConfigError('x', 'y'));
// @ts-expect-error a code is one of the union
export const notACode: ErrorCode = 'NOT_A_CODE';

export const app = new Hono().post('/', alexaVerifier({ skillId: 'amzn1.ask.skill.x' }), (c) => c.text(c.var.alexa.request.type));
// @ts-expect-error not a verifier source
alexaVerifier(42);

export const lwa: TokenValidator = new LoginWithAmazonValidator({ clientId: 'amzn1.application-oa2-client.x' });
// @ts-expect-error the client ID is a string
new LoginWithAmazonValidator({ clientId: 42 });

export const policy: LinkingPolicy = linkingPolicy({ linkedIntents: ['OrderCar'] });
// @ts-expect-error intent names are strings
linkingPolicy({ linkedIntents: 42 });

export const pki: Promise<TestPki> = createTestPki();
// @ts-expect-error a key kind is 'rsa' or 'ec'
void createTestPki({ kind: 'dsa' });
`;

/** The Node-only entry, as a project's own script uses it, type-checked with Node's types. */
const NODE_CONSUMER_TS = `
import { loadOrCreateDevCa, spawnGroup, stopGroup, type DevCa, type DevExtension } from 'alexa-skill-workers/cli';

export const ca: Promise<DevCa> = loadOrCreateDevCa('.alexa-skill-workers/ca.json');
export const child = spawnGroup(process.execPath, ['-e', ''], { stdio: 'ignore' });
export const stopped: Promise<void> = stopGroup(child.pid!);
export const extension: DevExtension = async ({ skillUrl }) => ({ lines: [skillUrl] });
// @ts-expect-error the file is a string
void loadOrCreateDevCa(42);
`;

describe('the packed package, installed in a consumer project', () => {
  let dir = '';
  beforeAll(() => {
    dir = consumerDir();
    installPacked(dir, packed, { withPeers: true });
    writeFileSync(join(dir, 'consumer.ts'), CONSUMER_TS);
    writeFileSync(join(dir, 'node-consumer.ts'), NODE_CONSUMER_TS);
  });

  it('the consumers use every entry of "exports", the Node-only one from Node', () => {
    expect(kitEntries.filter((entry) => entry !== CLI_ENTRY && !CONSUMER_TS.includes(`'${entry}'`))).toEqual([]);
    expect(NODE_CONSUMER_TS).toContain(`'${CLI_ENTRY}'`);
  });

  it.each(RESOLUTIONS)('type-checks with moduleResolution %s (the kit’s .d.ts checked too)', (resolution) => {
    expect(typeCheck(dir, resolution)).toBe('');
  }, PACK_TIMEOUT_MS);

  it.each(RESOLUTIONS)('type-checks the Node-only entry with Node’s types, moduleResolution %s', (resolution) => {
    expect(typeCheck(dir, resolution, { file: 'node-consumer.ts', node: true })).toBe('');
  }, PACK_TIMEOUT_MS);

  it('loads every entry as ESM in Node, through "exports"', () => {
    expect(importEach(dir, kitEntries)).toBe('');
  });
});

// hono and ask-sdk-core are optional peer dependencies: a skill that only verifies requests and
// validates tokens installs neither.
describe('the packed package, without its optional peer dependencies', () => {
  const LEAN_TS = `
import { createAlexaVerifier, type AlexaVerifier } from 'alexa-skill-workers';
import { LoginWithAmazonValidator, type TokenValidator } from 'alexa-skill-workers/linking';
export const verifier: AlexaVerifier = createAlexaVerifier({ skillId: 'amzn1.ask.skill.x' });
export const lwa: TokenValidator = new LoginWithAmazonValidator({ clientId: 'amzn1.application-oa2-client.x' });
`;
  let dir = '';
  beforeAll(() => {
    dir = consumerDir();
    installPacked(dir, packed, { withPeers: false });
    writeFileSync(join(dir, 'consumer.ts'), LEAN_TS);
  });

  it('type-checks a consumer of the root entry and linking', () => {
    expect(typeCheck(dir, 'nodenext')).toBe('');
  }, PACK_TIMEOUT_MS);

  it('loads the root entry, errors and linking in Node; ask-sdk fails there (its peer ask-sdk-core is really absent)', () => {
    expect(importEach(dir, ['alexa-skill-workers', 'alexa-skill-workers/errors', 'alexa-skill-workers/linking'])).toBe('');
    expect(importEach(dir, ['alexa-skill-workers/ask-sdk'])).toMatch(/Cannot find package 'ask-sdk-core'/);
  });
});
