import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { describe, expect, it } from 'vitest';
import { createTestPki } from '../../tools/alexa/pki';
import { toHex } from '../../src/lib/bytes';
import { AMAZON_ROOTS_PEM } from '../../src/verification/amazon-roots';
import { pemToDer } from '../../src/verification/pem';
import { parseCertificate } from '../../src/verification/x509';
import chain2023 from '../fixtures/alexa/chain-2023/echo-api-cert-12.pem?raw';

// parseCertificate takes subject, issuer and key as slices of the DER it checked, instead of
// encoding each part again; they must be exactly what the ASN.1 library would encode.
describe('certificate parts taken from the DER bytes', () => {
  it.each([
    ['Amazon chain (2023)', () => Promise.resolve(chain2023)],
    ['pinned Amazon roots', () => Promise.resolve(AMAZON_ROOTS_PEM)],
    ['generated RSA chain', async () => { const pki = await createTestPki('rsa'); return pki.chainPem + pki.rootPem; }],
    ['generated EC chain', async () => { const pki = await createTestPki('ec'); return pki.chainPem + pki.rootPem; }],
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
