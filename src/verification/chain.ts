import { VerificationError } from './errors';
import { isSignedBy } from './algorithms';
import { parseCertificate, type ParsedCertificate } from './x509';
import { pemToDer } from './pem';

/** The DNS name Amazon's signing certificate must hold in its subjectAltName. */
export const ALEXA_SIGNING_SAN = 'echo-api.amazon.com';

/** A chain that validated: the signing certificate and the window in which the whole path is valid. */
export interface ValidatedChain {
  readonly signingCertificate: ParsedCertificate;
  /** Latest notBefore and earliest notAfter over the certificates checked; re-check on every use. */
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** Parses PEM roots once; their subjects are what a chain walk stops at. */
export function parseTrustAnchors(pem: string): ParsedCertificate[] {
  return pemToDer(pem).map(parseCertificate);
}

/**
 * Validates Amazon's certificate chain (PEM bundle, signing certificate first) against pinned roots.
 *
 * Implements the chain rules of Amazon's "Host a custom skill as a web service": the signing
 * certificate is within its dates and its SAN holds `echo-api.amazon.com`, and every
 * certificate up to a trusted root is signed by the next. The walk stops at the first
 * certificate whose issuer is a pinned root and checks it with that root's key, so the
 * cross-certificates Amazon appends (up to Starfield Class 2, dropped by trust stores in 2025)
 * are never needed. Intermediates must be CAs (RFC 5280 §4.2.1.9) and within their dates.
 *
 * @throws {VerificationError} `CERT_MALFORMED`, `CERT_NOT_VALID_NOW`, `CERT_SAN_MISMATCH`,
 *   `CERT_CHAIN_UNTRUSTED`, `CERT_CHAIN_SIGNATURE_INVALID`, `CERT_ISSUER_NOT_CA`
 */
export async function validateChain(
  pem: string,
  anchors: readonly ParsedCertificate[],
  now: Date,
): Promise<ValidatedChain> {
  const bundle = pemToDer(pem).map(parseCertificate);
  const leaf = bundle[0]!;
  assertValidAt(leaf, now, 'signing certificate');
  if (!leaf.dnsNames.some((name) => name.toLowerCase() === ALEXA_SIGNING_SAN)) {
    throw new VerificationError('CERT_SAN_MISMATCH', `signing certificate SAN lacks ${ALEXA_SIGNING_SAN}`);
  }

  let notBefore = leaf.notBefore;
  let notAfter = leaf.notAfter;
  let current = leaf;
  const candidates = bundle.slice(1);
  for (let depth = 0; depth <= candidates.length; depth++) {
    const roots = anchors.filter((root) => root.subject === current.issuer);
    if (roots.length > 0) {
      for (const root of roots) {
        if (await isSignedBy(current, root)) return { signingCertificate: leaf, notBefore, notAfter };
      }
      throw new VerificationError('CERT_CHAIN_SIGNATURE_INVALID', 'pinned root did not sign the chain');
    }
    const issuer = candidates.find((c) => c.subject === current.issuer && c !== current);
    if (!issuer) throw new VerificationError('CERT_CHAIN_UNTRUSTED', 'chain does not reach a pinned root');
    if (!issuer.isCA) throw new VerificationError('CERT_ISSUER_NOT_CA', 'an issuing certificate is not a CA');
    assertValidAt(issuer, now, 'intermediate certificate');
    if (!(await isSignedBy(current, issuer))) {
      throw new VerificationError('CERT_CHAIN_SIGNATURE_INVALID', 'a certificate is not signed by its issuer');
    }
    if (issuer.notBefore > notBefore) notBefore = issuer.notBefore;
    if (issuer.notAfter < notAfter) notAfter = issuer.notAfter;
    current = issuer;
  }
  throw new VerificationError('CERT_CHAIN_UNTRUSTED', 'chain does not reach a pinned root');
}

/** @throws {VerificationError} `CERT_NOT_VALID_NOW` */
export function assertValidAt(window: { notBefore: Date; notAfter: Date }, now: Date, what: string): void {
  if (now < window.notBefore || now > window.notAfter) {
    throw new VerificationError('CERT_NOT_VALID_NOW', `${what} is outside its validity dates`);
  }
}
