import { toHex } from '../lib/bytes.ts';
import { VerificationError } from './errors.ts';

/**
 * The elements inside one DER TLV (ITU-T X.690 §8.1), as slices of `bytes`: each child's whole
 * encoding, tag and length included. For bytes that already parsed as a certificate and re-encoded
 * to themselves (see `parseCertificate`); it checks only what it needs to stay in bounds.
 * @throws {Error} when a length runs past the end.
 */
function derChildren(bytes: Uint8Array): Uint8Array[] {
  const outer = header(bytes, 0);
  const children: Uint8Array[] = [];
  for (let at = outer.contentStart; at < outer.end; ) {
    const child = header(bytes, at);
    children.push(bytes.subarray(at, child.end));
    at = child.end;
  }
  return children;
}

function header(bytes: Uint8Array, at: number): { contentStart: number; end: number } {
  if ((bytes[at]! & 0x1f) === 0x1f) throw new Error('high tag numbers are not expected here');
  let length = bytes[at + 1]!;
  let contentStart = at + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[contentStart + i]!;
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > bytes.length || Number.isNaN(end)) throw new Error('DER length runs past the end');
  return { contentStart, end };
}

/**
 * The hex subject Name of a certificate, read with a DER walk and without parsing the rest; for
 * roots bundled with the code (see `lazyTrustAnchors`), never for certificates from a request.
 * @throws {VerificationError} `CERT_MALFORMED`
 */
export function subjectOf(der: Uint8Array): string {
  try {
    return toHex(tbsParts(derChildren(der)[0] ?? new Uint8Array()).subject);
  } catch (cause) {
    throw new VerificationError('CERT_MALFORMED', 'certificate has no readable subject', { cause });
  }
}

/** Issuer, subject and SubjectPublicKeyInfo of a tbsCertificate (RFC 5280 §4.1), as DER slices. */
export function tbsParts(tbs: Uint8Array): { issuer: Uint8Array; subject: Uint8Array; spki: Uint8Array } {
  const parts = derChildren(tbs);
  // After the optional [0] version, the serial number and the signature algorithm.
  const [issuer, , subject, spki] = parts.slice(parts[0]?.[0] === 0xa0 ? 3 : 2);
  if (!issuer || !subject || !spki) throw new Error('tbsCertificate is missing fields');
  return { issuer, subject, spki };
}
