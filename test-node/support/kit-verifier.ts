import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { createAlexaVerifier, type AlexaVerifier, type Logger } from 'alexa-skill-workers';

/**
 * The file URL Node loads for one of the kit's public entries (`alexa-skill-workers`,
 * `alexa-skill-workers/testing`, …): the package's built file that its package.json "exports" names,
 * for code written outside the repository, where the name does not resolve.
 */
export const kitEntryUrl = (entry: string): string => pathToFileURL(createRequire(import.meta.url).resolve(entry)).href;

/** A logger that drops everything. */
export const quietLog: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * The kit's verifier, trusting `rootPem` and serving `chainPem` for every certificate URL, as
 * `npm run dev` configures the skill: the Worker's own verifier, from the public entry Node loads.
 */
export function kitVerifier(skillId: string, rootPem: string, chainPem: string, log: Logger = quietLog): AlexaVerifier {
  return createAlexaVerifier({ skillId, trustedRootsPem: rootPem, devCertChainPem: chainPem, allowDevelopmentTrust: true, log });
}
