import { beforeAll, describe, expect, it } from 'vitest';
import { AMAZON_ROOTS_PEM } from '../../src/verification/amazon-roots.ts';
import { lazyTrustAnchors, parseTrustAnchors, validateChain } from '../../src/verification/chain.ts';
import { parseCertificate } from '../../src/verification/x509.ts';
import { pemToDer } from '../../src/verification/pem.ts';
import chain2023 from '../fixtures/alexa/chain-2023/echo-api-cert-12.pem?raw';
import chain2019 from '../fixtures/alexa/signed-2019-sha1/echo-api-cert-7.pem?raw';
import body2019 from '../fixtures/alexa/signed-2019-sha1/request-body.json?raw';
import signature2019 from '../fixtures/alexa/signed-2019-sha1/signature-sha1.b64?raw';
import { codeOf } from '../support/codes.ts';
import { NOW } from '../support/harness.ts';
import { createCertificate, createTestPki, generateKeyPair, type CertSpec, type TestPki } from '../../src/testing/pki.ts';

// As the configuration builds them when no roots are overridden (the production path).
const amazonRoots = lazyTrustAnchors(AMAZON_ROOTS_PEM);
let pki: TestPki;
let anchors: ReturnType<typeof parseTrustAnchors>;

beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
  anchors = parseTrustAnchors(pki.rootPem);
});

/** The test PKI's signing certificate, re-issued with the given faults. */
const leaf = (overrides: Partial<CertSpec> = {}) => createCertificate({ ...pki.leafSpec, ...overrides });
const intermediate = (overrides: Partial<CertSpec> = {}) => createCertificate({ ...pki.intermediateSpec, ...overrides });

