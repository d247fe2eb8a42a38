import { beforeAll, describe, expect, it } from 'vitest';
import { KeyUsageFlags } from '@peculiar/asn1-x509';
import { parseTrustAnchors, validateChain } from '../../src/verification/chain.ts';
import { pemToDer } from '../../src/verification/pem.ts';
import { parseCertificate } from '../../src/verification/x509.ts';
import chain2023 from '../fixtures/alexa/chain-2023/echo-api-cert-12.pem?raw';
import { codeOf } from '../support/codes.ts';
import { NOW } from '../support/harness.ts';
import {
  createCertificate,
  createTestPki,
  generateKeyPair,
  spkiWithCurve,
  type CertSpec,
  type TestPki,
} from '../../src/testing/pki.ts';

/** RFC 5280 rules for the certificates of a path, beyond Amazon's minimum. */

let pki: TestPki;
let anchors: ReturnType<typeof parseTrustAnchors>;
/** The test PKI's own validity, for certificates made beside it. */
const dates = () => ({ notBefore: pki.notBefore, notAfter: pki.notAfter });
const INTERMEDIATE = 'Test Intermediate CA (rsa)';
const SECP256K1 = '1.3.132.0.10';
const UNKNOWN_OID = '1.3.6.1.4.1.55555.1';
const NAME_CONSTRAINTS = '2.5.29.30';
const EXT_KEY_USAGE = '2.5.29.37';

beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
  anchors = parseTrustAnchors(pki.rootPem);
});

const leaf = (overrides: Partial<CertSpec> = {}) => createCertificate({ ...pki.leafSpec, ...overrides });
const intermediate = (overrides: Partial<CertSpec> = {}) => createCertificate({ ...pki.intermediateSpec, ...overrides });

const codeFor = (pem: string) => codeOf(() => validateChain(pem, anchors, NOW));

describe('keyUsage of issuing certificates (RFC 5280 §4.2.1.3)', () => {
  it('reads Amazon RSA 2048 M01 as Amazon issues it: keyCertSign, pathLenConstraint 0, nothing unknown', () => {
    const [signing, m01] = pemToDer(chain2023).map(parseCertificate);
    expect(m01!.keyUsage! & KeyUsageFlags.keyCertSign).toBeTruthy();
    expect(m01!.pathLenConstraint).toBe(0);
    expect(signing!.keyUsage! & KeyUsageFlags.keyCertSign).toBeFalsy();
    expect([signing, m01].flatMap((cert) => cert!.unknownCriticalExtensions)).toEqual([]);
  });

  it.each([
    ['keyCertSign and cRLSign', ['keyCertSign', 'cRLSign', 'digitalSignature'] as const],
    ['keyCertSign alone', ['keyCertSign'] as const],
  ])('accepts an intermediate whose keyUsage holds %s', async (_, keyUsage) => {
    expect(await codeFor(pki.leafPem + (await intermediate({ keyUsage })))).toBeUndefined();
  });

  it('rejects an intermediate whose keyUsage lacks keyCertSign', async () => {
    const pem = pki.leafPem + (await intermediate({ keyUsage: ['digitalSignature', 'cRLSign'] }));
    expect(await codeFor(pem)).toBe('CERT_KEY_USAGE_INVALID');
  });
});

describe('pathLenConstraint (RFC 5280 §4.2.1.9, §6.1.4 (l), (m))', () => {
  /** root → upper (pathLen given) → lower → signing certificate. */
  async function twoIntermediates(pathLen: number, lowerSelfIssued = false): Promise<string> {
    const lowerKey = await generateKeyPair();
    const lowerName = lowerSelfIssued ? INTERMEDIATE : 'Lower CA';
    const upper = await intermediate({ pathLenConstraint: pathLen });
    const lower = await createCertificate({
      subject: lowerName, issuer: INTERMEDIATE, publicKey: lowerKey.publicKey,
      signingKey: pki.intermediate.privateKey, isCA: true, ...dates(),
    });
    const signing = await leaf({ issuer: lowerName, signingKey: lowerKey.privateKey });
    return signing + lower + upper;
  }

  it('rejects an intermediate below one whose pathLenConstraint is 0', async () => {
    expect(await codeFor(await twoIntermediates(0))).toBe('CERT_PATH_LENGTH_EXCEEDED');
  });

  it('accepts an intermediate below one whose pathLenConstraint is 1', async () => {
    expect(await codeFor(await twoIntermediates(1))).toBeUndefined();
  });

  it('does not count a self-issued intermediate (a key rollover) against pathLenConstraint 0', async () => {
    expect(await codeFor(await twoIntermediates(0, true))).toBeUndefined();
  });

  it('accepts pathLenConstraint 0 on the intermediate right above the signing certificate (as Amazon issues it)', async () => {
    expect(await codeFor(pki.leafPem + (await intermediate({ pathLenConstraint: 0 })))).toBeUndefined();
  });
});

