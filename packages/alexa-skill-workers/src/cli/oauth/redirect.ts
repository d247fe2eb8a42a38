/**
 * The client's redirect URI on this machine (RFC 8252 §7.3, a loopback redirect): a small HTTP
 * server on the redirect URI's port that waits for the browser to come back from the provider.
 * The code grant's answer is in the query (RFC 6749 §4.1.2); the implicit grant's is in the
 * fragment, which never reaches a server, so GET serves a page that posts `location.hash` back
 * (RFC 6749 §4.2, steps D and E) and the POST settles it.
 */
import { createServer } from 'node:http';
import { CliError } from '../errors.ts';
import { LinkError } from './errors.ts';
import { parseImplicitFragment } from './implicit.ts';
import type { LinkedTokens } from './token.ts';

/** One request to the redirect URI: what the browser sent. */
export interface RedirectHit {
  readonly method: string;
  readonly url: URL;
  readonly body: string;
}

/** The answer to a hit, and the link's outcome when the hit settles it. */
export interface RedirectAnswer<T> {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly outcome?: { readonly value: T } | { readonly error: Error };
}

const DONE = 'Linked. You can close this window and go back to the terminal.';
const resultPage = (message: string) =>
  `<!doctype html><meta name="viewport" content="width=device-width"><title>alexa-skill-workers</title><p id="result">${message}</p>`;
const html = <T>(status: number, message: string, outcome: RedirectAnswer<T>['outcome']): RedirectAnswer<T> =>
  ({ status, contentType: 'text/html; charset=utf-8', body: resultPage(message), outcome });

/**
 * The code grant's redirect (RFC 6749 §4.1.2): the `state` first (§10.12: an answer to someone
 * else's request is never believed, its error included), then `error` (§4.1.2.1), then `code`.
 */
export function codeAnswer(expectedState: string): (hit: RedirectHit) => RedirectAnswer<string> {
  return ({ url }) => {
    const q = url.searchParams;
    if (q.get('state') !== expectedState) return html(400, 'Linking failed: the state does not match.', { error: new LinkError('STATE_MISMATCH', 'the redirect\'s state does not match the one sent') });
    const error = q.get('error');
    if (error) return html(400, `Linking was not completed (${escapeHtml(error)}).`, { error: new LinkError('AUTHORIZATION_REFUSED', `authorization refused: ${error}`) });
    const code = q.get('code');
    if (!code) return html(400, 'Linking failed: no code.', { error: new LinkError('CODE_MISSING', 'the provider came back to the redirect URI without a code') });
    return html(200, DONE, { value: code });
  };
}

/** The page served on the redirect URI for the implicit grant: it posts the fragment back. */
const FRAGMENT_PAGE = `<!doctype html><meta name="viewport" content="width=device-width"><title>alexa-skill-workers</title>
<p id="result">Reading the token from the address…</p>
<script>
fetch(location.pathname, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: location.hash.slice(1) })
  .then((r) => r.text()).then((t) => { document.getElementById('result').textContent = t; });
</script>`;

/** The implicit grant's redirect: GET serves {@link FRAGMENT_PAGE}; the POST of the fragment settles (implicit.ts). */
export function implicitAnswer(expectedState: string, now: () => number, defaultTtlSeconds?: number): (hit: RedirectHit) => RedirectAnswer<LinkedTokens> {
  return ({ method, body }) => {
    if (method !== 'POST') return { status: 200, contentType: 'text/html; charset=utf-8', body: FRAGMENT_PAGE };
    try {
      return { status: 200, contentType: 'text/plain; charset=utf-8', body: DONE, outcome: { value: parseImplicitFragment(body, expectedState, now(), defaultTtlSeconds) } };
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      return { status: 400, contentType: 'text/plain; charset=utf-8', body: `Linking failed: ${failure.message}.`, outcome: { error: failure } };
    }
  };
}

const escapeHtml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Listens on `redirectUri` (its host and port; other paths answer 404) until a hit settles the
 * link, then closes. `ready` is called once listening (print the login URL there).
 * @throws {CliError} the redirect port is busy, naming it (`--redirect-uri` moves it).
 * @throws {LinkError} TIMED_OUT when nobody came back within `timeoutMs`; what `answer` settles with.
 */
export function awaitRedirect<T>(redirectUri: string, ready: () => void, timeoutMs: number, answer: (hit: RedirectHit) => RedirectAnswer<T>): Promise<T> {
  const target = new URL(redirectUri);
  return new Promise((resolve, reject) => {
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', redirectUri);
      if (url.pathname !== target.pathname) {
        res.writeHead(404).end();
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const reply = answer({ method: req.method ?? 'GET', url, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(reply.status, { 'content-type': reply.contentType, 'cache-control': 'no-store', connection: 'close' });
        res.end(reply.body);
        if (!reply.outcome) return;
        settle();
        if ('value' in reply.outcome) resolve(reply.outcome.value);
        else reject(reply.outcome.error);
      });
    });
    const settle = () => {
      clearTimeout(timer);
      server.close();
      server.closeAllConnections();
    };
    const timer = setTimeout(() => {
      settle();
      reject(new LinkError('TIMED_OUT', `nobody came back to ${redirectUri} within ${Math.round(timeoutMs / 1000)} s: open the login page and sign in`));
    }, timeoutMs);
    server.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer); // else a busy port keeps the command waiting for the whole timeout
      reject(error.code === 'EADDRINUSE'
        ? new CliError(`port ${target.port || 80} of the redirect URI ${redirectUri} is in use: stop what listens there, or pass --redirect-uri with another port (the provider must allow it)`)
        : error);
    });
    server.listen(Number(target.port || 80), target.hostname.replace(/^\[|\]$/g, ''), ready);
  });
}
