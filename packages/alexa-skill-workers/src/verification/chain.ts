import { KeyUsageFlags } from '@peculiar/asn1-x509';
import { VerificationError } from './errors.ts';
import { assertValidAt } from './validity.ts';
import { assertSignatureAlgorithmSupported, importAcceptableKey, isSignedBy } from './algorithms.ts';
import { subjectOf } from './der.ts';
import { parseCertificate, type ParsedCertificate } from './x509.ts';
import { pemToDer } from './pem.ts';

/** The DNS name Amazon's signing certificate must hold in its subjectAltName. */
const ALEXA_SIGNING_SAN = 'echo-api.amazon.com';

/**
 * Path building gives up after this many signature checks. Amazon's chains need two; the bound
 * keeps a bundle of many same-name issuers from costing exponential work before any request
 * signature is checked.
 */
export const MAX_SIGNATURE_CHECKS = 16;

/** A chain that validated: the signing certificate and the window in which the whole path is valid. */
export interface ValidatedChain {
  readonly signingCertificate: ParsedCertificate;
  /** The signing certificate's key, imported while checking it (RSA: for RSASSA-PKCS1-v1_5, SHA-256). */
  readonly signingKey: CryptoKey;
  /** Latest notBefore and earliest notAfter over the certificates of the path; re-check on every use. */
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** A pinned root: its subject (hex DER), which a chain walk stops at, and its parsed certificate. */
export interface TrustAnchor {
  readonly subject: string;
  certificate(): ParsedCertificate;
}

/**
 * Parses PEM roots once, each with every DER rule of {@link parseCertificate}.
 * @throws {VerificationError} `CERT_MALFORMED`
 */
export function parseTrustAnchors(pem: string): TrustAnchor[] {
  return pemToDer(pem).map((der) => {
    const certificate = parseCertificate(der);
    return { subject: certificate.subject, certificate: () => certificate };
  });
}

/**
 * Roots bundled with the code (Amazon's, fingerprints checked by a test): only each subject is
 * read up front; a root is parsed, with every DER rule, the first time a chain names it, and kept.
 * A new isolate so parses the one root Amazon's chain ends at, not all five.
 * @throws {VerificationError} `CERT_MALFORMED` (from `certificate()` too)
 */
export function lazyTrustAnchors(pem: string): TrustAnchor[] {
  return pemToDer(pem).map((der) => {
    let parsed: ParsedCertificate | undefined;
    return { subject: subjectOf(der), certificate: () => (parsed ??= parseCertificate(der)) };
  });
}

/**
 * Validates Amazon's certificate chain (PEM bundle, signing certificate first) against pinned roots.
 *
 * Implements the chain rules of Amazon's "Host a custom skill as a web service": the signing
 * certificate is within its dates and its SAN holds `echo-api.amazon.com`, and every
 * certificate up to a trusted root is signed by the next. Paths are built depth-first over every
 * bundle certificate whose subject is the issuer's name (RFC 4158), at most
 * {@link MAX_SIGNATURE_CHECKS} signature checks in all. A path ends at the first certificate whose
 * issuer is a pinned root, checked against every root of that name, so the cross-certificates
 * Amazon appends (up to Starfield Class 2, dropped by trust stores in 2025) are never needed.
 *
 * RFC 5280 §6.1 for each certificate of the path (roots are trust anchors, used for name and key
 * only): within its dates, no unknown critical extension, a supported signature algorithm (no
 * SHA-1), an RSA key of at least 2048 bits or an EC key on P-256/384/521. Issuing certificates are
 * CAs, their keyUsage (when present) holds keyCertSign, and their pathLenConstraint holds.
 *
 * @throws {VerificationError} `CERT_MALFORMED`, `CERT_NOT_VALID_NOW`, `CERT_SAN_MISMATCH`,
 *   `CERT_CHAIN_UNTRUSTED`, `CERT_CHAIN_SIGNATURE_INVALID`, `CERT_ISSUER_NOT_CA`,
 *   `CERT_KEY_USAGE_INVALID`, `CERT_PATH_LENGTH_EXCEEDED`, `CERT_EXTENSION_UNSUPPORTED`,
 *   `CERT_SIGNATURE_ALGORITHM_UNSUPPORTED`, `CERT_KEY_UNSUPPORTED`, `CERT_KEY_INVALID`; when no
 *   path validates, the code of the attempt that got furthest.
 */
export async function validateChain(
  pem: string,
  anchors: readonly TrustAnchor[],
  now: Date,
): Promise<ValidatedChain> {
  const bundle = pemToDer(pem).map(parseCertificate);
  const leaf = bundle[0]!;
  assertValidAt(leaf, now, 'signing certificate');
  if (!leaf.dnsNames.some((name) => name.toLowerCase() === ALEXA_SIGNING_SAN)) {
    throw new VerificationError('CERT_SAN_MISMATCH', `signing certificate SAN lacks ${ALEXA_SIGNING_SAN}`);
  }
  assertNoUnknownCriticalExtension(leaf);
  const signingKey = await importAcceptableKey(leaf);

  const path = await new PathBuilder(bundle.slice(1), anchors, now).extend([leaf]);
  let notBefore = leaf.notBefore;
  let notAfter = leaf.notAfter;
  for (const cert of path) {
    if (cert.notBefore > notBefore) notBefore = cert.notBefore;
    if (cert.notAfter < notAfter) notAfter = cert.notAfter;
  }
  return { signingCertificate: leaf, signingKey, notBefore, notAfter };
}


/** A depth-first search from the signing certificate to a pinned root, with a signature budget. */
class PathBuilder {
  #checks = 0;
  /** The failure of the attempt that got furthest (ties: the first). */
  #furthest: { depth: number; error: VerificationError } | undefined;

