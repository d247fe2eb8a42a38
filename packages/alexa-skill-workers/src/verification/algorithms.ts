import { ECDSASigValue } from '@peculiar/asn1-ecc';
import { AsnConvert } from '@peculiar/asn1-schema';
import { VerificationError } from './errors.ts';
import { importOrRefuse, importSigningSpki } from './signing-spki.ts';
import type { ParsedCertificate } from './x509.ts';

const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const EC_PUBLIC_KEY = '1.2.840.10045.2.1';

/** Certificate signature algorithms accepted in a chain (RFC 4055, RFC 5758). SHA-1 is not. */
const SIGNATURE_ALGORITHMS: Record<string, { key: string; hash: string }> = {
  '1.2.840.113549.1.1.11': { key: RSA_ENCRYPTION, hash: 'SHA-256' },
  '1.2.840.113549.1.1.12': { key: RSA_ENCRYPTION, hash: 'SHA-384' },
  '1.2.840.113549.1.1.13': { key: RSA_ENCRYPTION, hash: 'SHA-512' },
  '1.2.840.10045.4.3.2': { key: EC_PUBLIC_KEY, hash: 'SHA-256' },
  '1.2.840.10045.4.3.3': { key: EC_PUBLIC_KEY, hash: 'SHA-384' },
  '1.2.840.10045.4.3.4': { key: EC_PUBLIC_KEY, hash: 'SHA-512' },
};

const CURVES: Record<string, { name: string; size: number }> = {
  '1.2.840.10045.3.1.7': { name: 'P-256', size: 32 },
  '1.3.132.0.34': { name: 'P-384', size: 48 },
  '1.3.132.0.35': { name: 'P-521', size: 66 },
};

/**
 * Refuses a certificate signed with an algorithm outside the table above: SHA-1 (RFC 9155 deprecates
 * it; Amazon's chains have been SHA-256 since at least 2019), MD5, RSA-PSS, EdDSA.
 * @throws {VerificationError} `CERT_SIGNATURE_ALGORITHM_UNSUPPORTED`
 */
export function assertSignatureAlgorithmSupported(cert: ParsedCertificate): void {
  if (!SIGNATURE_ALGORITHMS[cert.signatureAlgorithm]) {
    throw new VerificationError(
      'CERT_SIGNATURE_ALGORITHM_UNSUPPORTED',
      `certificate signature algorithm ${cert.signatureAlgorithm} is not accepted`,
    );
  }
}

/**
 * Refuses a certificate whose public key is weak or of a kind this verifier does not use: RSA
 * under `MIN_RSA_BITS` (`./signing-spki.ts`) bits, EC on a curve other than P-256/384/521, any other algorithm.
 * The RSA size is what WebCrypto reports once the key is imported. Returns the imported key: an
 * RSA key is imported for RSASSA-PKCS1-v1_5 with SHA-256, what `Signature-256` needs, so the
 * signing certificate's key is imported once.
 * @throws {VerificationError} `CERT_KEY_UNSUPPORTED`, or `CERT_KEY_INVALID` when WebCrypto refuses the key.
 */
export async function importAcceptableKey(cert: ParsedCertificate): Promise<CryptoKey> {
  if (cert.keyAlgorithm === RSA_ENCRYPTION) return importSigningSpki(cert.spki);
  const curve = cert.keyAlgorithm === EC_PUBLIC_KEY && cert.keyCurve ? CURVES[cert.keyCurve] : undefined;
  if (!curve) throw new VerificationError('CERT_KEY_UNSUPPORTED', 'certificate key is neither RSA nor EC on a NIST curve');
  return importOrRefuse(cert.spki, { name: 'ECDSA', namedCurve: curve.name });
}


/**
 * Checks that `issuer`'s key signed `subject` (RFC 5280 §6.1.3 (a)(1)), with WebCrypto.
 * Returns false for a bad signature, a key/algorithm mismatch or an unsupported algorithm.
 */
export async function isSignedBy(subject: ParsedCertificate, issuer: ParsedCertificate): Promise<boolean> {
  const alg = SIGNATURE_ALGORITHMS[subject.signatureAlgorithm];
  if (!alg || alg.key !== issuer.keyAlgorithm) return false;
  try {
    if (alg.key === RSA_ENCRYPTION) {
      const key = await crypto.subtle.importKey(
        'spki',
        issuer.spki,
        { name: 'RSASSA-PKCS1-v1_5', hash: alg.hash },
        false,
        ['verify'],
      );
      return await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, subject.signature, subject.tbs);
    }
    const curve = issuer.keyCurve ? CURVES[issuer.keyCurve] : undefined;
    if (!curve) return false;
    const key = await crypto.subtle.importKey('spki', issuer.spki, { name: 'ECDSA', namedCurve: curve.name }, false, [
      'verify',
    ]);
    const raw = ecdsaDerToRaw(subject.signature, curve.size);
    return await crypto.subtle.verify({ name: 'ECDSA', hash: alg.hash }, key, raw, subject.tbs);
  } catch {
    return false;
  }
}

/** X.509 carries ECDSA signatures as DER `Ecdsa-Sig-Value` (RFC 3279); WebCrypto wants r‖s. */
function ecdsaDerToRaw(der: Uint8Array, size: number): Uint8Array {
  const { r, s } = AsnConvert.parse(der, ECDSASigValue);
  const out = new Uint8Array(size * 2);
  out.set(fit(new Uint8Array(r), size), 0);
  out.set(fit(new Uint8Array(s), size), size);
  return out;
}

function fit(int: Uint8Array, size: number): Uint8Array {
  let start = 0;
  while (start < int.length - 1 && int[start] === 0) start++;
  const trimmed = int.subarray(start);
  if (trimmed.length > size) throw new Error('ECDSA integer too long');
  const out = new Uint8Array(size);
  out.set(trimmed, size - trimmed.length);
  return out;
}

/**
 * Imports the Alexa signing certificate's key for `Signature-256` (RSASSA-PKCS1-v1_5, SHA-256).
 * @throws {VerificationError} `CERT_KEY_UNSUPPORTED` when the key is not RSA, `CERT_KEY_INVALID`
 *   when WebCrypto refuses it.
 */
export async function importSigningKey(cert: ParsedCertificate): Promise<CryptoKey> {
  assertRsaSigningKey(cert);
  return importOrRefuse(cert.spki, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' });
}

/**
 * `Signature-256` is RSASSA-PKCS1-v1_5: the signing certificate's key must be RSA.
 * @throws {VerificationError} `CERT_KEY_UNSUPPORTED`
 */
export function assertRsaSigningKey(cert: ParsedCertificate): void {
  if (cert.keyAlgorithm !== RSA_ENCRYPTION) {
    throw new VerificationError('CERT_KEY_UNSUPPORTED', 'signing certificate key is not RSA');
  }
}

