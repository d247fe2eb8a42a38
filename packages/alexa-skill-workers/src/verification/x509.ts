import { toHex } from '../lib/bytes.ts';
import {
  assertWellFormed,
  childrenOf,
  constructed,
  DerError,
  expectTag,
  readBitString,
  readBoolean,
  readDer,
  readFirst,
  readIntegerBytes,
  readOctetAlignedBits,
  readOid,
  readSmallInteger,
  readTime,
  TAG,
  type Tlv,
} from './der.ts';
import { VerificationError } from './errors.ts';

const ID_CE_BASIC_CONSTRAINTS = '2.5.29.19';
const ID_CE_KEY_USAGE = '2.5.29.15';
const ID_CE_SUBJECT_ALT_NAME = '2.5.29.17';
const ID_CE_EXT_KEY_USAGE = '2.5.29.37';
const ID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';

/**
 * Extensions this verifier processes, so they may be critical (RFC 5280 §4.2). extKeyUsage is
 * recognised but not enforced: Amazon's signing certificate lists serverAuth and clientAuth, and
 * no purpose covers signing Alexa requests. Any other critical extension (nameConstraints,
 * policyConstraints, …) refuses the certificate.
 */
const KNOWN_EXTENSIONS: ReadonlySet<string> = new Set([
  ID_CE_BASIC_CONSTRAINTS,
  ID_CE_KEY_USAGE,
  ID_CE_SUBJECT_ALT_NAME,
  ID_CE_EXT_KEY_USAGE,
]);

/** keyUsage's keyCertSign (RFC 5280 §4.2.1.3: bit 5), as a bit of {@link ParsedCertificate.keyUsage}. */
export const KEY_CERT_SIGN = 1 << 5;

/** The parts of an X.509 certificate (RFC 5280) that chain validation needs. */
export interface ParsedCertificate {
  /** The DER bytes of `tbsCertificate`, exactly as signed. */
  readonly tbs: Uint8Array;
  /** OID of the algorithm the issuer signed with (`signatureAlgorithm`). */
  readonly signatureAlgorithm: string;
  readonly signature: Uint8Array;
  /** Hex of the DER-encoded subject and issuer Names, for exact comparison. */
  readonly subject: string;
  readonly issuer: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** DER `SubjectPublicKeyInfo`, importable with `crypto.subtle.importKey('spki', …)`. */
  readonly spki: Uint8Array;
  /** OID of the key's algorithm, and the named curve's OID for EC keys. */
  readonly keyAlgorithm: string;
  readonly keyCurve: string | undefined;
  /** `basicConstraints.cA` and `pathLenConstraint` (RFC 5280 §4.2.1.9). */
  readonly isCA: boolean;
  readonly pathLenConstraint: number | undefined;
  /**
   * keyUsage bits (RFC 5280 §4.2.1.3): bit n of the named bit list is `1 << n` (digitalSignature
   * 1, keyCertSign {@link KEY_CERT_SIGN}); undefined when the extension is absent.
   */
  readonly keyUsage: number | undefined;
  /** OIDs of critical extensions this verifier does not process. */
  readonly unknownCriticalExtensions: readonly string[];
  /** `dNSName` entries of the subjectAltName extension (RFC 5280 §4.2.1.6). */
  readonly dnsNames: readonly string[];
}

/**
 * Parses one DER certificate (RFC 5280 §4.1) with a strict DER reader (`./der.ts`): every element
 * of the structure below in its one DER encoding, nothing after the certificate, the inner
 * `signature` algorithm identical to the outer `signatureAlgorithm` (§4.1.1.2), version v2 or v3
 * when present and v3 when there are extensions (§4.1.2.1), no extension twice (§4.2), every
 * Name's attributes well-formed DER.
 *
 *   Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm AlgorithmIdentifier, signatureValue BIT STRING }
 *   TBSCertificate ::= SEQUENCE { version [0] EXPLICIT INTEGER DEFAULT v1, serialNumber INTEGER,
 *     signature AlgorithmIdentifier, issuer Name, validity SEQUENCE { notBefore Time, notAfter Time },
 *     subject Name, subjectPublicKeyInfo SEQUENCE { AlgorithmIdentifier, BIT STRING },
 *     issuerUniqueID [1] IMPLICIT OPTIONAL, subjectUniqueID [2] IMPLICIT OPTIONAL, extensions [3] EXPLICIT OPTIONAL }
 *
 * @throws {VerificationError} `CERT_MALFORMED`
 */
