import {
  createCertificate,
  generateKeyPair,
  spkiWithCurve,
  type CertSpec,
  type TestPki,
} from '../../src/testing/pki.ts';

/** Chains for the test PKI's signing key that a verifier must accept, and ones it must refuse (with the code). */
export interface ChainVariants {
  readonly accepted: readonly { name: string; pem: string }[];
  readonly refused: readonly { name: string; pem: string; code: string }[];
}

/** Builds the variants once: generating keys is the slow part. */
export async function chainVariants(pki: TestPki): Promise<ChainVariants> {
  const dates = { notBefore: pki.notBefore, notAfter: pki.notAfter };
  const leaf = (overrides: Partial<CertSpec> = {}) =>
    createCertificate({
      subject: 'echo-api.amazon.com', issuer: 'Test Intermediate CA (rsa)', publicKey: pki.leaf.publicKey,
      signingKey: pki.intermediate.privateKey, isCA: false, dnsNames: ['echo-api.amazon.com'], ...dates, ...overrides,
    });
  const intermediate = (overrides: Partial<CertSpec> = {}) =>
    createCertificate({
      subject: 'Test Intermediate CA (rsa)', issuer: 'Test Root CA (rsa)', publicKey: pki.intermediate.publicKey,
      signingKey: pki.root.privateKey, isCA: true, ...dates, ...overrides,
    });
  const [stranger, weak, ec] = await Promise.all([
    generateKeyPair(),
    generateKeyPair('rsa', { modulusLength: 1024 }),
    generateKeyPair('ec'),
  ]);
  const ecSpki = (await crypto.subtle.exportKey('spki', ec.publicKey)) as ArrayBuffer;
  const unknownCritical = [{ oid: '1.3.6.1.4.1.55555.1', critical: true }];

  return {
    accepted: [
      { name: 'as generated', pem: pki.chainPem },
      { name: 'decoy with another key first', pem: pki.leafPem + (await intermediate({ publicKey: stranger.publicKey })) + pki.intermediatePem },
      { name: 'expired decoy first', pem: pki.leafPem + (await intermediate({ notAfter: pki.notBefore })) + pki.intermediatePem },
      { name: 'as Amazon issues it', pem: pki.leafPem + (await intermediate({ pathLenConstraint: 0, keyUsage: ['keyCertSign', 'cRLSign'] })) },
      { name: 'unknown extension, not critical', pem: (await leaf({ extensions: [{ oid: '1.3.6.1.4.1.55555.1', critical: false }] })) + pki.intermediatePem },
    ],
    refused: [
      { name: 'SHA-1 signing certificate', pem: (await leaf({ signatureHash: 'SHA-1' })) + pki.intermediatePem, code: 'CERT_SIGNATURE_ALGORITHM_UNSUPPORTED' },
      { name: 'SHA-1 intermediate', pem: pki.leafPem + (await intermediate({ signatureHash: 'SHA-1' })), code: 'CERT_SIGNATURE_ALGORITHM_UNSUPPORTED' },
      { name: 'intermediate without keyCertSign', pem: pki.leafPem + (await intermediate({ keyUsage: ['digitalSignature'] })), code: 'CERT_KEY_USAGE_INVALID' },
      { name: 'unknown critical extension', pem: (await leaf({ extensions: unknownCritical })) + pki.intermediatePem, code: 'CERT_EXTENSION_UNSUPPORTED' },
      { name: 'RSA-1024 intermediate', pem: (await leaf({ signingKey: weak.privateKey })) + (await intermediate({ publicKey: weak.publicKey })), code: 'CERT_KEY_UNSUPPORTED' },
      {
        name: 'secp256k1 intermediate',
        pem: (await leaf({ signingKey: ec.privateKey })) + (await intermediate({ publicKey: ec.publicKey, spki: spkiWithCurve(ecSpki, '1.3.132.0.10') })),
        code: 'CERT_KEY_UNSUPPORTED',
      },
      {
        name: 'pathLenConstraint 0 above another intermediate',
        pem:
          (await leaf({ issuer: 'Lower CA', signingKey: stranger.privateKey })) +
          (await createCertificate({ subject: 'Lower CA', issuer: 'Test Intermediate CA (rsa)', publicKey: stranger.publicKey, signingKey: pki.intermediate.privateKey, isCA: true, ...dates })) +
          (await intermediate({ pathLenConstraint: 0 })),
        code: 'CERT_PATH_LENGTH_EXCEEDED',
      },
    ],
  };
}
