/**
 * Importing a signing key from its SubjectPublicKeyInfo, with WebCrypto alone: what a certificate
 * record needs (`./cert-record.ts`), without the X.509/ASN.1 stack that `./algorithms.ts` loads.
 */
import { VerificationError } from './errors.ts';

/** RSA moduli below this are refused anywhere in the path (NIST SP 800-131A: 2048 bits since 2014). */
const MIN_RSA_BITS = 2048;

/**
 * Imports a signing certificate's RSA key from its SubjectPublicKeyInfo for `Signature-256`
 * (RSASSA-PKCS1-v1_5, SHA-256), refusing one under {@link MIN_RSA_BITS} bits: for a chain's
 * certificates, and for a key read back from a certificate record.
 * @throws {VerificationError} `CERT_KEY_UNSUPPORTED` (too small), `CERT_KEY_INVALID` when WebCrypto
 *   refuses the bytes (not an RSA key, not DER).
 */
export async function importSigningSpki(spki: Uint8Array): Promise<CryptoKey> {
  const key = await importOrRefuse(spki, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' });
  const bits = (key.algorithm as CryptoKeyRsaKeyAlgorithm).modulusLength;
  if (bits < MIN_RSA_BITS) throw new VerificationError('CERT_KEY_UNSUPPORTED', `RSA key of ${bits} bits`);
  return key;
}

/**
 * `spki` imported for `verify` with `algorithm`.
 * @throws {VerificationError} `CERT_KEY_INVALID` when WebCrypto refuses the bytes.
 */
export async function importOrRefuse(spki: Uint8Array, algorithm: SubtleCryptoImportKeyAlgorithm): Promise<CryptoKey> {
  try {
    return await crypto.subtle.importKey('spki', spki, algorithm, false, ['verify']);
  } catch (cause) {
    throw new VerificationError('CERT_KEY_INVALID', 'certificate key does not import', { cause });
  }
}