describe('certificate chain validation with generated certificates', () => {
  it('accepts signing certificate → intermediate → pinned root, and returns the validity window', async () => {
    const chain = await validateChain(pki.chainPem, anchors, NOW);
    expect(chain.signingCertificate.dnsNames).toContain('echo-api.amazon.com');
    expect(chain.notBefore).toEqual(pki.notBefore);
    expect(chain.notAfter).toEqual(pki.notAfter);
  });

  it('accepts an ECDSA root and intermediate (Amazon Root CA 3/4 are EC)', async () => {
    const ec = await createTestPki({ kind: 'ec', now: NOW });
    await expect(validateChain(ec.chainPem, parseTrustAnchors(ec.rootPem), NOW)).resolves.toBeDefined();
  });

  it('stops at the first certificate a pinned root issued, ignoring cross-certificates after it', async () => {
    const strangerKey = await generateKeyPair();
    // A cross-certificate for the test root, issued by a root nobody trusts and long expired.
    const cross = await createCertificate({
      subject: 'Test Root CA (rsa)', issuer: 'Dropped Legacy Root', publicKey: pki.root.publicKey,
      signingKey: strangerKey.privateKey, isCA: true,
      notBefore: new Date('2000-01-01T00:00:00Z'), notAfter: new Date('2001-01-01T00:00:00Z'),
    });
    await expect(validateChain(pki.chainPem + cross, anchors, NOW)).resolves.toBeDefined();
  });

  it('finds the issuer anywhere in the bundle, not only next in order', async () => {
    await expect(validateChain(pki.leafPem + pki.rootPem + pki.intermediatePem, anchors, NOW)).resolves.toBeDefined();
  });

  it.each([
    ['the signing certificate has expired', { notAfter: new Date('2026-05-01T00:00:00Z') }, 'CERT_NOT_VALID_NOW'],
    ['the signing certificate is not yet valid', { notBefore: new Date('2026-07-01T00:00:00Z') }, 'CERT_NOT_VALID_NOW'],
    ['the SAN lacks echo-api.amazon.com', { dnsNames: ['echo-api.example.com'] }, 'CERT_SAN_MISMATCH'],
    ['the SAN is missing', { dnsNames: undefined }, 'CERT_SAN_MISMATCH'],
    ['the SAN only has it as a subdomain', { dnsNames: ['x.echo-api.amazon.com'] }, 'CERT_SAN_MISMATCH'],
  ])('rejects a chain where %s', async (_, faults, code) => {
    const pem = (await leaf(faults)) + pki.intermediatePem;
    expect(await codeOf(() => validateChain(pem, anchors, NOW))).toBe(code);
  });

  it('rejects a signing certificate not signed by its issuer', async () => {
    const other = await generateKeyPair();
    const pem = (await leaf({ signingKey: other.privateKey })) + pki.intermediatePem;
    expect(await codeOf(() => validateChain(pem, anchors, NOW))).toBe('CERT_CHAIN_SIGNATURE_INVALID');
  });

  it('rejects an intermediate the pinned root did not sign', async () => {
    const other = await generateKeyPair();
    const pem = pki.leafPem + (await intermediate({ signingKey: other.privateKey }));
    expect(await codeOf(() => validateChain(pem, anchors, NOW))).toBe('CERT_CHAIN_SIGNATURE_INVALID');
  });

  it('rejects an intermediate that is not a CA', async () => {
    const pem = pki.leafPem + (await intermediate({ isCA: false }));
    expect(await codeOf(() => validateChain(pem, anchors, NOW))).toBe('CERT_ISSUER_NOT_CA');
  });

  it('rejects an intermediate without basicConstraints', async () => {
    const pem = pki.leafPem + (await intermediate({ isCA: undefined }));
    expect(await codeOf(() => validateChain(pem, anchors, NOW))).toBe('CERT_ISSUER_NOT_CA');
  });

  it('rejects an expired intermediate', async () => {
    const pem = pki.leafPem + (await intermediate({ notAfter: new Date('2026-05-01T00:00:00Z') }));
    expect(await codeOf(() => validateChain(pem, anchors, NOW))).toBe('CERT_NOT_VALID_NOW');
  });

  it('rejects a chain that does not reach a pinned root', async () => {
    const stranger = await createTestPki({ label: 'Stranger', now: NOW });
    expect(await codeOf(() => validateChain(stranger.chainPem, anchors, NOW))).toBe('CERT_CHAIN_UNTRUSTED');
  });

  it('rejects a chain whose intermediate is missing', async () => {
    expect(await codeOf(() => validateChain(pki.leafPem, anchors, NOW))).toBe('CERT_CHAIN_UNTRUSTED');
  });

  it('rejects a root-named certificate signed by an impostor key', async () => {
    const impostor = await generateKeyPair();
    const fakeIntermediate = await intermediate({ signingKey: impostor.privateKey });
    expect(await codeOf(() => validateChain(pki.leafPem + fakeIntermediate, anchors, NOW))).toBe(
      'CERT_CHAIN_SIGNATURE_INVALID',
    );
  });

  it.each([1, 2, 0x80])('rejects a signing certificate whose outer DER length byte was changed (mask %i)', async (mask) => {
    const der = Uint8Array.from(atob(pki.leafPem.replace(/-----[^-]+-----|\s/g, '')), (c) => c.charCodeAt(0));
    der[3] = der[3]! ^ mask;
    const altered = `-----BEGIN CERTIFICATE-----\n${btoa(String.fromCharCode(...der))}\n-----END CERTIFICATE-----\n`;
    expect(await codeOf(() => validateChain(altered + pki.intermediatePem, anchors, NOW))).toBe('CERT_MALFORMED');
  });

  /** The signing certificate with its outer signatureAlgorithm (outside what the issuer signed) replaced by `algorithm`. */
  const withOuterAlgorithm = (algorithm: number[]) => {
    const der = Uint8Array.from(atob(pki.leafPem.replace(/-----[^-]+-----|\s/g, '')), (c) => c.charCodeAt(0));
    // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }, both SEQUENCEs with two-byte lengths here.
    expect([der[0], der[1], der[4], der[5]]).toEqual([0x30, 0x82, 0x30, 0x82]);
    const tbsEnd = 8 + ((der[6]! << 8) | der[7]!);
    const tbs = der.subarray(4, tbsEnd);
    const signatureValue = der.subarray(tbsEnd + 2 + der[tbsEnd + 1]!);
    const content = [...tbs, ...algorithm, ...signatureValue];
    const cert = Uint8Array.from([0x30, 0x82, content.length >> 8, content.length & 0xff, ...content]);
    return `-----BEGIN CERTIFICATE-----\n${btoa(String.fromCharCode(...cert))}\n-----END CERTIFICATE-----\n`;
  };
  const SHA256_RSA_OID = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b];
  const SHA384_RSA_OID = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c];

  it('accepts the outer signatureAlgorithm rebuilt as it was (the helper below changes nothing else)', async () => {
    await expect(validateChain(withOuterAlgorithm([0x30, 0x0d, ...SHA256_RSA_OID, 0x05, 0x00]) + pki.intermediatePem, anchors, NOW)).resolves.toBeDefined();
  });

  // RFC 5280 §4.1.1.2: signatureAlgorithm "MUST contain the same algorithm identifier as the
  // signature field in the sequence tbsCertificate". Found by the request property (a flipped
  // 05 -> 04 in the parameters' tag was accepted); Go's crypto/x509 compares the two byte for byte.
  it.each([
    ['its NULL parameters made an empty OCTET STRING', [0x30, 0x0d, ...SHA256_RSA_OID, 0x04, 0x00]],
    ['its NULL parameters left out', [0x30, 0x0b, ...SHA256_RSA_OID]],
    ['another algorithm (sha384WithRSAEncryption) than the signed one', [0x30, 0x0d, ...SHA384_RSA_OID, 0x05, 0x00]],
  ])('rejects a signing certificate whose outer signatureAlgorithm differs from the signed one: %s', async (_, algorithm) => {
    expect(await codeOf(() => validateChain(withOuterAlgorithm(algorithm) + pki.intermediatePem, anchors, NOW))).toBe('CERT_MALFORMED');
  });

  it.each([
    ['no certificate at all', 'hello'],
    ['bad base64', '-----BEGIN CERTIFICATE-----\n@@@@\n-----END CERTIFICATE-----'],
    ['not DER', `-----BEGIN CERTIFICATE-----\n${btoa('not a certificate')}\n-----END CERTIFICATE-----`],
  ])('rejects a bundle with %s as malformed', async (_, pem) => {
    expect(await codeOf(() => validateChain(pem, anchors, NOW))).toBe('CERT_MALFORMED');
  });
});

