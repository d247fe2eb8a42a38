import { beforeAll, describe, expect, it } from 'vitest';
import { importSigningKey } from '../../src/verification/algorithms.ts';
import { parseCertificate } from '../../src/verification/x509.ts';
import { pemToDer } from '../../src/verification/pem.ts';
import { launchRequest } from '../../src/testing/envelopes.ts';
import { createCertificate, createTestPki, generateKeyPair, spkiWithKeyBits, type TestPki } from '../../src/testing/pki.ts';
import { codeOf } from '../support/codes.ts';
import { CERT_URL, KitHarness, NOW, rootsOnly } from '../support/harness.ts';

let pki: TestPki;
let rsaSpki: ArrayBuffer;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
  rsaSpki = (await crypto.subtle.exportKey('spki', pki.leaf.publicKey)) as ArrayBuffer;
});

/** Bytes in an RSA SubjectPublicKeyInfo that are no RSAPublicKey: it parses as X.509, WebCrypto refuses it. */
const NOT_A_KEY = Uint8Array.from({ length: 270 }, (_, i) => (i * 37) & 0xff);

function signingCertificate(overrides: { spki?: ArrayBuffer; publicKey?: CryptoKey } = {}): Promise<string> {
  return createCertificate({ ...pki.leafSpec, ...overrides });
}

describe('the signing certificate key', () => {
  it('turns a key WebCrypto refuses into CERT_KEY_INVALID, not an exception without a code', async () => {
    const cert = parseCertificate(pemToDer(pki.leafPem)[0]!);
    const broken = { ...cert, spki: new Uint8Array(spkiWithKeyBits(rsaSpki, NOT_A_KEY)) };
    expect(await codeOf(() => importSigningKey(broken))).toBe('CERT_KEY_INVALID');
  });

  it('answers 400 with CERT_KEY_INVALID, never 500, when the served signing certificate key does not import', async () => {
    const pem = (await signingCertificate({ spki: spkiWithKeyBits(rsaSpki, NOT_A_KEY) })) + pki.intermediatePem;
    const skill = new KitHarness(pki, { trust: rootsOnly(pki) }).serveChain(CERT_URL, pem);
    const res = await skill.send(launchRequest({ timestamp: NOW }));
    expect(res.status).toBe(400);
    expect(skill.log.lines).toContainEqual(expect.objectContaining({ event: 'request_rejected', code: 'CERT_KEY_INVALID' }));
    expect(skill.log.lines.map((l) => l.event)).not.toContain('unhandled_error');
  });

  it('refuses an EC signing key with CERT_KEY_UNSUPPORTED: Signature-256 is RSA', async () => {
    const ec = await generateKeyPair('ec');
    const pem = (await signingCertificate({ publicKey: ec.publicKey })) + pki.intermediatePem;
    const skill = new KitHarness(pki, { trust: rootsOnly(pki) }).serveChain(CERT_URL, pem);
    expect((await skill.send(launchRequest({ timestamp: NOW }))).status).toBe(400);
    expect(skill.log.codes()).toContain('CERT_KEY_UNSUPPORTED');
  });
});