  constructor(
    private readonly candidates: readonly ParsedCertificate[],
    private readonly anchors: readonly TrustAnchor[],
    private readonly now: Date,
  ) {}

  /** Returns a validated path that starts with `path`, or throws the furthest failure. */
  async extend(path: readonly ParsedCertificate[]): Promise<readonly ParsedCertificate[]> {
    const found = await this.#search(path);
    if (found) return found;
    throw this.#furthest?.error ?? new VerificationError('CERT_CHAIN_UNTRUSTED', 'chain does not reach a pinned root');
  }

  async #search(path: readonly ParsedCertificate[]): Promise<readonly ParsedCertificate[] | undefined> {
    const current = path[path.length - 1]!;
    try {
      assertSignatureAlgorithmSupported(current);
    } catch (error) {
      return this.#fail(path.length, error);
    }
    const roots = this.anchors.filter((root) => root.subject === current.issuer);
    if (roots.length > 0) {
      for (const root of roots) if (await this.#signed(current, root.certificate())) return path;
      return this.#fail(path.length, new VerificationError('CERT_CHAIN_SIGNATURE_INVALID', 'pinned root did not sign the chain'));
    }
    const issuers = this.candidates.filter((c) => c.subject === current.issuer && !path.includes(c));
    if (issuers.length === 0) {
      return this.#fail(path.length, new VerificationError('CERT_CHAIN_UNTRUSTED', 'chain does not reach a pinned root'));
    }
    for (const issuer of issuers) {
      try {
        await assertMayIssue(issuer, path, this.now);
      } catch (error) {
        this.#fail(path.length, error);
        continue;
      }
      if (!(await this.#signed(current, issuer))) {
        this.#fail(path.length, new VerificationError('CERT_CHAIN_SIGNATURE_INVALID', 'a certificate is not signed by its issuer'));
        continue;
      }
      const found = await this.#search([...path, issuer]);
      if (found) return found;
    }
    return undefined;
  }

  /** @throws {VerificationError} `CERT_CHAIN_UNTRUSTED` once the budget is spent, ending the search. */
  async #signed(subject: ParsedCertificate, issuer: ParsedCertificate): Promise<boolean> {
    if (++this.#checks > MAX_SIGNATURE_CHECKS) {
      throw new VerificationError('CERT_CHAIN_UNTRUSTED', `no path found within ${MAX_SIGNATURE_CHECKS} signature checks`);
    }
    return isSignedBy(subject, issuer);
  }

  #fail(depth: number, error: unknown): undefined {
    if (!(error instanceof VerificationError)) throw error;
    if (!this.#furthest || depth > this.#furthest.depth) this.#furthest = { depth, error };
    return undefined;
  }
}

/**
 * RFC 5280 §6.1.3–6.1.4 for a certificate that would issue the last one of `path`.
 * @throws {VerificationError}
 */
async function assertMayIssue(issuer: ParsedCertificate, path: readonly ParsedCertificate[], now: Date): Promise<void> {
  if (!issuer.isCA) throw new VerificationError('CERT_ISSUER_NOT_CA', 'an issuing certificate is not a CA');
  if (issuer.keyUsage !== undefined && !(issuer.keyUsage & KeyUsageFlags.keyCertSign)) {
    throw new VerificationError('CERT_KEY_USAGE_INVALID', 'an issuing certificate lacks keyCertSign');
  }
  // Intermediates below this one, not counting self-issued ones (§4.2.1.9); path[0] is the signing certificate.
  const below = path.slice(1).filter((cert) => cert.subject !== cert.issuer).length;
  if (issuer.pathLenConstraint !== undefined && below > issuer.pathLenConstraint) {
    throw new VerificationError('CERT_PATH_LENGTH_EXCEEDED', 'an issuing certificate allows a shorter path');
  }
  assertNoUnknownCriticalExtension(issuer);
  assertValidAt(issuer, now, 'intermediate certificate');
  await importAcceptableKey(issuer);
}

/** @throws {VerificationError} `CERT_EXTENSION_UNSUPPORTED` */
function assertNoUnknownCriticalExtension(cert: ParsedCertificate): void {
  if (cert.unknownCriticalExtensions.length > 0) {
    throw new VerificationError('CERT_EXTENSION_UNSUPPORTED', 'a certificate has an unknown critical extension');
  }
}
