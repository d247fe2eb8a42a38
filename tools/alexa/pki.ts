/**
 * Generates Alexa-style certificates with WebCrypto and the same ASN.1 library the Worker parses
 * with: a root, an intermediate and a signing certificate (SAN echo-api.amazon.com), plus whatever
 * faulty variants a test asks for. Used by the tests (inside workerd) and by the local simulator's
 * development CA (in Node).
 */
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  BasicConstraints,
  Certificate,
  Extension,
  Extensions,
  GeneralName,
  Name,
  RelativeDistinguishedName,
  SubjectAlternativeName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
  id_ce_basicConstraints,
  id_ce_subjectAltName,
} from '@peculiar/asn1-x509';

export type KeyKind = 'rsa' | 'ec';

const RSA = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
const EC = { name: 'ECDSA', namedCurve: 'P-256' };

export async function generateKeyPair(kind: KeyKind = 'rsa'): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey(kind === 'rsa' ? RSA : EC, true, ['sign', 'verify'])) as CryptoKeyPair;
}

export interface CertSpec {
  readonly subject: string;
  readonly issuer: string;
  readonly publicKey: CryptoKey;
  /** The issuer's private key (the subject's own for a self-signed root). */
  readonly signingKey: CryptoKey;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly isCA?: boolean;
  readonly dnsNames?: readonly string[];
  readonly serial?: number;
}

/** Builds and signs one X.509 v3 certificate; returns PEM. */
export async function createCertificate(spec: CertSpec): Promise<string> {
  const ecIssuer = spec.signingKey.algorithm.name === 'ECDSA';
  const signatureAlgorithm = new AlgorithmIdentifier(
    ecIssuer ? { algorithm: '1.2.840.10045.4.3.2' } : { algorithm: '1.2.840.113549.1.1.11', parameters: null },
  );
  const extensions: Extension[] = [];
  if (spec.isCA !== undefined) {
    extensions.push(
      new Extension({
        extnID: id_ce_basicConstraints,
        critical: true,
        extnValue: new OctetString(AsnConvert.serialize(new BasicConstraints({ cA: spec.isCA }))),
      }),
    );
  }
  if (spec.dnsNames) {
    const san = new SubjectAlternativeName(spec.dnsNames.map((dNSName) => new GeneralName({ dNSName })));
    extensions.push(new Extension({ extnID: id_ce_subjectAltName, extnValue: new OctetString(AsnConvert.serialize(san)) }));
  }
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: new Uint8Array([0x01, spec.serial ?? Math.floor(Math.random() * 250) + 1]).buffer,
    signature: signatureAlgorithm,
    issuer: nameOf(spec.issuer),
    validity: new Validity({ notBefore: spec.notBefore, notAfter: spec.notAfter }),
    subject: nameOf(spec.subject),
    subjectPublicKeyInfo: AsnConvert.parse((await crypto.subtle.exportKey('spki', spec.publicKey)) as ArrayBuffer, SubjectPublicKeyInfo),
    extensions: new Extensions(extensions),
  });
  const tbsDer = AsnConvert.serialize(tbs);
  let signature = await crypto.subtle.sign(
    ecIssuer ? { name: 'ECDSA', hash: 'SHA-256' } : 'RSASSA-PKCS1-v1_5',
    spec.signingKey,
    tbsDer,
  );
  if (ecIssuer) signature = ecdsaRawToDer(new Uint8Array(signature));
  const cert = new Certificate({ tbsCertificate: tbs, signatureAlgorithm, signatureValue: signature });
  return toPem(AsnConvert.serialize(cert));
}

function nameOf(cn: string): Name {
  return new Name([
    new RelativeDistinguishedName([
      new AttributeTypeAndValue({ type: '2.5.4.3', value: new AttributeValue({ utf8String: cn }) }),
    ]),
  ]);
}

function ecdsaRawToDer(raw: Uint8Array): ArrayBuffer {
  const half = raw.length / 2;
  const int = (bytes: Uint8Array): number[] => {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    const trimmed = Array.from(bytes.subarray(i));
    if ((trimmed[0] ?? 0) & 0x80) trimmed.unshift(0);
    return [0x02, trimmed.length, ...trimmed];
  };
  const body = [...int(raw.subarray(0, half)), ...int(raw.subarray(half))];
  return new Uint8Array([0x30, body.length, ...body]).buffer;
}

export function toPem(der: ArrayBuffer): string {
  const b64 = btoa(String.fromCharCode(...new Uint8Array(der)));
  return `-----BEGIN CERTIFICATE-----\n${b64.replace(/(.{64})/g, '$1\n').trim()}\n-----END CERTIFICATE-----\n`;
}

/** A ready-made Alexa-like PKI: root → intermediate → signing certificate (SAN echo-api.amazon.com). */
export interface TestPki {
  readonly rootPem: string;
  readonly intermediatePem: string;
  readonly leafPem: string;
  /** Signing certificate first, as Amazon serves it. */
  readonly chainPem: string;
  readonly root: CryptoKeyPair;
  readonly intermediate: CryptoKeyPair;
  readonly leaf: CryptoKeyPair;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export const PKI_NOT_BEFORE = new Date('2026-01-01T00:00:00Z');
export const PKI_NOT_AFTER = new Date('2027-01-01T00:00:00Z');

export async function createTestPki(
  kind: KeyKind = 'rsa',
  label = 'Test',
  validity: { notBefore: Date; notAfter: Date } = { notBefore: PKI_NOT_BEFORE, notAfter: PKI_NOT_AFTER },
): Promise<TestPki> {
  const [root, intermediate, leaf] = await Promise.all([
    generateKeyPair(kind),
    generateKeyPair(kind),
    generateKeyPair('rsa'),
  ]);
  const dates = validity;
  const rootName = `${label} Root CA (${kind})`;
  const intermediateName = `${label} Intermediate CA (${kind})`;
  const rootPem = await createCertificate({
    subject: rootName, issuer: rootName, publicKey: root.publicKey, signingKey: root.privateKey, isCA: true, ...dates,
  });
  const intermediatePem = await createCertificate({
    subject: intermediateName, issuer: rootName, publicKey: intermediate.publicKey, signingKey: root.privateKey,
    isCA: true, ...dates,
  });
  const leafPem = await createCertificate({
    subject: 'echo-api.amazon.com', issuer: intermediateName, publicKey: leaf.publicKey,
    signingKey: intermediate.privateKey, isCA: false, dnsNames: ['echo-api.amazon.com'], ...dates,
  });
  return {
    rootPem, intermediatePem, leafPem, chainPem: leafPem + intermediatePem,
    root, intermediate, leaf, ...dates,
  };
}

/** Signs a body as Alexa does for `Signature-256`: RSASSA-PKCS1-v1_5 with SHA-256, base64. */
export async function signBody(body: string | Uint8Array<ArrayBuffer>, key: CryptoKey): Promise<string> {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  const signature = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key, bytes);
  return btoa(String.fromCharCode(...new Uint8Array(signature)));
}
