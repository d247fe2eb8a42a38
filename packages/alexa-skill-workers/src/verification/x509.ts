import { ECParameters, id_ecPublicKey } from '@peculiar/asn1-ecc';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  BasicConstraints,
  Certificate,
  KeyUsage,
  SubjectAlternativeName,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectAltName,
} from '@peculiar/asn1-x509';
import { toHex } from '../lib/bytes.ts';
import { tbsParts } from './der.ts';
import { VerificationError } from './errors.ts';

/**
 * Extensions this verifier processes, so they may be critical (RFC 5280 §4.2). extKeyUsage is
 * recognised but not enforced: Amazon's signing certificate lists serverAuth and clientAuth, and
 * no purpose covers signing Alexa requests. Any other critical extension (nameConstraints,
 * policyConstraints, …) refuses the certificate.
 */
const KNOWN_EXTENSIONS: ReadonlySet<string> = new Set([
  id_ce_basicConstraints,
  id_ce_keyUsage,
  id_ce_subjectAltName,
  id_ce_extKeyUsage,
]);

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
  /** keyUsage bits (RFC 5280 §4.2.1.3, `KeyUsageFlags`); undefined when the extension is absent. */
  readonly keyUsage: number | undefined;
  /** OIDs of critical extensions this verifier does not process. */
  readonly unknownCriticalExtensions: readonly string[];
  /** `dNSName` entries of the subjectAltName extension (RFC 5280 §4.2.1.6). */
  readonly dnsNames: readonly string[];
}

/**
 * Parses one DER certificate (RFC 5280 §4.1: certificates are DER). The ASN.1 reader accepts
 * BER leniently (a wrong length byte still parses), so the certificate must re-encode to exactly
 * its input: DER has one encoding per value, and anything else is refused.
 * @throws {VerificationError} `CERT_MALFORMED`
 */
export function parseCertificate(der: Uint8Array): ParsedCertificate {
  try {
    const cert = AsnConvert.parse(der, Certificate);
    if (!sameBytes(new Uint8Array(AsnConvert.serialize(cert)), der)) {
      throw new VerificationError('CERT_MALFORMED', 'certificate is not DER-encoded');
    }
    const tbs = cert.tbsCertificate;
    if (!cert.tbsCertificateRaw) throw new Error('tbsCertificate bytes unavailable');
    // RFC 5280 §4.1.1.2: the outer signatureAlgorithm, which the issuer's signature does not cover,
    // "MUST contain the same algorithm identifier as the signature field in the sequence
    // tbsCertificate". Compared as DER, byte for byte (as Go's crypto/x509 does): the same OID with
    // other parameters is another identifier.
    if (!sameBytes(new Uint8Array(AsnConvert.serialize(cert.signatureAlgorithm)), new Uint8Array(AsnConvert.serialize(tbs.signature)))) {
      throw new VerificationError('CERT_MALFORMED', 'certificate signatureAlgorithm differs from the signature algorithm it signed');
    }
    let constraints: BasicConstraints | undefined;
    let keyUsage: number | undefined;
    let dnsNames: string[] = [];
    const unknownCriticalExtensions: string[] = [];
    for (const ext of tbs.extensions ?? []) {
      if (ext.critical && !KNOWN_EXTENSIONS.has(ext.extnID)) unknownCriticalExtensions.push(ext.extnID);
      if (ext.extnID === id_ce_basicConstraints) {
        constraints = AsnConvert.parse(ext.extnValue, BasicConstraints);
      } else if (ext.extnID === id_ce_keyUsage) {
        keyUsage = AsnConvert.parse(ext.extnValue, KeyUsage).toNumber();
      } else if (ext.extnID === id_ce_subjectAltName) {
        dnsNames = AsnConvert.parse(ext.extnValue, SubjectAlternativeName)
          .map((name) => name.dNSName)
          .filter((name): name is string => name !== undefined);
      }
    }
    const params = tbs.subjectPublicKeyInfo.algorithm.parameters;
    const tbsBytes = new Uint8Array(cert.tbsCertificateRaw);
    // The certificate re-encoded to exactly `der`, so these slices are the DER of each part.
    const { issuer, subject, spki } = tbsParts(tbsBytes);
    return {
      tbs: tbsBytes,
      signatureAlgorithm: cert.signatureAlgorithm.algorithm,
      signature: new Uint8Array(cert.signatureValue),
      subject: toHex(subject),
      issuer: toHex(issuer),
      notBefore: tbs.validity.notBefore.getTime(),
      notAfter: tbs.validity.notAfter.getTime(),
      spki: spki.slice(),
      keyAlgorithm: tbs.subjectPublicKeyInfo.algorithm.algorithm,
      keyCurve:
        tbs.subjectPublicKeyInfo.algorithm.algorithm === id_ecPublicKey && params
          ? AsnConvert.parse(params, ECParameters).namedCurve
          : undefined,
      isCA: constraints?.cA ?? false,
      pathLenConstraint: constraints?.cA ? constraints.pathLenConstraint : undefined,
      keyUsage,
      unknownCriticalExtensions,
      dnsNames,
    };
  } catch (cause) {
    if (cause instanceof VerificationError) throw cause;
    throw new VerificationError('CERT_MALFORMED', 'certificate does not parse as X.509', { cause });
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
