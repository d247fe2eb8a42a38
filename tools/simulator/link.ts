/**
 * Account linking as Alexa does it (authorization code grant, RFC 6749 §4.1, with PKCE, RFC 7636):
 * send the user to the service's login page, receive the code on the redirect URI, exchange it at
 * the token endpoint with the client's credentials (HTTP Basic, as accountLinking.json says), and
 * refresh the access token when it expires.
 */
import { createServer } from 'node:http';
import type { LinkedTokens } from './state.ts';

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

export interface LinkOptions {
  readonly serviceUrl: string;
  readonly redirectUri: string;
  readonly client: ClientCredentials;
  /** Called with the login URL to open. */
  readonly onUrl: (url: string) => void;
  readonly timeoutMs?: number;
}

const b64url = (bytes: ArrayBuffer | Uint8Array) =>
  Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('base64url');

/** Asks the local demo service for the Alexa client's credentials (development mode only). */
export async function fetchDevClient(serviceUrl: string): Promise<ClientCredentials> {
  const response = await fetch(`${serviceUrl}/dev/client`);
  if (!response.ok) throw new Error(`the service at ${serviceUrl} did not give its dev client (${response.status}); is npm run dev running?`);
  return (await response.json()) as ClientCredentials;
}

export async function link(options: LinkOptions): Promise<LinkedTokens> {
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const state = b64url(crypto.getRandomValues(new Uint8Array(16)));
  const authorize = new URL('/authorize', options.serviceUrl);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: options.client.clientId,
    redirect_uri: options.redirectUri,
    scope: 'profile rides',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();

  const code = await receiveCode(options.redirectUri, state, () => options.onUrl(authorize.href), options.timeoutMs ?? 300_000);
  return tokenRequest(options, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: options.redirectUri,
    code_verifier: verifier,
  });
}

/** Uses the refresh token, as Alexa does when the access token has expired. */
export async function refresh(options: Pick<LinkOptions, 'serviceUrl' | 'client'>, tokens: LinkedTokens): Promise<LinkedTokens> {
  if (!tokens.refreshToken) throw new Error('no refresh token: link again');
  return tokenRequest(options, { grant_type: 'refresh_token', refresh_token: tokens.refreshToken });
}

async function tokenRequest(options: Pick<LinkOptions, 'serviceUrl' | 'client'>, form: Record<string, string>): Promise<LinkedTokens> {
  const basic = Buffer.from(
    `${encodeURIComponent(options.client.clientId)}:${encodeURIComponent(options.client.clientSecret)}`,
  ).toString('base64');
  const response = await fetch(new URL('/token', options.serviceUrl), {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  const body = (await response.json()) as { access_token?: string; refresh_token?: string; expires_in?: number; error?: string };
  if (!response.ok || !body.access_token) throw new Error(`token endpoint refused: ${body.error ?? response.status}`);
  return {
    accessToken: body.access_token,
    refreshToken: body.refresh_token ?? (form.refresh_token || undefined),
    expiresAt: Date.now() + (body.expires_in ?? 3600) * 1000,
  };
}

/** Listens on the redirect URI until the service sends the browser back with a code. */
function receiveCode(redirectUri: string, expectedState: string, ready: () => void, timeoutMs: number): Promise<string> {
  const target = new URL(redirectUri);
  return new Promise((resolve, reject) => {
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', redirectUri);
      if (url.pathname !== target.pathname) {
        res.writeHead(404).end();
        return;
      }
      const finish = (status: number, message: string, outcome: () => void) => {
        res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<!doctype html><meta name="viewport" content="width=device-width"><title>Simulator</title><p id="result">${message}</p>`);
        clearTimeout(timer);
        server.close();
        outcome();
      };
      const error = url.searchParams.get('error');
      if (url.searchParams.get('state') !== expectedState) {
        finish(400, 'Linking failed: the state does not match.', () => reject(new Error('state mismatch')));
      } else if (error) {
        finish(400, `Linking was not completed (${error}).`, () => reject(new Error(`authorization refused: ${error}`)));
      } else {
        const code = url.searchParams.get('code') ?? '';
        finish(200, 'Linked. You can close this window and go back to the terminal.', () => resolve(code));
      }
    });
    const timer = setTimeout(() => {
      server.close();
      reject(new Error('no answer from the login page in time'));
    }, timeoutMs);
    server.on('error', (error) => {
      clearTimeout(timer); // else a busy port keeps the simulator waiting for the whole timeout
      reject(error);
    });
    server.listen(Number(target.port), target.hostname, ready);
  });
}
