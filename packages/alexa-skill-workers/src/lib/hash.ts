import { toHex, utf8 } from './bytes.ts';

/** Lower-case hex SHA-256 of a UTF-8 string; used to turn URLs, tokens and IDs into cache keys. */
export async function sha256Hex(text: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(text))));
}
