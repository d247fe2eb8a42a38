import { VerificationError } from './errors.ts';

/**
 * Refuses a certificate, a validated chain's window or a certificate record outside its dates, as
 * every use of one must (RFC 5280 §4.1.2.5); for the memory cache and for records, it needs no X.509.
 * @throws {VerificationError} `CERT_NOT_VALID_NOW`
 */
export function assertValidAt(window: { notBefore: Date; notAfter: Date }, now: Date, what: string): void {
  if (now < window.notBefore || now > window.notAfter) {
    throw new VerificationError('CERT_NOT_VALID_NOW', `${what} is outside its validity dates`);
  }
}
