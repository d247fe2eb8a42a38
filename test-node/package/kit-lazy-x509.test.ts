import { build, type Plugin } from 'esbuild';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type * as Kit from 'alexa-skill-workers';
import { createTestPki, launchRequest, signBody, SKILL_ID } from 'alexa-skill-workers/testing';
import { root } from './entries.ts';

// The X.509/ASN.1 stack (asn1js, pvutils, @peculiar/asn1-*, the kit's x509, chain and algorithms
// modules) is reached only through `import('./x509-stack.ts')`: bundled as wrangler bundles it
// (esbuild, dependencies included, no splitting), it is evaluated the first time a chain is
// validated, not when the bundle starts, not when a verifier is made. Each of its modules is
// marked here so that its evaluation is recorded.

const LAZY = /node_modules\/(asn1js|pvutils|@peculiar\/asn1-[a-z]+)\/|src\/verification\/(x509|chain|algorithms|x509-stack)\.ts$/;

interface Loaded { __evaluated?: string[] }
const evaluated = () => ((globalThis as Loaded).__evaluated ??= []);

const markEvaluation: Plugin = {
  name: 'mark-evaluation',
  setup(b) {
    b.onLoad({ filter: LAZY }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const mark = `(globalThis.__evaluated ??= []).push(${JSON.stringify(args.path.slice(root.length))});\n`;
      const loader = args.path.endsWith('.ts') ? 'ts' : 'js';
      // After the imports (an ES module's are hoisted anyway), so the mark runs when the module body does.
      return { contents: `${source}\n;${mark}`, loader, resolveDir: resolve(args.path, '..') };
    });
  },
};

async function bundledKit(): Promise<typeof Kit> {
  const dir = mkdtempSync(join(tmpdir(), 'kit-lazy-'));
  const result = await build({
    absWorkingDir: root,
    entryPoints: [resolve(root, 'packages/alexa-skill-workers/src/index.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    write: false,
    logLevel: 'silent',
    plugins: [markEvaluation],
  });
  const file = join(dir, 'kit.mjs');
  writeFileSync(file, result.outputFiles[0]!.text);
  return (await import(pathToFileURL(file).href)) as typeof Kit;
}

describe('the X.509/ASN.1 stack, bundled as wrangler bundles the kit', () => {
  it('is evaluated on the first chain validation, not at startup nor when the verifier is made', async () => {
    const kit = await bundledKit();
    expect(evaluated()).toEqual([]);

    const pki = await createTestPki();
    const verifier = kit.createAlexaVerifier({ skillId: SKILL_ID, log: { info() {}, warn() {}, error() {} }, ...pki.trust });
    expect(evaluated()).toEqual([]);

    const body = JSON.stringify(launchRequest({ timestamp: new Date() }));
    const headers = { SignatureCertChainUrl: 'https://s3.amazonaws.com/echo.api/echo-api-cert-test.pem', 'Signature-256': await signBody(body, pki.leaf.privateKey) };
    await verifier.verify(new Request('https://skill.test/', { method: 'POST', body, headers }), { now: new Date(), log: { info() {}, warn() {}, error() {} } });
    expect(evaluated()).toEqual(expect.arrayContaining(['/packages/alexa-skill-workers/src/verification/x509-stack.ts', expect.stringContaining('node_modules/asn1js/')]));
  });
});
