/**
 * Generates Alexa-style certificates with WebCrypto and the same ASN.1 library the Worker parses
 * with: a root, an intermediate and a signing certificate (SAN echo-api.amazon.com), plus whatever
 * faulty variants a test asks for. Used by the tests (inside workerd) and by the local simulator's
 * development CA (in Node).
 */
import { ECParameters } from '@peculiar/asn1-ecc';
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
  KeyUsage,
  KeyUsageFlags,
  Name,
  RelativeDistinguishedName,
  SubjectAlternativeName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
  id_ce_basicConstraints,
  id_ce_keyUsage,
  id_ce_subjectAltName,
} from '@peculiar/asn1-x509';

export type KeyKind = 'rsa' | 'ec';

/** Key parameters other than the defaults (RSA 2048, P-256), e.g. an RSA key too small to trust. */
export interface KeyOptions {
  readonly modulusLength?: number;
  readonly namedCurve?: 'P-256' | 'P-384' | 'P-521';
}

export async function generateKeyPair(kind: KeyKind = 'rsa', options: KeyOptions = {}): Promise<CryptoKeyPair> {
  const algorithm =
    kind === 'rsa'
      ? { name: 'RSASSA-PKCS1-v1_5', modulusLength: options.modulusLength ?? 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }
      : { name: 'ECDSA', namedCurve: options.namedCurve ?? 'P-256' };
  return (await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
}

/** An extension written verbatim, e.g. one a verifier does not know, marked critical. */
interface RawExtension {
  readonly oid: string;
  readonly critical: boolean;
  /** The DER inside extnValue; an empty SEQUENCE by default. */
  readonly value?: ArrayBuffer;
}

const SIGNATURE_OIDS = {
  rsa: { 'SHA-1': '1.2.840.113549.1.1.5', 'SHA-256': '1.2.840.113549.1.1.11' },
  ec: { 'SHA-1': '1.2.840.10045.4.1', 'SHA-256': '1.2.840.10045.4.3.2' },
} as const;

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
  /** basicConstraints.pathLenConstraint (RFC 5280 §4.2.1.9); only with `isCA`. */
  readonly pathLenConstraint?: number;
  /** A critical keyUsage extension with these bits (RFC 5280 §4.2.1.3). */
  readonly keyUsage?: readonly (keyof typeof KeyUsageFlags)[];
  readonly extensions?: readonly RawExtension[];
  /** The hash the issuer signs with. Default SHA-256; SHA-1 is what verifiers must refuse. */
  readonly signatureHash?: 'SHA-1' | 'SHA-256';
  /** The subject's DER SubjectPublicKeyInfo, used instead of `publicKey` (a key WebCrypto cannot make). */
  readonly spki?: ArrayBuffer;
}

/** Builds and signs one X.509 v3 certificate; returns PEM. */
export async function createCertificate(spec: CertSpec): Promise<string> {
  const ecIssuer = spec.signingKey.algorithm.name === 'ECDSA';
  const hash = spec.signatureHash ?? 'SHA-256';
  const signatureOid = SIGNATURE_OIDS[ecIssuer ? 'ec' : 'rsa'][hash];
  const signatureAlgorithm = new AlgorithmIdentifier(
    ecIssuer ? { algorithm: signatureOid } : { algorithm: signatureOid, parameters: null },
  );
  const spki = spec.spki ?? ((await crypto.subtle.exportKey('spki', spec.publicKey)) as ArrayBuffer);
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: new Uint8Array([0x01, spec.serial ?? Math.floor(Math.random() * 250) + 1]).buffer,
    signature: signatureAlgorithm,
    issuer: nameOf(spec.issuer),
    validity: new Validity({ notBefore: spec.notBefore, notAfter: spec.notAfter }),
    subject: nameOf(spec.subject),
    subjectPublicKeyInfo: AsnConvert.parse(spki, SubjectPublicKeyInfo),
    extensions: new Extensions(extensionsOf(spec)),
  });
  const tbsDer = AsnConvert.serialize(tbs);
  let signature = await crypto.subtle.sign(
    ecIssuer ? { name: 'ECDSA', hash } : 'RSASSA-PKCS1-v1_5',
    ecIssuer || hash === 'SHA-256' ? spec.signingKey : await rsaKeyWithHash(spec.signingKey, hash),
    tbsDer,
  );
  if (ecIssuer) signature = ecdsaRawToDer(new Uint8Array(signature));
  const cert = new Certificate({ tbsCertificate: tbs, signatureAlgorithm, signatureValue: signature });
  return toPem(AsnConvert.serialize(cert));
}

