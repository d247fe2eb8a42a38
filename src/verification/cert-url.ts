import { VerificationError } from './errors';

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
 * Amazon never sends it, and it only serves to disguise a URL.
 *
 * Callers must fetch the returned string, never the raw header.
 * @throws {VerificationError} `CERT_URL_INVALID`
 */
export function normalizeCertUrl(raw: string): string {
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
  return url.href;
}

function invalid(reason: string): VerificationError {
  return new VerificationError('CERT_URL_INVALID', `certificate URL rejected: ${reason}`);
}
