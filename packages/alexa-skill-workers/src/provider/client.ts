import type { OAuthHelpers } from '@cloudflare/workers-oauth-provider';

/** The development client's credentials, as `GET /dev/client` answers them. */
export interface DevClient {
  readonly clientId: string;
  readonly clientSecret: string;
}

const CLIENT_KEY = 'local-provider:client';

/**
 * Loopback redirect URIs: the library matches a loopback redirect URI on any port (RFC 8252 §7.3),
 * so these cover `link`'s and the simulator's whatever `dev.redirectPort` is.
 */
const REDIRECT_URIS = ['http://localhost/callback', 'http://127.0.0.1/callback'];

/**
 * The one client of the provider (the skill's, as Alexa would be): made with the library's
 * `createClient` on first use (HTTP Basic client authentication) and its credentials kept in KV,
 * which `dev` persists in the command line's state folder, so they stay the same across restarts.
 */
export async function ensureClient(kv: KVNamespace, oauth: OAuthHelpers): Promise<DevClient> {
  const stored = await kv.get<DevClient>(CLIENT_KEY, 'json');
  if (stored && (await oauth.lookupClient(stored.clientId))) return stored;
  const client = await oauth.createClient({
    clientName: 'Your skill (alexa-skill-workers link)',
    redirectUris: REDIRECT_URIS,
    tokenEndpointAuthMethod: 'client_secret_basic',
  });
  const credentials = { clientId: client.clientId, clientSecret: client.clientSecret ?? '' };
  await kv.put(CLIENT_KEY, JSON.stringify(credentials));
  return credentials;
}
