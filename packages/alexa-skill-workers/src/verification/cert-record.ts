import { fromBase64, utf8 } from '../lib/bytes.ts';
import { sha256Hex } from '../lib/hash.ts';
import { isRecord } from '../lib/json.ts';
import { VerificationError } from './errors.ts';

/** The format of a certificate record; a record of any other version is refused. */
export const CERT_RECORD_VERSION = 1;

/** The shortest secret accepted for records: 32 characters (`openssl rand -base64 32` gives 44). */
export const MIN_RECORD_SECRET_LENGTH = 32;

/** What a chain's validation proved, and all a request's verification needs of it afterwards. */
export interface VerifiedCertificate {
  /** The normalized certificate URL the chain was downloaded from (see `normalizeCertUrl`). */
  readonly url: string;
  /** The signing certificate's DER SubjectPublicKeyInfo (RSA). */
  readonly spki: Uint8Array;
  /** The window in which every certificate of the validated path is valid. */
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** Why a stored record was refused (the log's `reason`). */
export type RecordRefusal = 'not_json' | 'version' | 'fields' | 'url' | 'mac';

/** A record that does not authenticate, or is not one; logged, never answered (the chain is fetched instead). */
export class RecordError extends VerificationError {
  constructor(readonly reason: RecordRefusal) {
    super('CERT_RECORD_INVALID', `certificate record refused (${reason})`);
  }
}

/**
 * Seals and opens certificate records: the verified result of a chain, kept in KV so that a new
 * isolate needs no X.509 parsing, authenticated with HMAC-SHA-256 (RFC 2104) under a key derived
 * with HKDF-SHA-256 (RFC 5869) from a secret the Worker is given. The derivation's `info` names
 * the format version and the SHA-256 of the trusted roots, so a record sealed under other roots
 * (a development CA) never opens under Amazon's, even with the same secret and namespace.
 *
 * A record proves that an isolate holding the secret validated this URL's chain under these roots
 * (and, since the store writes only then, that a request signed with its key verified). Opening it
 * checks the structure, the version, the URL it claims and the MAC (in constant time, by
 * WebCrypto); the caller re-checks the dates on every use and that the key imports.
 */
export interface CertificateRecords {
  /** The record's text (JSON) for `cert`. */
  seal(cert: VerifiedCertificate): Promise<string>;
  /**
   * The certificate `text` records for `url`.
   * @throws {RecordError} `CERT_RECORD_INVALID` with the reason: not JSON, another version,
   *   missing or malformed fields, another URL, a MAC that does not verify.
   */
  open(text: string, url: string): Promise<VerifiedCertificate>;
}

/**
 * Records under `secret` (at least {@link MIN_RECORD_SECRET_LENGTH} characters, checked by the
 * caller) for chains validated against the roots in `trustedRootsPem`. The key is derived once,
 * on first use.
 * @see https://www.rfc-editor.org/rfc/rfc5869 (HKDF)
 * @see https://www.rfc-editor.org/rfc/rfc2104 (HMAC)
 */
export function certificateRecords(secret: string, trustedRootsPem: string): CertificateRecords {
  let key: Promise<CryptoKey> | undefined;
  const macKey = () => (key ??= deriveKey(secret, trustedRootsPem));
  const message = (url: string, notBefore: number, notAfter: number, spki: string) =>
    utf8(JSON.stringify([CERT_RECORD_VERSION, url, notBefore, notAfter, spki]));
  return {
    async seal(cert) {
      const spki = toBase64(cert.spki);
      const [notBefore, notAfter] = [cert.notBefore.getTime(), cert.notAfter.getTime()];
      const mac = await crypto.subtle.sign('HMAC', await macKey(), message(cert.url, notBefore, notAfter, spki));
      return JSON.stringify({ v: CERT_RECORD_VERSION, url: cert.url, notBefore, notAfter, spki, mac: toBase64(new Uint8Array(mac)) });
    },
    async open(text, url) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new RecordError('not_json');
      }
      if (!isRecord(value)) throw new RecordError('not_json');
      if (value.v !== CERT_RECORD_VERSION) throw new RecordError('version');
      const { notBefore, notAfter, spki, mac } = value;
      if (typeof value.url !== 'string' || !isTime(notBefore) || !isTime(notAfter) || notBefore > notAfter || typeof spki !== 'string' || typeof mac !== 'string') {
        throw new RecordError('fields');
      }
      if (value.url !== url) throw new RecordError('url');
      const [spkiBytes, macBytes] = [decode(spki), decode(mac)];
      if (!(await crypto.subtle.verify('HMAC', await macKey(), macBytes, message(url, notBefore, notAfter, spki)))) {
        throw new RecordError('mac');
      }
      return { url, spki: spkiBytes, notBefore: new Date(notBefore), notAfter: new Date(notAfter) };
    },
  };
}

async function deriveKey(secret: string, trustedRootsPem: string): Promise<CryptoKey> {
  // The roots' PEM text, trimmed: other roots, or the same ones written differently, give another
  // key, so their records fail the MAC once and are sealed again. Hashing text needs no X.509.
  const trust = await sha256Hex(trustedRootsPem.trim());
  const ikm = await crypto.subtle.importKey('raw', utf8(secret), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(), info: utf8(`alexa-skill-workers certificate record v${CERT_RECORD_VERSION} roots ${trust}`) },
    ikm,
    { name: 'HMAC', hash: 'SHA-256', length: 256 },
    false,
    ['sign', 'verify'],
  );
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

function decode(text: string): Uint8Array<ArrayBuffer> {
  try {
    return fromBase64(text);
  } catch {
    throw new RecordError('fields');
  }
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]!);
  return btoa(binary);
}