function extensionsOf(spec: CertSpec): Extension[] {
  const extensions: Extension[] = [];
  const der = (value: object) => new OctetString(AsnConvert.serialize(value));
  if (spec.isCA !== undefined) {
    const constraints = new BasicConstraints({ cA: spec.isCA, pathLenConstraint: spec.pathLenConstraint });
    extensions.push(new Extension({ extnID: id_ce_basicConstraints, critical: true, extnValue: der(constraints) }));
  }
  if (spec.keyUsage) {
    const bits = new KeyUsage(spec.keyUsage.reduce((sum, name) => sum | KeyUsageFlags[name], 0));
    extensions.push(new Extension({ extnID: id_ce_keyUsage, critical: true, extnValue: der(bits) }));
  }
  if (spec.dnsNames) {
    const san = new SubjectAlternativeName(spec.dnsNames.map((dNSName) => new GeneralName({ dNSName })));
    extensions.push(new Extension({ extnID: id_ce_subjectAltName, extnValue: der(san) }));
  }
  for (const raw of spec.extensions ?? []) {
    const value = raw.value ?? new Uint8Array([0x30, 0x00]).buffer;
    extensions.push(new Extension({ extnID: raw.oid, critical: raw.critical, extnValue: new OctetString(value) }));
  }
  return extensions;
}

/** An RSA private key is bound to one hash in WebCrypto; re-import it for another. */
async function rsaKeyWithHash(key: CryptoKey, hash: string): Promise<CryptoKey> {
  const pkcs8 = (await crypto.subtle.exportKey('pkcs8', key)) as ArrayBuffer;
  return crypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash }, false, ['sign']);
}

/** `spki` with its EC named curve replaced by `curveOid` (e.g. secp256k1, which WebCrypto cannot make). */
export function spkiWithCurve(spki: ArrayBuffer, curveOid: string): ArrayBuffer {
  const info = AsnConvert.parse(spki, SubjectPublicKeyInfo);
  info.algorithm.parameters = AsnConvert.serialize(new ECParameters({ namedCurve: curveOid }));
  return AsnConvert.serialize(info);
}

/** `spki` with its key bits replaced by `bits`, e.g. bytes that are no RSAPublicKey at all. */
export function spkiWithKeyBits(spki: ArrayBuffer, bits: Uint8Array<ArrayBuffer>): ArrayBuffer {
  const info = AsnConvert.parse(spki, SubjectPublicKeyInfo);
  info.subjectPublicKey = bits.buffer;
  return AsnConvert.serialize(info);
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
  // P-521 signatures pass 127 bytes and need DER's long length form.
  const length = body.length < 0x80 ? [body.length] : [0x81, body.length];
  return new Uint8Array([0x30, ...length, ...body]).buffer;
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
  /** The validity every certificate of the PKI has. */
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** What the intermediate and the signing certificate were made from: tests re-issue them with changes. */
  readonly intermediateSpec: CertSpec;
  readonly leafSpec: CertSpec;
  /**
   * The verifier options that trust this PKI, for tests: its root replaces Amazon's
   * (`trustedRootsPem`), its chain is served for every certificate URL (`devCertChainPem`, so no
   * download is intercepted), with `allowDevelopmentTrust: true`. Spread them into
   * `createAlexaVerifier`, `alexaEndpoint`'s or the middleware's options.
   */
  readonly trust: { readonly trustedRootsPem: string; readonly devCertChainPem: string; readonly allowDevelopmentTrust: true };
}

