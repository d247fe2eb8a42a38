/**
 * The local provider's HTML: one login-and-consent page and one error page, built for a phone, no
 * scripts, no external assets, every interpolated string escaped. Every page leaves with
 * {@link PAGE_HEADERS}. Same-origin posts only ({@link crossSiteReason}).
 */

/** No framing (RFC 7034; CSP Level 2 `frame-ancestors`), no caching (RFC 9111 §5.2.2.5): a page holds a consent handle. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'content-security-policy': "frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'content-type': 'text/html; charset=utf-8',
};

/** Escapes text for HTML element content and double-quoted attribute values. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `body { font-family: system-ui, sans-serif; margin: 0; background: #f4f5f7; color: #1d1f23; }
main { max-width: 26rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
label { display: block; font-weight: 600; margin: 1rem 0 0.35rem; }
input, button { width: 100%; box-sizing: border-box; font-size: 1rem; padding: 0.8rem; border-radius: 8px; }
button { margin-top: 1rem; border: 0; background: #0b6bcb; color: #fff; }
button.deny { background: transparent; color: #0b6bcb; }
.error { background: #fdecea; color: #8a1c11; padding: 0.75rem; border-radius: 8px; }`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>
${body}
</main></body>
</html>`;
}

/** What the login page shows; `clientName`, `redirectHost` and `scopes` come from the client: escaped here. */
export interface LoginModel {
  readonly handle: string;
  readonly clientName: string;
  readonly redirectHost: string;
  readonly scopes: readonly string[];
  readonly username?: string;
  readonly error?: string;
}

/** The sign-in and consent page: the consent handle in both forms (approve with credentials, or cancel). */
export function loginPage(m: LoginModel): string {
  const error = m.error ? `<p class="error" role="alert">${escapeHtml(m.error)}</p>` : '';
  const scopes = m.scopes.map((s) => `<li>${escapeHtml(s)}</li>`).join('');
  const handle = `<input type="hidden" name="handle" value="${escapeHtml(m.handle)}">`;
  return page('Sign in to the local provider', `<h1>Sign in to the local provider</h1>
<p><strong>${escapeHtml(m.clientName)}</strong> wants to link to your account and will return you to <strong>${escapeHtml(m.redirectHost)}</strong>.</p>
${error}<p>It asks for:</p><ul>${scopes}</ul>
<form method="post" action="/authorize">${handle}
<label for="username">Username</label><input id="username" name="username" autocomplete="username" autocapitalize="none" required value="${escapeHtml(m.username ?? '')}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" name="action" value="approve">Sign in and allow</button>
</form>
<form method="post" action="/authorize">${handle}<button class="deny" type="submit" name="action" value="deny">Cancel</button></form>`);
}

/** A page for a request that cannot go on (bad client, foreign redirect URI, expired form, cross-site post). */
export function errorPage(message: string): string {
  return page('Local provider', `<h1>Local provider</h1>\n<p class="error" role="alert">${escapeHtml(message)}</p>`);
}

/**
 * `undefined` when a form post came from this origin's own page, else why not: `Sec-Fetch-Site`
 * (W3C Fetch Metadata §2.4) must be `same-origin` when sent; else `Origin` (RFC 6454 §7) must be
 * the request's origin; a post with neither is refused (OWASP CSRF Prevention Cheat Sheet, "Fetch
 * Metadata headers"). With the consent handle bound to the browser by the library's cookie, a
 * cross-site page can neither approve a consent nor sign a victim in as someone else (login CSRF).
 */
export function crossSiteReason(request: Request): 'FETCH_SITE' | 'ORIGIN' | 'NO_PROVENANCE' | undefined {
  const site = request.headers.get('sec-fetch-site');
  if (site !== null) return site === 'same-origin' ? undefined : 'FETCH_SITE';
  const origin = request.headers.get('origin');
  if (origin === null) return 'NO_PROVENANCE';
  return origin === new URL(request.url).origin ? undefined : 'ORIGIN';
}
