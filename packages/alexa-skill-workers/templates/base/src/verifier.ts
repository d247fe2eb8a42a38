import { createAlexaVerifier, withSettingNames, type AlexaVerifier, type Logger } from 'alexa-skill-workers';

/** The bindings the verifier reads; the two PEMs are for tests and `alexa-skill-workers dev` only. */
export interface VerifierEnv {
  readonly ALEXA_SKILL_ID: string;
  readonly CACHE: KVNamespace;
  readonly ALEXA_TRUSTED_ROOTS_PEM?: string;
  readonly ALEXA_DEV_CERT_CHAIN_PEM?: string;
}

/**
 * Whether this build accepts the two development PEMs at all: `true` for `wrangler dev` and the
 * tests, `false` in `[env.production]` (wrangler.toml `define`), so a PEM left behind in production
 * is a startup error naming it instead of a trusted root.
 */
declare const __DEVELOPMENT_TRUST__: boolean;

/** The verifier, from the bindings; a bad setting is named as its binding (`ALEXA_SKILL_ID`), not the option. */
export const verifierFrom = (log: Logger) => (env: VerifierEnv): AlexaVerifier =>
  withSettingNames({ skillId: 'ALEXA_SKILL_ID', trustedRootsPem: 'ALEXA_TRUSTED_ROOTS_PEM', devCertChainPem: 'ALEXA_DEV_CERT_CHAIN_PEM' }, () =>
    createAlexaVerifier({
      skillId: env.ALEXA_SKILL_ID,
      kv: env.CACHE,
      trustedRootsPem: env.ALEXA_TRUSTED_ROOTS_PEM,
      devCertChainPem: env.ALEXA_DEV_CERT_CHAIN_PEM,
      allowDevelopmentTrust: __DEVELOPMENT_TRUST__,
      log,
    }),
  );