describe('the real Amazon chains against the bundled roots', () => {
  it('accepts echo-api-cert-12 (2023) inside its validity, through Amazon RSA 2048 M01 to Amazon Root CA 1', async () => {
    const chain = await validateChain(chain2023, amazonRoots, new Date('2023-06-01T00:00:00Z'));
    expect(chain.signingCertificate.dnsNames).toContain('echo-api.amazon.com');
  });

  it.each(['2023-03-15T00:00:00Z', '2023-12-24T00:00:00Z', '2026-11-24T00:00:00Z'])(
    'rejects echo-api-cert-12 at %s, outside its validity',
    async (at) => {
      expect(await codeOf(() => validateChain(chain2023, amazonRoots, new Date(at)))).toBe('CERT_NOT_VALID_NOW');
    },
  );

  it('accepts echo-api-cert-7 (2019) at the time of its signed request', async () => {
    await expect(validateChain(chain2019, amazonRoots, new Date('2019-07-15T22:45:00Z'))).resolves.toBeDefined();
  });

  it.each(['2019-05-21T00:00:00Z', '2020-05-16T00:00:00Z'])('rejects echo-api-cert-7 at %s', async (at) => {
    expect(await codeOf(() => validateChain(chain2019, amazonRoots, new Date(at)))).toBe('CERT_NOT_VALID_NOW');
  });

  it('rejects the real chains when only a test root is trusted (the override replaces the roots)', async () => {
    expect(await codeOf(() => validateChain(chain2023, anchors, new Date('2023-06-01T00:00:00Z')))).toBe(
      'CERT_CHAIN_UNTRUSTED',
    );
  });

  it('extracts the key that really signed the 2019 Alexa request', async () => {
    const chain = await validateChain(chain2019, amazonRoots, new Date('2019-07-15T22:45:00Z'));
    // That capture predates Signature-256, so it is checked here with SHA-1, which the Worker never accepts.
    const key = await crypto.subtle.importKey(
      'spki', chain.signingCertificate.spki, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-1' }, false, ['verify'],
    );
    const signature = Uint8Array.from(atob(signature2019.trim()), (c) => c.charCodeAt(0));
    const body = new TextEncoder().encode(body2019);
    expect(body.byteLength).toBe(8556);
    expect(await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, signature, body)).toBe(true);
    body[100] = (body[100] ?? 0) ^ 1;
    expect(await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, signature, body)).toBe(false);
  });
});

describe('bundled roots', () => {
  it.each([
    ['Amazon Root CA 1', '8ECDE6884F3D87B1125BA31AC3FCB13D7016DE7F57CC904FE1CB97C6AE98196E'],
    ['Amazon Root CA 2', '1BA5B2AA8C65401A82960118F80BEC4F62304D83CEC4713A19C39C011EA46DB4'],
    ['Amazon Root CA 3', '18CE6CFE7BF14E60B2E347B8DFE868CB31D02EBB3ADA271569F50343B46DB3A4'],
    ['Amazon Root CA 4', 'E35D28419ED02025CFA69038CD623962458DA5C695FBDEA3C22B0BFB25897092'],
    ['Starfield Services Root CA G2', '568D6905A2C88708A4B3025190EDCFEDB1974A606A13C6E5290FCB2AE63EDAB5'],
  ])('pins %s by its SHA-256 fingerprint', async (_, fingerprint) => {
    const fingerprints = await Promise.all(
      pemToDer(AMAZON_ROOTS_PEM).map(async (der) =>
        Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', der)), (b) =>
          b.toString(16).padStart(2, '0').toUpperCase(),
        ).join(''),
      ),
    );
    expect(fingerprints).toContain(fingerprint);
  });

  it('holds exactly five self-signed CA roots', () => {
    const roots = pemToDer(AMAZON_ROOTS_PEM).map(parseCertificate);
    expect(roots).toHaveLength(5);
    for (const root of roots) expect(root.subject).toBe(root.issuer);
  });
});
