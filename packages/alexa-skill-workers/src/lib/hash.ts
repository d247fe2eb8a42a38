import { toHex, utf8 } from './bytes.ts';

/** SHA-256 of a UTF-8 string (WebCrypto). */
export async function sha256(text: string): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(text)));
}

/** Lower-case hex SHA-256 of a UTF-8 string; used to turn URLs, tokens and IDs into cache keys. */
export async function sha256Hex(text: string): Promise<string> {
  return toHex(await sha256(text));
}