export function parseCertificate(der: Uint8Array): ParsedCertificate {
  try {
    const [tbsTlv, outerAlgorithm, signatureValue, ...rest] = constructed(readDer(der), TAG.SEQUENCE, 'Certificate');
    if (rest.length > 0 || !tbsTlv || !outerAlgorithm || !signatureValue) throw new DerError('Certificate has the wrong number of parts');
    const fields = constructed(tbsTlv, TAG.SEQUENCE, 'TBSCertificate');
    let at = 0;
    let version = 0;
    if (fields[0]?.tag === 0xa0) {
      const [inner, ...more] = childrenOf(fields[0].content);
      if (!inner || more.length > 0) throw new DerError('version malformed');
      version = readSmallInteger(inner);
      // DER leaves out a DEFAULT value: an explicit v1 (0) is not DER; v2 is 1, v3 is 2.
      if (version !== 1 && version !== 2) throw new DerError('version not v2 or v3');
      at = 1;
    }
    const [serial, innerAlgorithm, issuer, validity, subject, spki, ...optional] = fields.slice(at);
    readIntegerBytes(serial);
    const signatureAlgorithm = algorithmOf(outerAlgorithm);
    algorithmOf(innerAlgorithm);
    if (!sameBytes(innerAlgorithm!.bytes, outerAlgorithm.bytes)) throw new DerError('signature algorithms differ');
    assertName(issuer);
    assertName(subject);
    const [notBefore, notAfter, ...moreDates] = constructed(validity, TAG.SEQUENCE, 'Validity');
    if (!notBefore || !notAfter || moreDates.length > 0) throw new DerError('Validity malformed');
    const key = keyOf(spki);
    let extensions: Extensions = NO_EXTENSIONS;
    let last = 0;
    for (const tlv of optional) {
      const order = tlv.tag === 0x81 ? 1 : tlv.tag === 0x82 ? 2 : tlv.tag === 0xa3 ? 3 : 0;
      if (order <= last) throw new DerError('TBSCertificate has an unexpected part');
      last = order;
      if (order === 3) {
        if (version !== 2) throw new DerError('extensions in a certificate that is not v3');
        extensions = extensionsOf(tlv);
      } else {
        readBitString({ ...tlv, tag: TAG.BIT_STRING });
      }
    }
    return {
      tbs: tbsTlv.bytes,
      signatureAlgorithm: signatureAlgorithm.oid,
      signature: readOctetAlignedBits(signatureValue).slice(),
      subject: toHex(subject!.bytes),
      issuer: toHex(issuer!.bytes),
      notBefore: readTime(notBefore),
      notAfter: readTime(notAfter),
      spki: spki!.bytes.slice(),
      keyAlgorithm: key.algorithm,
      keyCurve: key.curve,
      ...extensions,
    };
  } catch (cause) {
    if (cause instanceof VerificationError) throw cause;
    throw new VerificationError('CERT_MALFORMED', 'certificate does not parse as X.509 DER', { cause });
  }
}

/**
 * The hex subject Name of a certificate, read without parsing the rest; for roots bundled with the
 * code (see `lazyTrustAnchors`), never for certificates from a request.
 * @throws {VerificationError} `CERT_MALFORMED`
 */
export function subjectOf(der: Uint8Array): string {
  try {
    const [tbs] = childrenOf(readFirst(der).content);
    const fields = constructed(tbs, TAG.SEQUENCE, 'TBSCertificate');
    const subject = fields[fields[0]?.tag === 0xa0 ? 5 : 4];
    return toHex(expectTag(subject, TAG.SEQUENCE, 'subject').bytes);
  } catch (cause) {
    throw new VerificationError('CERT_MALFORMED', 'certificate has no readable subject', { cause });
  }
}

/** AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL } */
function algorithmOf(tlv: Tlv | undefined): { oid: string; parameters: Tlv | undefined } {
  const [oid, parameters, ...rest] = constructed(tlv, TAG.SEQUENCE, 'AlgorithmIdentifier');
  if (rest.length > 0) throw new DerError('AlgorithmIdentifier has too many parts');
  if (parameters) assertWellFormed(parameters);
  return { oid: readOid(oid), parameters };
}

/** Name ::= SEQUENCE OF SET OF SEQUENCE { type OID, value ANY } (RFC 5280 §4.1.2.4). */
function assertName(tlv: Tlv | undefined): void {
  for (const rdn of constructed(tlv, TAG.SEQUENCE, 'Name')) {
    const attributes = constructed(rdn, TAG.SET, 'RelativeDistinguishedName');
    if (attributes.length === 0) throw new DerError('empty RelativeDistinguishedName');
    for (const attribute of attributes) {
      const [type, value, ...rest] = constructed(attribute, TAG.SEQUENCE, 'AttributeTypeAndValue');
      if (!value || rest.length > 0) throw new DerError('AttributeTypeAndValue malformed');
      readOid(type);
      assertWellFormed(value);
    }
  }
}

/** SubjectPublicKeyInfo: the key's algorithm, and the named curve of an EC key (RFC 5480 §2.1.1). */
function keyOf(tlv: Tlv | undefined): { algorithm: string; curve: string | undefined } {
  const [algorithm, key, ...rest] = constructed(tlv, TAG.SEQUENCE, 'SubjectPublicKeyInfo');
  if (!key || rest.length > 0) throw new DerError('SubjectPublicKeyInfo malformed');
  readBitString(key);
  const { oid, parameters } = algorithmOf(algorithm);
  // ECParameters ::= CHOICE { namedCurve OID, … }: only a named curve names one.
  const curve = oid === ID_EC_PUBLIC_KEY && parameters?.tag === TAG.OID ? readOid(parameters) : undefined;
  return { algorithm: oid, curve };
}

