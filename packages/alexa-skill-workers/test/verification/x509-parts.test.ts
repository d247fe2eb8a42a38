import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { describe, expect, it } from 'vitest';
import { createTestPki } from '../../src/testing/pki.ts';
import { toHex } from '../../src/lib/bytes.ts';
import { AMAZON_ROOTS_PEM } from '../../src/verification/amazon-roots.ts';
import { lazyTrustAnchors, parseTrustAnchors, validateChain } from '../../src/verification/chain.ts';
import { pemToDer } from '../../src/verification/pem.ts';
import { parseCertificate } from '../../src/verification/x509.ts';
import chain2023 from '../fixtures/alexa/chain-2023/echo-api-cert-12.pem?raw';

// parseCertificate takes subject, issuer and key as slices of the DER it checked, instead of
// encoding each part again; they must be exactly what the ASN.1 library would encode.
describe('certificate parts taken from the DER bytes', () => {
  it.each([
    ['Amazon chain (2023)', () => Promise.resolve(chain2023)],
    ['pinned Amazon roots', () => Promise.resolve(AMAZON_ROOTS_PEM)],
    ['generated RSA chain', async () => { const pki = await createTestPki(); return pki.chainPem + pki.rootPem; }],
    ['generated EC chain', async () => { const pki = await createTestPki({ kind: 'ec' }); return pki.chainPem + pki.rootPem; }],
  ])('match the re-encoded subject, issuer and key: %s', async (_, pem) => {
    for (const der of pemToDer(await pem())) {
      const parsed = parseCertificate(der);
      const tbs = AsnConvert.parse(der, Certificate).tbsCertificate;
      expect(parsed.subject).toBe(toHex(new Uint8Array(AsnConvert.serialize(tbs.subject))));
      expect(parsed.issuer).toBe(toHex(new Uint8Array(AsnConvert.serialize(tbs.issuer))));
      expect(toHex(parsed.spki)).toBe(toHex(new Uint8Array(AsnConvert.serialize(tbs.subjectPublicKeyInfo))));
    }
  });
});

describe('bundled roots read lazily', () => {
  it('have the subjects and certificates of a full parse', () => {
    const lazy = lazyTrustAnchors(AMAZON_ROOTS_PEM);
    const eager = parseTrustAnchors(AMAZON_ROOTS_PEM);
    expect(lazy.map((a) => a.subject)).toEqual(eager.map((a) => a.subject));
    expect(lazy.map((a) => a.certificate())).toEqual(eager.map((a) => a.certificate()));
  });

  it("parse only the root Amazon's chain ends at, once", async () => {
    const parsed: string[] = [];
    const anchors = lazyTrustAnchors(AMAZON_ROOTS_PEM).map((a) => ({
      subject: a.subject,
      certificate: () => {
        parsed.push(a.subject);
        return a.certificate();
      },
    }));
    await validateChain(chain2023, anchors, new Date('2023-06-01T00:00:00Z'));
    expect(parsed).toHaveLength(1);
  });

  it('refuses a bundled root that is not exactly DER, when a chain first needs it', () => {
    const der = pemToDer(AMAZON_ROOTS_PEM)[0]!;
    const trailing = Uint8Array.from([...der, 0]); // one byte after the certificate: its subject still reads
    const pem = `-----BEGIN CERTIFICATE-----\n${btoa(String.fromCharCode(...trailing))}\n-----END CERTIFICATE-----`;
    const [anchor] = lazyTrustAnchors(pem);
    expect(anchor!.subject).toBe(parseTrustAnchors(AMAZON_ROOTS_PEM)[0]!.subject);
    expect(() => anchor!.certificate()).toThrow(expect.objectContaining({ code: 'CERT_MALFORMED' }));
  });
});
