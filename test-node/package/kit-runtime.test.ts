import { build, type Metafile } from 'esbuild';
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, runtimeEntries, sourceOf, TESTING_ENTRY } from './entries.ts';

// The runtime entries run on Workers (or any runtime with fetch and WebCrypto): no Node built-in
// is imported, no Node global is read, and the testing entry (a certificate authority) never
// reaches a Worker's bundle. Bundled as a user's bundler would, with the dependencies left out.

/** Node's globals, each replaced by a marker wherever kit code reads it as a free variable. */
const NODE_GLOBALS = ['process', 'Buffer', 'global', '__dirname', '__filename', 'require'];
const MARKER = '__NODE_GLOBAL_';

const bundles = new Map<string, ReturnType<typeof bundleOnce>>();
const bundle = (entry: string) => bundles.get(entry) ?? bundles.set(entry, bundleOnce(entry)).get(entry)!;

async function bundleOnce(entry: string) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: [resolve(root, `packages/alexa-skill-workers/src/${sourceOf(entry)}.ts`)],
    bundle: true,
    platform: 'neutral',
    packages: 'external',
    format: 'esm',
    metafile: true,
    write: false,
    logLevel: 'silent',
    define: Object.fromEntries(NODE_GLOBALS.map((name) => [name, `${MARKER}${name}`])),
  });
  const [output] = Object.values(result.metafile.outputs) as [Metafile['outputs'][string]];
  return { text: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile.inputs), imports: output.imports.map((i) => i.path) };
}

const isNodeBuiltin = (specifier: string) =>
  specifier.startsWith('node:') || builtinModules.includes(specifier) || builtinModules.includes(specifier.split('/')[0]!);

describe('the runtime entries', () => {
  it('are the five the kit API page documents', () => {
    expect(runtimeEntries).toEqual(['alexa-skill-workers', 'alexa-skill-workers/errors', 'alexa-skill-workers/hono', 'alexa-skill-workers/linking', 'alexa-skill-workers/ask-sdk']);
  });

  describe.each(runtimeEntries)('%s', (entry) => {
    it('imports no Node built-in', async () => {
      const { imports } = await bundle(entry);
      // Every entry but the errors (which import nothing) imports a dependency: the check sees imports.
      if (entry !== 'alexa-skill-workers/errors') expect(imports.length).toBeGreaterThan(0);
      expect(imports.filter(isNodeBuiltin)).toEqual([]);
    });

    it('reads no Node global (process, Buffer, require, …)', async () => {
      const { text } = await bundle(entry);
      expect(text.match(new RegExp(`${MARKER}\\w+`, 'g')) ?? []).toEqual([]);
    });

    it('includes only kit modules, and none of the testing entry', async () => {
      const { inputs } = await bundle(entry);
      expect(inputs).toContain(`packages/alexa-skill-workers/src/${sourceOf(entry)}.ts`);
      expect(inputs.filter((file) => !file.startsWith('packages/alexa-skill-workers/src/'))).toEqual([]);
      expect(inputs.filter((file) => file.startsWith('packages/alexa-skill-workers/src/testing/') || file === 'packages/alexa-skill-workers/src/testing.ts')).toEqual([]);
    });

    it("reaches neither the local provider's Worker nor its OAuth library (a development tool)", async () => {
      const { inputs, imports } = await bundle(entry);
      expect(inputs.filter((file) => file.startsWith('packages/alexa-skill-workers/src/provider/'))).toEqual([]);
      expect(imports.filter((specifier) => specifier.startsWith('@cloudflare/workers-oauth-provider'))).toEqual([]);
    });
  });
});

// The local provider's Worker is the one module of the kit that imports @cloudflare/workers-oauth-provider.
describe("the local provider's Worker", () => {
  it('imports the OAuth library and no Node built-in', async () => {
    const { imports } = await bundle('alexa-skill-workers/provider/index');
    expect(imports).toContain('@cloudflare/workers-oauth-provider');
    expect(imports.filter(isNodeBuiltin)).toEqual([]);
  });
});

// The testing entry runs in users' tests, in workerd (test/ imports it) as in Node: WebCrypto only.
describe('alexa-skill-workers/testing', () => {
  it('imports no Node built-in and reads no Node global', async () => {
    const { text, imports } = await bundle(TESTING_ENTRY);
    expect(imports.filter(isNodeBuiltin)).toEqual([]);
    expect(text.match(new RegExp(`${MARKER}\\w+`, 'g')) ?? []).toEqual([]);
  });
});