const DAY_MS = 86_400_000;
/** How long before `now` a test PKI's certificates start: a day, for clocks a little behind. */
export const TEST_PKI_BACKDATE_MS = DAY_MS;
/** How long after `now` a test PKI's certificates stay valid by default: 365 days. */
export const TEST_PKI_LIFETIME_MS = 365 * DAY_MS;

/** What {@link createTestPki} makes; every field is optional. */
export interface TestPkiOptions {
  /** The root's and intermediate's key type (the signing certificate is always RSA, as Alexa's is). Default `rsa`. */
  readonly kind?: KeyKind;
  /** Names the CAs (`<label> Root CA (rsa)`), so two PKIs in one test are told apart. Default `Test`. */
  readonly label?: string;
  /**
   * The time the validity is counted from: pass the clock the code under test is given (a test's
   * frozen clock). Default: the real clock, when the PKI is made.
   */
  readonly now?: Date;
  /** Every certificate's notBefore. Default {@link TEST_PKI_BACKDATE_MS} before `now`. */
  readonly notBefore?: Date;
  /** Every certificate's notAfter. Default {@link TEST_PKI_LIFETIME_MS} after `now`. */
  readonly notAfter?: Date;
}

/**
 * Makes a PKI shaped like Alexa's (root → intermediate → signing certificate with SAN
 * `echo-api.amazon.com`, RFC 5280 v3 certificates signed with SHA-256) for tests and local
 * simulation; trust it with `...pki.trust` in the verifier's options. Its validity is relative to `now`
 * (by default the real clock), never fixed dates, so a PKI made today verifies today: from a day
 * before `now` to 365 days after, unless `notBefore` or `notAfter` say otherwise.
 * @throws {TypeError} `kind` other than `rsa` or `ec`, or a `now` that is not a valid date.
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/host-a-custom-skill-as-a-web-service.html
 *   (the certificate chain Alexa's requests are verified with)
 */
export async function createTestPki(options: TestPkiOptions = {}): Promise<TestPki> {
  const { kind = 'rsa', label = 'Test', now = new Date() } = options;
  if (kind !== 'rsa' && kind !== 'ec') throw new TypeError('kind must be rsa or ec');
  if (Number.isNaN(now.getTime())) throw new TypeError('now must be a valid Date');
  const dates = {
    notBefore: options.notBefore ?? new Date(now.getTime() - TEST_PKI_BACKDATE_MS),
    notAfter: options.notAfter ?? new Date(now.getTime() + TEST_PKI_LIFETIME_MS),
  };
  const [root, intermediate, leaf] = await Promise.all([
    generateKeyPair(kind),
    generateKeyPair(kind),
    generateKeyPair('rsa'),
  ]);
  const rootName = `${label} Root CA (${kind})`;
  const intermediateName = `${label} Intermediate CA (${kind})`;
  const rootPem = await createCertificate({
    subject: rootName, issuer: rootName, publicKey: root.publicKey, signingKey: root.privateKey, isCA: true, ...dates,
  });
  const intermediateSpec: CertSpec = {
    subject: intermediateName, issuer: rootName, publicKey: intermediate.publicKey, signingKey: root.privateKey,
    isCA: true, ...dates,
  };
  const leafSpec: CertSpec = {
    subject: 'echo-api.amazon.com', issuer: intermediateName, publicKey: leaf.publicKey,
    signingKey: intermediate.privateKey, isCA: false, dnsNames: ['echo-api.amazon.com'], ...dates,
  };
  const [intermediatePem, leafPem] = await Promise.all([createCertificate(intermediateSpec), createCertificate(leafSpec)]);
  return {
    rootPem, intermediatePem, leafPem, chainPem: leafPem + intermediatePem,
    root, intermediate, leaf, ...dates, intermediateSpec, leafSpec,
    trust: { trustedRootsPem: rootPem, devCertChainPem: leafPem + intermediatePem, allowDevelopmentTrust: true },
  };
}

/** Signs a body as Alexa does for `Signature-256`: RSASSA-PKCS1-v1_5 with SHA-256, base64. */
export async function signBody(body: string | Uint8Array<ArrayBuffer>, key: CryptoKey): Promise<string> {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  const signature = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key, bytes);
  return btoa(String.fromCharCode(...new Uint8Array(signature)));
}
