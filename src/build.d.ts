/**
 * Build-time constants, substituted by wrangler's `define` (wrangler.toml: `true` at the top level,
 * for `npm run dev` and the tests; `false` in `[env.production]`). The tests get the same values:
 * the Workers Vitest plugin applies the environment's `define`.
 */

/** Whether this build honours ALEXA_TRUSTED_ROOTS_PEM, ALEXA_DEV_CERT_CHAIN_PEM and LWA_TOKENINFO_URL. */
declare const __DEVELOPMENT_TRUST__: boolean;
