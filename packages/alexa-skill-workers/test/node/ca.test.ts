import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateDevCa, loadSigningCa } from '../../src/cli/ca.ts';
import { statePaths } from '../../src/cli/state.ts';
import { createTestPki } from '../../src/testing/pki.ts';

/** One CA for the whole command line (src/cli/ca.ts): what `dev` writes in the state folder is what `simulate`, `link` and `certify` sign with. */
describe('the local CA in the state folder', () => {
  let state: string;
  beforeEach(() => {
    state = mkdtempSync(join(tmpdir(), 'cli-ca-'));
  });
  afterEach(() => rmSync(state, { recursive: true, force: true }));

  it("signs with the key of the CA dev made in <state>/ca.json", async () => {
    const made = await loadOrCreateDevCa(statePaths(state).ca);
    const signing = await loadSigningCa(state);
    const body = new TextEncoder().encode('{"version":"1.0"}');
    const algorithm = { name: 'RSASSA-PKCS1-v1_5' };
    const [a, b] = await Promise.all([crypto.subtle.sign(algorithm, made.signingKey, body), crypto.subtle.sign(algorithm, signing.signingKey, body)]);
    expect(Buffer.from(b)).toEqual(Buffer.from(a)); // PKCS#1 v1.5 signatures are deterministic: the same key
    expect(signing.certUrl).toBe('https://s3.amazonaws.com/echo.api/echo-api-cert-local-dev.pem');
  });

  it('never makes one: with no CA yet, one line says to start dev', async () => {
    await expect(loadSigningCa(state)).rejects.toThrow(`there is no local CA at ${join(state, 'ca.json')} yet: start the skill with \`dev\` (npm run dev) once, which makes it`);
  });

  it('refuses a file that is not a whole CA (a key without its certificates)', async () => {
    const pki = await createTestPki({ label: 'CA test' });
    const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', pki.leaf.privateKey)).toString('base64');
    writeFileSync(statePaths(state).ca, JSON.stringify({ signingKeyPkcs8: pkcs8 }));
    await expect(loadSigningCa(state)).rejects.toThrow(`${join(state, 'ca.json')} is not a local CA: delete it and start \`dev\` again`);
  });
});
