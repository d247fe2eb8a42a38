import { Hono } from 'hono';
import { LARGE_ICON_PNG_BASE64, SMALL_ICON_PNG_BASE64 } from './icons.generated.ts';
import { PRIVACY_PAGE, TERMS_PAGE } from './legal-pages.ts';

function fromBase64(base64: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

/** A Map, not an object literal: a path segment such as `constructor` finds nothing here, not `Object.prototype`'s. */
const ICONS: ReadonlyMap<string, Uint8Array<ArrayBuffer>> = new Map([
  ['small.png', fromBase64(SMALL_ICON_PNG_BASE64)],
  ['large.png', fromBase64(LARGE_ICON_PNG_BASE64)],
]);

/**
 * The pages the skill's manifest points at: `privacyPolicyUrl` (/privacy), `termsOfUseUrl`
 * (/terms), `smallIconUri` (/icons/small.png, 108×108) and `largeIconUri` (/icons/large.png,
 * 512×512). Public, no token; `tools/skill-manifest` writes these URLs into skill.json at deploy.
 */
export const publicPages = new Hono();

publicPages.get('/privacy', (c) => c.html(PRIVACY_PAGE));
publicPages.get('/terms', (c) => c.html(TERMS_PAGE));
publicPages.get('/icons/:file', (c) => {
  const png = ICONS.get(c.req.param('file'));
  if (!png) return c.notFound();
  return c.body(png, 200, { 'content-type': 'image/png', 'cache-control': 'public, max-age=86400' });
});
