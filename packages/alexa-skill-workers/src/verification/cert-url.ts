import { VerificationError } from './errors.ts';

const HOST = 's3.amazonaws.com';
const PATH_PREFIX = '/echo.api/';
/** An `@` in the authority, i.e. before the first `/`, `\`, `?` or `#` after the scheme. */
const USERINFO = /^[a-z][a-z0-9+.-]*:[/\\]*[^/\\?#]*@/i;

/**
 * Validates the `SignatureCertChainUrl` header and returns the normalized URL to fetch.
 *
 * Implements Amazon's rules for a skill hosted as a web service ("Verify the signature
 * certificate URL"): after normalization (dot segments resolved, WHATWG URL parsing) the
 * scheme is `https`, the host is `s3.amazonaws.com` (case-insensitive), the port is absent or
 * 443, and the path starts with `/echo.api/` (case-sensitive). Userinfo is refused as well:
 * Amazon never sends it, and it only serves to disguise a URL. So is a query string or a fragment,
 * even an empty one: Amazon never sends either, and each distinct `?n=…` would otherwise name a
 * new URL to download and cache before any signature is checked. For the same reason no `%` may
 * be left in the normalized path: S3 decodes the object key, so `%65cho-api-cert.pem` names the
 * same chain as `echo-api-cert.pem` under a new URL, and Amazon never sends an encoded character.
 * The check is on the parsed path, after WHATWG resolved percent-encoded dot segments (`%2e%2e`)
 * and encoded what it must (a space, non-ASCII), so neither can slip past it.
 *
 * Callers must fetch the returned string, never the raw header.
 * @throws {VerificationError} `CERT_URL_INVALID`
 */
export function normalizeCertUrl(raw: string): string {
  if (raw === lastAccepted?.raw) return lastAccepted.href;
  const href = normalize(raw);
  lastAccepted = { raw, href };
  return href;
}

/**
 * The last header that passed, and what it normalized to: Alexa sends the same URL on every request
 * for months, and parsing it costs a warm request a URL parse and a regular expression each time.
 * The rules are a pure function of the text, so the same text passes the same way; only a header
 * that passed is kept, so a refused one is checked again every time.
 */
let lastAccepted: { readonly raw: string; readonly href: string } | undefined;

function normalize(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch (cause) {
    throw new VerificationError('CERT_URL_INVALID', 'certificate URL does not parse', { cause });
  }
  // WHATWG URL lower-cases scheme and host, drops the default port and resolves "." and "..".
  if (url.protocol !== 'https:') throw invalid('scheme is not https');
  if (url.hostname !== HOST) throw invalid('host is not s3.amazonaws.com');
  if (url.port !== '' && url.port !== '443') throw invalid('port is not 443');
  // WHATWG reports an empty userinfo (`https://:@host/`) as absent; look at the authority itself.
  if (url.username !== '' || url.password !== '' || USERINFO.test(raw.trim())) throw invalid('URL carries userinfo');
  if (!url.pathname.startsWith(PATH_PREFIX)) throw invalid('path does not start with /echo.api/');
  if (url.pathname.includes('%')) throw invalid('path carries a percent-encoded character');
  // `search` and `hash` are '' for a bare `?` or `#`; the serialized URL still shows them, and
  // nowhere else (a `?` or `#` in the path is percent-encoded).
  if (/[?#]/.test(url.href)) throw invalid('URL carries a query string or a fragment');
  return url.href;
}

function invalid(reason: string): VerificationError {
  return new VerificationError('CERT_URL_INVALID', `certificate URL rejected: ${reason}`);
}
