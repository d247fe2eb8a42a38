/**
 * A strict reader of DER (ITU-T X.690 §10, the Distinguished Encoding Rules), enough for X.509
 * (RFC 5280 §4.1: certificates are DER). Each element is one TLV: a one-byte tag (X.509's fields
 * need no high tag numbers), a definite length in its shortest form (§10.1, §8.1.3), and contents
 * that end within their parent. Anything else (an indefinite length, a long form that could be
 * short, a length with leading zero bytes, a length past the end) is refused, so a certificate has
 * exactly one encoding and the bytes a signature covers are the bytes that are read.
 */

/** A DER input that breaks a rule; the X.509 parser turns it into `CERT_MALFORMED`. */
export class DerError extends Error {
  override readonly name = 'DerError';
}

/** One element: its tag byte, its whole encoding (tag and length included) and its contents. */
export interface Tlv {
  readonly tag: number;
  readonly bytes: Uint8Array;
  readonly content: Uint8Array;
}

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** Lengths above this are refused (no certificate part comes near it). */
const MAX_LENGTH_BYTES = 3;

/** The element starting at `at` in `bytes`. @throws {DerError} */
function readAt(bytes: Uint8Array, at: number): Tlv {
  const tag = bytes[at];
  const first = bytes[at + 1];
  if (tag === undefined || first === undefined) throw new DerError('element truncated');
  if ((tag & 0x1f) === 0x1f) throw new DerError('high tag number');
  let length = first;
  let contentStart = at + 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0) throw new DerError('indefinite length');
    if (count > MAX_LENGTH_BYTES) throw new DerError('length too long');
    if (bytes[contentStart] === 0) throw new DerError('length not in its shortest form');
    length = 0;
    for (let i = 0; i < count; i++) {
      const byte = bytes[contentStart + i];
      if (byte === undefined) throw new DerError('length truncated');
      length = length * 256 + byte;
    }
    if (length < 0x80) throw new DerError('length not in its shortest form');
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > bytes.length) throw new DerError('length runs past the end');
  return { tag, bytes: bytes.subarray(at, end), content: bytes.subarray(contentStart, end) };
}

/** The element `bytes` starts with, whatever follows it. @throws {DerError} */
export function readFirst(bytes: Uint8Array): Tlv {
  return readAt(bytes, 0);
}

/** `bytes` as exactly one element, nothing before or after it. @throws {DerError} */
export function readDer(bytes: Uint8Array): Tlv {
  const tlv = readAt(bytes, 0);
  if (tlv.bytes.length !== bytes.length) throw new DerError('bytes after the element');
  return tlv;
}

/** The elements that fill `content` exactly (a SEQUENCE's or a SET's, or an explicit tag's). @throws {DerError} */
export function childrenOf(content: Uint8Array): Tlv[] {
  const children: Tlv[] = [];
  for (let at = 0; at < content.length; ) {
    const child = readAt(content, at);
    children.push(child);
    at += child.bytes.length;
  }
  return children;
}

/** `tlv` when its tag is `tag`. @throws {DerError} */
export function expectTag(tlv: Tlv | undefined, tag: number, what: string): Tlv {
  if (!tlv || tlv.tag !== tag) throw new DerError(`${what}: unexpected element`);
  return tlv;
}

/** The children of `tlv`, which must have tag `tag` (a constructed one). @throws {DerError} */
export function constructed(tlv: Tlv | undefined, tag: number, what: string): Tlv[] {
  return childrenOf(expectTag(tlv, tag, what).content);
}

/** Checks every element nested in `tlv` (for values read as a whole, e.g. a Name's attribute values). @throws {DerError} */
export function assertWellFormed(tlv: Tlv, depth = 0): void {
  if (depth > 16) throw new DerError('nested too deeply');
  if (tlv.tag & 0x20) for (const child of childrenOf(tlv.content)) assertWellFormed(child, depth + 1);
}

/** A DER BOOLEAN: one byte, 0x00 or 0xFF (X.690 §11.1). @throws {DerError} */
export function readBoolean(tlv: Tlv): boolean {
  const [value] = tlv.content;
  if (tlv.content.length !== 1 || (value !== 0x00 && value !== 0xff)) throw new DerError('BOOLEAN not DER');
  return value === 0xff;
}

