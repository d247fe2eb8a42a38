import { fromBase64 } from '../lib/bytes.ts';
import { VerificationError } from './errors.ts';

const BLOCK = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

/**
 * Splits a PEM bundle (RFC 7468) into the DER bytes of each certificate, in order.
 * @throws {VerificationError} `CERT_MALFORMED` when there is no certificate or the base64 is bad.
 */
export function pemToDer(pem: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const match of pem.matchAll(BLOCK)) {
    const body = (match[1] ?? '').replace(/\s+/g, '');
    try {
      out.push(fromBase64(body));
    } catch (cause) {
      throw new VerificationError('CERT_MALFORMED', 'certificate PEM is not base64', { cause });
    }
  }
  if (out.length === 0) throw new VerificationError('CERT_MALFORMED', 'no certificate in PEM bundle');
  return out;
}
