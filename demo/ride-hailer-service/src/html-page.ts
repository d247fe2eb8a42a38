/**
 * The demo service's HTML pages share one shell: built for a phone (they open inside the Alexa
 * app), one column, no scripts, no external assets. Each page adds its own rules to the base style.
 * They also share their headers, set in one place: {@link pageHeaders}.
 */
import type { MiddlewareHandler } from 'hono';

/**
 * The headers of every HTML page. No framing: `X-Frame-Options: DENY` (RFC 7034) and CSP
 * `frame-ancestors 'none'` (CSP Level 2 §7.7), so no other site can overlay a sign-in or consent
 * page and steer its clicks. No caching: `Cache-Control: no-store` (RFC 9111 §5.2.2.5), since a page
 * holds a consent handle, a CSRF token or the user's name. The same headers the OAuth library's
 * `beginConsent` gives the first render of the login page.
 */
const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
};

/**
 * Middleware for the service's site: every `text/html` response leaves with {@link PAGE_HEADERS},
 * whichever route built it (a first render, a re-render after a wrong password, an error page).
 */
export const pageHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  if (!c.res.headers.get('content-type')?.toLowerCase().startsWith('text/html')) return;
  for (const [name, value] of Object.entries(PAGE_HEADERS)) c.res.headers.set(name, value);
};

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const BASE_STYLE = `
  body { font-family: system-ui, sans-serif; margin: 0; background: #f4f5f7; color: #1d1f23; }
  main { max-width: 26rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
  .card { background: #fff; border-radius: 12px; padding: 1.25rem; box-shadow: 0 1px 3px #0002; }
  label { display: block; font-weight: 600; margin: 1rem 0 0.35rem; }
  input { width: 100%; box-sizing: border-box; font-size: 1rem; padding: 0.8rem; border: 1px solid #b9bec7; border-radius: 8px; }
  button { width: 100%; font-size: 1.05rem; padding: 0.9rem; border-radius: 8px; border: 0; margin-top: 1rem; }
  .error { background: #fdecea; color: #8a1c11; padding: 0.75rem; border-radius: 8px; }
  .muted { color: #5b616b; font-size: 0.9rem; }`;

/** A whole page: `title` is text (escaped here), `body` is HTML the caller escaped, `style` extra CSS. */
export function htmlPage(title: string, body: string, style = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${BASE_STYLE}${style}
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}