/** A DER INTEGER's two's-complement bytes, checked to be in their shortest form (X.690 §8.3.2). @throws {DerError} */
export function readIntegerBytes(tlv: Tlv | undefined): Uint8Array {
  const bytes = expectTag(tlv, TAG.INTEGER, 'INTEGER').content;
  if (bytes.length === 0) throw new DerError('INTEGER empty');
  if (bytes.length > 1 && ((bytes[0] === 0x00 && bytes[1]! < 0x80) || (bytes[0] === 0xff && bytes[1]! >= 0x80))) {
    throw new DerError('INTEGER not in its shortest form');
  }
  return bytes;
}

/** A non-negative INTEGER small enough for a number (versions, path lengths). @throws {DerError} */
export function readSmallInteger(tlv: Tlv | undefined): number {
  const bytes = readIntegerBytes(tlv);
  if (bytes[0]! & 0x80) throw new DerError('INTEGER negative');
  if (bytes.length > 4) throw new DerError('INTEGER too large');
  return bytes.reduce((value, byte) => value * 256 + byte, 0);
}

/**
 * A BIT STRING (X.690 §8.6, §11.2): its bytes, and how many bits of the last one are unused,
 * which DER requires to be zero.
 * @throws {DerError}
 */
export function readBitString(tlv: Tlv | undefined): { bytes: Uint8Array; unusedBits: number } {
  const content = expectTag(tlv, TAG.BIT_STRING, 'BIT STRING').content;
  const unusedBits = content[0];
  if (unusedBits === undefined || unusedBits > 7 || (content.length === 1 && unusedBits !== 0)) throw new DerError('BIT STRING unused bits');
  const bytes = content.subarray(1);
  if (unusedBits > 0 && (bytes[bytes.length - 1]! & ((1 << unusedBits) - 1)) !== 0) throw new DerError('BIT STRING unused bits not zero');
  return { bytes, unusedBits };
}

/** A BIT STRING that holds whole bytes (a signature, a key). @throws {DerError} */
export function readOctetAlignedBits(tlv: Tlv | undefined): Uint8Array {
  const { bytes, unusedBits } = readBitString(tlv);
  if (unusedBits !== 0) throw new DerError('BIT STRING not octet-aligned');
  return bytes;
}

/** An OBJECT IDENTIFIER in dotted form (X.690 §8.19), each subidentifier in its shortest form. @throws {DerError} */
export function readOid(tlv: Tlv | undefined): string {
  const bytes = expectTag(tlv, TAG.OID, 'OBJECT IDENTIFIER').content;
  if (bytes.length === 0 || bytes[bytes.length - 1]! & 0x80) throw new DerError('OBJECT IDENTIFIER truncated');
  const arcs: string[] = [];
  let value = 0;
  let big: bigint | undefined;
  let start = true;
  for (const byte of bytes) {
    if (start && byte === 0x80) throw new DerError('OBJECT IDENTIFIER not in its shortest form');
    // Arcs past 2^53 (UUID-based OIDs under 2.25) go on in BigInt.
    if (big === undefined && value >= 2 ** 45) big = BigInt(value);
    if (big === undefined) value = value * 128 + (byte & 0x7f);
    else big = (big << 7n) | BigInt(byte & 0x7f);
    start = (byte & 0x80) === 0;
    if (!start) continue;
    if (arcs.length === 0) {
      const first = big === undefined ? (value < 40 ? 0 : value < 80 ? 1 : 2) : 2;
      arcs.push(String(first), big === undefined ? String(value - first * 40) : String(big - 80n));
    } else {
      arcs.push(big === undefined ? String(value) : String(big));
    }
    value = 0;
    big = undefined;
  }
  return arcs.join('.');
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A certificate's Time (RFC 5280 §4.1.2.5): UTCTime `YYMMDDHHMMSSZ` (years 1950–2049) or
 * GeneralizedTime `YYYYMMDDHHMMSSZ`, in UTC, seconds present, no fraction; the only DER forms
 * RFC 5280 allows.
 * @throws {DerError}
 */
export function readTime(tlv: Tlv): Date {
  const text = String.fromCharCode(...tlv.content);
  const utc = tlv.tag === TAG.UTC_TIME;
  if (!utc && tlv.tag !== TAG.GENERALIZED_TIME) throw new DerError('Time: unexpected element');
  const match = (utc ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/ : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/).exec(text);
  if (!match) throw new DerError('Time not in its DER form');
  const [year2, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const year = utc ? (year2 >= 50 ? 1900 + year2 : 2000 + year2) : year2;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  if (days === undefined || day < 1 || day > days || hour > 23 || minute > 59 || second > 59) throw new DerError('Time out of range');
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second));
}
