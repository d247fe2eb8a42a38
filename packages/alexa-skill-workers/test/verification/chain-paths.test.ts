import { beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_SIGNATURE_CHECKS, parseTrustAnchors, validateChain } from '../../src/verification/chain.ts';
import { codeOf } from '../support/codes.ts';
import { NOW } from '../support/harness.ts';
import {
  createCertificate,
  createTestPki,
  generateKeyPair,
  type CertSpec,
  type TestPki,
} from '../../src/testing/pki.ts';

/** Path building (RFC 4158): every issuer with the matching name is a candidate, not the first one. */

let pki: TestPki;
let anchors: ReturnType<typeof parseTrustAnchors>;
/** The test PKI's own validity, for certificates made beside it. */
const dates = () => ({ notBefore: pki.notBefore, notAfter: pki.notAfter });

beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
  anchors = parseTrustAnchors(pki.rootPem);
});

const intermediate = (overrides: Partial<CertSpec> = {}) => createCertificate({ ...pki.intermediateSpec, ...overrides });

describe('path building over issuers with the same name', () => {
  it.each([
    ['with another key', async () => intermediate({ publicKey: (await generateKeyPair()).publicKey })],
    ['that has expired', () => intermediate({ notAfter: new Date('2026-05-01T00:00:00Z') })],
    ['that is not a CA', () => intermediate({ isCA: false })],
    ['whose keyUsage forbids signing certificates', () => intermediate({ keyUsage: ['digitalSignature'] })],
    ['that the pinned root did not sign', async () => intermediate({ signingKey: (await generateKeyPair()).privateKey })],
  ])('finds the right intermediate after a same-name one %s', async (_, decoy) => {
    const pem = pki.leafPem + (await decoy()) + pki.intermediatePem;
    expect(await codeOf(() => validateChain(pem, anchors, NOW))).toBeUndefined();
  });

  it('tries every pinned root with the matching name', async () => {
    const impostor = await createTestPki({ label: 'Test', now: NOW });
    const roots = parseTrustAnchors(impostor.rootPem + pki.rootPem);
    expect(roots[0]!.subject).toBe(roots[1]!.subject);
    await expect(validateChain(pki.chainPem, roots, NOW)).resolves.toBeDefined();
  });

  it('reports the failure that got furthest when no candidate works, and the first one on a tie', async () => {
    const expired = await intermediate({ notAfter: new Date('2026-05-01T00:00:00Z') });
    const wrongKey = await intermediate({ publicKey: (await generateKeyPair()).publicKey });
    const unsignedByRoot = await intermediate({ signingKey: (await generateKeyPair()).privateKey });
    const code = (...intermediates: string[]) =>
      codeOf(() => validateChain(pki.leafPem + intermediates.join(''), anchors, NOW));
    // `unsignedByRoot` gets one step further (it did sign the signing certificate) than `expired`.
    expect(await code(expired, unsignedByRoot)).toBe('CERT_CHAIN_SIGNATURE_INVALID');
    expect(await code(unsignedByRoot, expired)).toBe('CERT_CHAIN_SIGNATURE_INVALID');
    expect(await code(expired, wrongKey)).toBe('CERT_NOT_VALID_NOW');
    expect(await code(wrongKey, expired)).toBe('CERT_CHAIN_SIGNATURE_INVALID');
  });

  it(`gives up after ${MAX_SIGNATURE_CHECKS} signature checks on a bundle of same-name issuers that sign each other`, async () => {
    // Four keys, two certificates for each, every one named "Loop CA" and signed by the next key:
    // each step has two valid issuers, so an unbounded search would try 2^n paths.
    const keys = await Promise.all([0, 1, 2, 3].map(() => generateKeyPair()));
    const loop = { subject: 'Loop CA', issuer: 'Loop CA', isCA: true, ...dates() };
    const certs: string[] = [];
    for (const [i, key] of keys.entries()) {
      const next = keys[(i + 1) % keys.length]!;
      for (const serial of [1, 2]) {
        certs.push(await createCertificate({ ...loop, publicKey: key.publicKey, signingKey: next.privateKey, serial }));
      }
    }
    const signing = await createCertificate({
      subject: 'echo-api.amazon.com', issuer: 'Loop CA', publicKey: pki.leaf.publicKey, signingKey: keys[0]!.privateKey,
      isCA: false, dnsNames: ['echo-api.amazon.com'], ...dates(),
    });
    const verify = vi.spyOn(crypto.subtle, 'verify');
    expect(await codeOf(() => validateChain(signing + certs.join(''), anchors, NOW))).toBe('CERT_CHAIN_UNTRUSTED');
    expect(verify.mock.calls.length).toBeLessThanOrEqual(MAX_SIGNATURE_CHECKS);
  });
});
