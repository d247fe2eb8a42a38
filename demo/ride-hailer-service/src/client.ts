import type { OAuthHelpers } from '@cloudflare/workers-oauth-provider';

/** Where Alexa sends the user back after linking, per Alexa region (vendor ID appended). */
const ALEXA_REDIRECT_BASES = [
  'https://pitangui.amazon.com/api/skill/link/',
  'https://layla.amazon.com/api/skill/link/',
  'https://alexa.amazon.co.jp/api/skill/link/',
];

export interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUris: readonly string[];
}

/** The redirect URIs the Alexa client may use: Alexa's three, plus a local one for development. */
export function allowedRedirectUris(vendorId: string, localRedirectUri: string | undefined): string[] {
  const uris = ALEXA_REDIRECT_BASES.map((base) => base + vendorId);
  if (localRedirectUri) uris.push(localRedirectUri);
  return uris;
}

const CLIENT_KEY = 'demo:alexa-client';

/**
 * The OAuth client Alexa uses (put its ID and secret in the skill's accountLinking.json). It is
 * created on first use with the library's `createClient` and its credentials kept in KV, so the
 * demo needs no manual registration; its redirect URIs follow the configuration.
 */
export async function ensureAlexaClient(
  kv: KVNamespace,
  oauth: OAuthHelpers,
  redirectUris: string[],
): Promise<ClientCredentials> {
  const stored = await kv.get<ClientCredentials>(CLIENT_KEY, 'json');
  if (stored && (await oauth.lookupClient(stored.clientId))) {
    if (stored.redirectUris.join(' ') !== redirectUris.join(' ')) {
      await oauth.updateClient(stored.clientId, { redirectUris });
      const updated = { ...stored, redirectUris };
      await kv.put(CLIENT_KEY, JSON.stringify(updated));
      return updated;
    }
    return stored;
  }
  const client = await oauth.createClient({
    clientName: 'Alexa (Ride Hailer skill)',
    redirectUris,
    tokenEndpointAuthMethod: 'client_secret_basic',
  });
  const credentials = { clientId: client.clientId, clientSecret: client.clientSecret ?? '', redirectUris };
  await kv.put(CLIENT_KEY, JSON.stringify(credentials));
  return credentials;
}
