/**
 * Build-time constants, replaced in the code by wrangler (wrangler.toml `[define]`, which each
 * environment sets for itself: it is not inherited) and by vitest (vitest.config.ts `define`).
 */

/**
 * `true` in the development build (`npm run dev`), `false` in `[env.production]`: code behind it
 * (GET /dev/client, the demo passwords on the sign-in pages) is dead there and left out of the bundle.
 */
declare const DEMO_DEV_BUILD: boolean;