describe('critical extensions (RFC 5280 §4.2: an unknown critical extension refuses the certificate)', () => {
  it.each([
    ['signing certificate', 'leaf'],
    ['intermediate', 'intermediate'],
  ] as const)('rejects an unknown critical extension on the %s', async (_, where) => {
    const extensions = [{ oid: UNKNOWN_OID, critical: true }];
    const pem = where === 'leaf' ? (await leaf({ extensions })) + pki.intermediatePem : pki.leafPem + (await intermediate({ extensions }));
    expect(await codeFor(pem)).toBe('CERT_EXTENSION_UNSUPPORTED');
  });

  it('rejects a critical nameConstraints, which this verifier does not process', async () => {
    const pem = pki.leafPem + (await intermediate({ extensions: [{ oid: NAME_CONSTRAINTS, critical: true }] }));
    expect(await codeFor(pem)).toBe('CERT_EXTENSION_UNSUPPORTED');
  });

  it('ignores an unknown extension that is not critical', async () => {
    const extensions = [{ oid: UNKNOWN_OID, critical: false }];
    expect(await codeFor((await leaf({ extensions })) + (await intermediate({ extensions })))).toBeUndefined();
  });

  it('accepts a critical extKeyUsage on the signing certificate', async () => {
    // ExtKeyUsageSyntax ::= SEQUENCE OF KeyPurposeId: here serverAuth (1.3.6.1.5.5.7.3.1).
    const serverAuth = new Uint8Array([0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01]).buffer;
    const pem = (await leaf({ extensions: [{ oid: EXT_KEY_USAGE, critical: true, value: serverAuth }] })) + pki.intermediatePem;
    expect(await codeFor(pem)).toBeUndefined();
  });
});

describe('keys in the path', () => {
  it('rejects an intermediate with an RSA key under 2048 bits', async () => {
    const weak = await generateKeyPair('rsa', { modulusLength: 1024 });
    const pem = (await leaf({ signingKey: weak.privateKey })) + (await intermediate({ publicKey: weak.publicKey }));
    expect(await codeFor(pem)).toBe('CERT_KEY_UNSUPPORTED');
  });

  it('rejects a signing certificate with an RSA key under 2048 bits', async () => {
    const weak = await generateKeyPair('rsa', { modulusLength: 1024 });
    expect(await codeFor((await leaf({ publicKey: weak.publicKey })) + pki.intermediatePem)).toBe('CERT_KEY_UNSUPPORTED');
  });

  it('rejects an intermediate whose EC key is on a curve other than P-256/384/521 (secp256k1)', async () => {
    const ec = await generateKeyPair('ec');
    const spki = spkiWithCurve((await crypto.subtle.exportKey('spki', ec.publicKey)) as ArrayBuffer, SECP256K1);
    const pem = (await leaf({ signingKey: ec.privateKey })) + (await intermediate({ publicKey: ec.publicKey, spki }));
    expect(await codeFor(pem)).toBe('CERT_KEY_UNSUPPORTED');
  });

  it.each(['P-384', 'P-521'] as const)('accepts an intermediate with an EC %s key', async (namedCurve) => {
    const ec = await generateKeyPair('ec', { namedCurve });
    const pem = (await leaf({ signingKey: ec.privateKey })) + (await intermediate({ publicKey: ec.publicKey }));
    expect(await codeFor(pem)).toBeUndefined();
  });
});

describe('certificate signature algorithms', () => {
  it('rejects a signing certificate signed with SHA-1, with its own code', async () => {
    expect(await codeFor((await leaf({ signatureHash: 'SHA-1' })) + pki.intermediatePem)).toBe(
      'CERT_SIGNATURE_ALGORITHM_UNSUPPORTED',
    );
  });

  it('rejects an intermediate the root signed with SHA-1', async () => {
    expect(await codeFor(pki.leafPem + (await intermediate({ signatureHash: 'SHA-1' })))).toBe(
      'CERT_SIGNATURE_ALGORITHM_UNSUPPORTED',
    );
  });

  it('rejects ecdsa-with-SHA1 from an EC intermediate', async () => {
    const ec = await createTestPki({ kind: 'ec', label: 'Sha1', now: NOW });
    const signing = await createCertificate({
      subject: 'echo-api.amazon.com', issuer: 'Sha1 Intermediate CA (ec)', publicKey: ec.leaf.publicKey,
      signingKey: ec.intermediate.privateKey, isCA: false, dnsNames: ['echo-api.amazon.com'], signatureHash: 'SHA-1', ...dates(),
    });
    expect(await codeOf(() => validateChain(signing + ec.intermediatePem, parseTrustAnchors(ec.rootPem), NOW))).toBe(
      'CERT_SIGNATURE_ALGORITHM_UNSUPPORTED',
    );
  });
});
