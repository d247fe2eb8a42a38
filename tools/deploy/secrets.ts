/**
 * Whether the deployed skill has `ALEXA_CERT_CACHE_SECRET`, read from `wrangler secret list
 * --format json` (an array of `{ "name", "type" }`; the values are never listed). The secret is
 * not required, but without it every new isolate validates Alexa's certificate chain in full
 * (the kit's caching page, "Certificate records"), so `npm run deploy` says how to set it.
 */

/** The setting the skill reads (docs/configuration.md). */
export const CERT_CACHE_SECRET = 'ALEXA_CERT_CACHE_SECRET';

/**
 * The secret names in `wrangler secret list --format json` output, or undefined when the output
 * is not that list (wrangler failed, printed an error, or changed its format): then whether the
 * secret is set is unknown, and the caller says so rather than guessing.
 */
export function listedSecrets(output: string): readonly string[] | undefined {
  const start = output.indexOf('[');
  const end = output.lastIndexOf(']');
  if (start < 0 || end < start) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(output.slice(start, end + 1));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  const names: string[] = [];
  for (const entry of parsed) {
    const name = (entry as { name?: unknown } | null)?.name;
    if (typeof name !== 'string') return undefined;
    names.push(name);
  }
  return names;
}

/** The command that sets a fresh random secret without it ever being typed, shown or kept in a file. */
export const PUT_CERT_CACHE_SECRET = `openssl rand -base64 32 | npx wrangler secret put ${CERT_CACHE_SECRET} --env production`;
