/**
 * One UTF-8 encoder and one decoder for the isolate: constructing either per call costs a warm
 * request more than the work itself. Both are stateless between calls (the decoder is never
 * given `{ stream: true }`), so sharing them changes no result.
 */
const ENCODER = new TextEncoder();
const DECODER = new TextDecoder();

/** UTF-8 bytes of `text`. */
export function utf8(text: string): ReturnType<TextEncoder['encode']> {
  return ENCODER.encode(text);
}

/** `bytes` decoded as UTF-8, a malformed sequence replaced with U+FFFD (`new TextDecoder().decode`). */
export function fromUtf8(bytes: Uint8Array): string {
  return DECODER.decode(bytes);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lower-case hex of `bytes` (a table and one string, not an array of 2-character strings). */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!]!;
  return out;
}

/**
 * Decodes base64 (RFC 4648 §4, as `atob` accepts it) into bytes with a plain loop, which is
 * much cheaper than `Uint8Array.from(atob(text), fn)`.
 * @throws {DOMException} `InvalidCharacterError` when `text` is not base64, like `atob`.
 */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
