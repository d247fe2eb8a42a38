/**
 * A fake OAuth provider shaped like the demo service (login form with a hidden handle and a
 * binding cookie, authorization code grant, refresh tokens, the implicit grant), healthy by default; each fault breaks
 * one of Amazon's account-linking requirements.
 */
import type { ServerResponse } from 'node:http';
import { serve, type Running } from './server.ts';

export interface ProviderFaults {
  /** A redirect-URI base (e.g. Alexa's layla one) the client is not registered for. */
  readonly unregistered?: string;
  readonly noViewport?: boolean;
  readonly alertOnPage?: boolean;
  readonly redirectUnknownClient?: boolean;
  readonly acceptAnyRedirect?: boolean;
  readonly wrongPasswordRedirects?: boolean;
  readonly dropState?: boolean;
  readonly onlyBodyCredentials?: boolean;
  readonly acceptAnySecret?: boolean;
  readonly hangToken?: boolean;
  readonly noRefreshToken?: boolean;
  readonly noTokenType?: boolean;
  readonly expiresIn?: number;
  readonly textPlain?: boolean;
  readonly refreshRefused?: boolean;
  /** Answers response_type=token as if it were code: a code in the query, no token in the fragment. */
  readonly codeForToken?: boolean;
}

export interface FakeProvider extends Running {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly vendorId: string;
}

const ALEXA = ['https://pitangui.amazon.com/api/skill/link/', 'https://layla.amazon.com/api/skill/link/', 'https://alexa.amazon.co.jp/api/skill/link/'];

export async function startFakeProvider(faults: ProviderFaults = {}): Promise<FakeProvider> {
  const clientId = 'alexa-client';
  const clientSecret = 's3cret';
  const vendorId = 'M1TESTVENDOR';
  const registered = ALEXA.filter((b) => b !== faults.unregistered).map((b) => b + vendorId);
  const pending = new Map<string, URLSearchParams>();
  const codes = new Map<string, string>();
  const refreshTokens = new Set<string>();
  let n = 0;

  const html = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(`<!doctype html><html><head>${faults.noViewport ? '' : '<meta name="viewport" content="width=device-width">'}</head><body>${body}</body></html>`);
  const redirect = (res: ServerResponse, to: string) => res.writeHead(302, { location: to }).end();
  const form = (handle: string, error = '') =>
    `${error ? `<p role="alert">${error}</p>` : ''}${faults.alertOnPage ? '<script>alert("hi")</script>' : ''}<form method="post" action="/authorize"><input type="hidden" name="handle" value="${handle}"><input name="username"><input name="password" type="password"><button name="action" value="approve">Sign in</button></form>`;
  const json = (res: ServerResponse, status: number, value: unknown) =>
    res.writeHead(status, { 'content-type': faults.textPlain ? 'text/plain' : 'application/json' }).end(JSON.stringify(value));
  const tokens = (res: ServerResponse) => {
    const refresh = `rt-${++n}`;
    refreshTokens.add(refresh);
    const answer: Record<string, unknown> = { access_token: `at-${n}`, expires_in: faults.expiresIn ?? 3600 };
    if (!faults.noTokenType) answer.token_type = 'Bearer';
    if (!faults.noRefreshToken) answer.refresh_token = refresh;
    json(res, 200, answer);
  };

  const running = await serve((req, body, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (req.method === 'GET' && url.pathname === '/authorize') {
      const q = url.searchParams;
      const redirectUri = q.get('redirect_uri') ?? '';
      if (q.get('client_id') !== clientId) {
        return faults.redirectUnknownClient ? redirect(res, `${redirectUri}?error=unauthorized_client&state=${q.get('state')}`) : html(res, 400, '<p role="alert">Unknown client.</p>');
      }
      if (!registered.includes(redirectUri) && !faults.acceptAnyRedirect) return html(res, 400, '<p role="alert">This redirect URI is not registered.</p>');
      const handle = `h${++n}`;
      pending.set(handle, q);
      return html(res, 200, form(handle), { 'set-cookie': `bind=${handle}; HttpOnly; Path=/` });
    }
    if (req.method === 'POST' && url.pathname === '/authorize') {
      const f = new URLSearchParams(body);
      const handle = f.get('handle') ?? '';
      const q = pending.get(handle);
      if (!q || req.headers.cookie !== `bind=${handle}`) return html(res, 400, '<p role="alert">Expired.</p>');
      if (f.get('password') !== 'pw') {
        return faults.wrongPasswordRedirects ? redirect(res, `${q.get('redirect_uri')}?error=access_denied`) : html(res, 401, form(handle, 'Wrong password.'));
      }
      const state = faults.dropState ? '' : `&state=${q.get('state')}`;
      if (q.get('response_type') === 'token' && !faults.codeForToken) {
        return redirect(res, `${q.get('redirect_uri')}#access_token=at-${++n}&token_type=Bearer&expires_in=3600${state}`);
      }
      const code = `code-${++n}`;
      codes.set(code, q.get('redirect_uri') ?? '');
      return redirect(res, `${q.get('redirect_uri')}?code=${code}${faults.dropState ? '' : `&state=${q.get('state')}`}`);
    }
    if (req.method === 'POST' && url.pathname === '/token') {
      if (faults.hangToken) return; // never answers; closed with the server
      const f = new URLSearchParams(body);
      let id = f.get('client_id');
      let secret = f.get('client_secret');
      const basic = req.headers.authorization?.match(/^Basic (.+)$/);
      if (basic && !faults.onlyBodyCredentials) [id, secret] = Buffer.from(basic[1]!, 'base64').toString().split(':').map(decodeURIComponent) as [string, string];
      if (id !== clientId || (secret !== clientSecret && !faults.acceptAnySecret)) return json(res, 401, { error: 'invalid_client' });
      if (f.get('grant_type') === 'authorization_code') {
        const code = f.get('code') ?? '';
        if (codes.get(code) !== f.get('redirect_uri')) return json(res, 400, { error: 'invalid_grant' });
        codes.delete(code);
        return tokens(res);
      }
      if (f.get('grant_type') === 'refresh_token' && refreshTokens.has(f.get('refresh_token') ?? '') && !faults.refreshRefused) return tokens(res);
      return json(res, 400, { error: 'invalid_grant' });
    }
    res.writeHead(404).end();
  });
  return { ...running, clientId, clientSecret, vendorId };
}