type Extensions = Pick<ParsedCertificate, 'isCA' | 'pathLenConstraint' | 'keyUsage' | 'unknownCriticalExtensions' | 'dnsNames'>;
const NO_EXTENSIONS: Extensions = { isCA: false, pathLenConstraint: undefined, keyUsage: undefined, unknownCriticalExtensions: [], dnsNames: [] };

/** extensions [3] EXPLICIT SEQUENCE SIZE (1..MAX) OF Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING } */
function extensionsOf(tagged: Tlv): Extensions {
  const [list, ...rest] = childrenOf(tagged.content);
  if (rest.length > 0) throw new DerError('extensions malformed');
  const all = constructed(list, TAG.SEQUENCE, 'Extensions');
  const seen = new Set<string>();
  let isCA = false;
  let pathLenConstraint: number | undefined;
  let keyUsage: number | undefined;
  let dnsNames: string[] = [];
  const unknownCriticalExtensions: string[] = [];
  for (const extension of all) {
    const parts = constructed(extension, TAG.SEQUENCE, 'Extension');
    const id = readOid(parts[0]);
    if (seen.has(id)) throw new DerError('an extension appears twice');
    seen.add(id);
    let critical = false;
    let valueAt = 1;
    if (parts[1]?.tag === TAG.BOOLEAN) {
      critical = readBoolean(parts[1]);
      // DER leaves out a DEFAULT value: an explicit FALSE is not DER.
      if (!critical) throw new DerError('critical FALSE encoded');
      valueAt = 2;
    }
    const value = expectTag(parts[valueAt], TAG.OCTET_STRING, 'extnValue').content;
    if (parts.length !== valueAt + 1) throw new DerError('Extension has too many parts');
    if (critical && !KNOWN_EXTENSIONS.has(id)) unknownCriticalExtensions.push(id);
    if (id === ID_CE_BASIC_CONSTRAINTS) ({ isCA, pathLenConstraint } = basicConstraintsOf(value));
    else if (id === ID_CE_KEY_USAGE) keyUsage = keyUsageOf(value);
    else if (id === ID_CE_SUBJECT_ALT_NAME) dnsNames = dnsNamesOf(value);
  }
  return { isCA, pathLenConstraint, keyUsage, unknownCriticalExtensions, dnsNames };
}

/** BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER (0..MAX) OPTIONAL } */
function basicConstraintsOf(value: Uint8Array): { isCA: boolean; pathLenConstraint: number | undefined } {
  const parts = constructed(readDer(value), TAG.SEQUENCE, 'BasicConstraints');
  let at = 0;
  let isCA = false;
  if (parts[0]?.tag === TAG.BOOLEAN) {
    isCA = readBoolean(parts[0]);
    if (!isCA) throw new DerError('cA FALSE encoded');
    at = 1;
  }
  const pathLen = parts[at] ? readSmallInteger(parts[at]) : undefined;
  if (parts.length > at + (pathLen === undefined ? 0 : 1)) throw new DerError('BasicConstraints has too many parts');
  return { isCA, pathLenConstraint: isCA ? pathLen : undefined };
}

/** KeyUsage ::= BIT STRING: bit n (the first bit is 0) becomes `1 << n`. */
function keyUsageOf(value: Uint8Array): number {
  const { bytes, unusedBits } = readBitString(readDer(value));
  if (bytes.length > 2) throw new DerError('KeyUsage too long');
  let bits = 0;
  const count = bytes.length * 8 - unusedBits;
  for (let n = 0; n < count; n++) if (bytes[n >> 3]! & (0x80 >> (n & 7))) bits |= 1 << n;
  return bits;
}

/**
 * SubjectAltName ::= SEQUENCE SIZE (1..MAX) OF GeneralName (RFC 5280 §4.2.1.6): the dNSName
 * ([2] IA5String) entries; every other choice is checked for its tag and well-formedness only.
 */
function dnsNamesOf(value: Uint8Array): string[] {
  const names = constructed(readDer(value), TAG.SEQUENCE, 'SubjectAltName');
  if (names.length === 0) throw new DerError('empty SubjectAltName');
  const dns: string[] = [];
  for (const name of names) {
    if (name.tag === 0x82) {
      if (name.content.some((byte) => byte > 0x7f)) throw new DerError('dNSName not IA5');
      dns.push(String.fromCharCode(...name.content));
    } else if (GENERAL_NAME_TAGS.has(name.tag)) {
      assertWellFormed(name);
    } else {
      throw new DerError('GeneralName of an unknown kind');
    }
  }
  return dns;
}

/** otherName [0], rfc822Name [1], dNSName [2], x400Address [3], directoryName [4], ediPartyName [5], URI [6], iPAddress [7], registeredID [8]. */
const GENERAL_NAME_TAGS: ReadonlySet<number> = new Set([0xa0, 0x81, 0x82, 0xa3, 0xa4, 0xa5, 0x86, 0x87, 0x88]);

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
