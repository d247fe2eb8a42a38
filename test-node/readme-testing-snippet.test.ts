import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SKILL_ID, type TestPki } from 'alexa-skill-workers/testing';
import { kitEntryUrl, kitVerifier, quietLog } from './support/kit-verifier.ts';

const ROOT = join(import.meta.dirname, '..');
const YEAR_MS = 365 * 86_400_000;

/** The page that shows the kit's testing snippet (the quick start's tests, which use it too, run in quick-start.test.ts). */
const PAGE = 'packages/alexa-skill-workers/docs/testing.md';

/**
 * The kit's "Test your skill like Alexa would call it" snippet, as written on PAGE: the `ts` block
 * after that sentence, its `alexa-skill-workers/<entry>` imports pointed at the files Node loads for
 * them (the written file lies outside the repository, where the package's name does not resolve),
 * with its `pki` and `request` exported so the test can verify what it made.
 */
function documentedTestingSnippet(): string {
  const page = readFileSync(join(ROOT, PAGE), 'utf8');
  const after = page.split('Test your skill like Alexa would call it:')[1];
  const code = /^```ts\n([\s\S]*?)^```$/m.exec(after ?? '')?.[1];
  if (!code) throw new Error(`${PAGE} has no testing snippet after "Test your skill like Alexa would call it:"`);
  const entries = code.replace(/'(alexa-skill-workers(?:\/[a-z-]+)?)'/g, (_, entry: string) => `'${kitEntryUrl(entry)}'`);
  return `${entries}\nexport { pki, request };\n`;
}

let dir: string | undefined;
afterEach(() => {
  vi.useRealTimers();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Runs the snippet on whatever clock is current, and verifies its request as the Worker under test would. */
async function runSnippet() {
  dir = mkdtempSync(join(tmpdir(), 'readme-snippet-'));
  const file = join(dir, 'testing-snippet.ts');
  writeFileSync(file, documentedTestingSnippet());
  const { pki, request } = (await import(pathToFileURL(file).href)) as { pki: TestPki; request: Request };
  // "the Worker under test trusts the PKI: trustedRootsPem: pki.rootPem, devCertChainPem: pki.chainPem"
  const verifier = kitVerifier(SKILL_ID, pki.rootPem, pki.chainPem);
  return { pki, envelope: await verifier.verify(request, { now: new Date(), log: quietLog }) };
}

describe("the kit's testing snippet (packages/alexa-skill-workers/docs/api.md)", () => {
  it('makes a request that verifies, on the real clock', async () => {
    const { envelope } = await runSnippet();
    expect(envelope.request.type).toBe('IntentRequest');
  });

  it.each([
    ['two years ahead', 2 * YEAR_MS],
    ['ten years ahead', 10 * YEAR_MS],
  ])('makes a request that verifies with the clock %s: the test CA is valid from when it is made', async (_, ahead) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + ahead);
    const { pki, envelope } = await runSnippet();
    expect(envelope.request.type).toBe('IntentRequest');
    expect(pki.notBefore.getTime()).toBeLessThanOrEqual(Date.now());
    expect(pki.notAfter.getTime()).toBeGreaterThan(Date.now());
  });
});
