import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = join(import.meta.dirname, '../..');

/** The file URL of the kit's entry `packages/alexa-skill-workers/src/<entry>.ts` (`index` for the package's root, `alexa-skill-workers`). */
export const kitEntryUrl = (entry: string): string => pathToFileURL(join(ROOT, 'packages/alexa-skill-workers/src', `${entry}.ts`)).href;

export type LogFields = Record<string, unknown>;
export interface Log {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

/** A logger that drops everything. */
export const quietLog: Log = { info: () => {}, warn: () => {}, error: () => {} };

/** The part of `alexa-skill-workers/verify` the Node tests use: the Worker's own verifier. */
export interface KitVerifier {
  verify(request: Request, ctx: { now: Date; log: Log }): Promise<{ request: { type: string } }>;
}

/**
 * The kit's verifier, trusting `rootPem` and serving `chainPem` for every certificate URL, as
 * `npm run dev` configures the skill. Loaded by URL (vitest compiles it): the Node-side type check
 * (tsconfig.tools.json) is for code Node runs by stripping types, which the kit's is not.
 */
export async function kitVerifier(skillId: string, rootPem: string, chainPem: string, log: Log = quietLog): Promise<KitVerifier> {
  const { createAlexaVerifier } = (await import(kitEntryUrl('index'))) as {
    createAlexaVerifier: (options: { skillId: string; trustedRootsPem: string; devCertChainPem: string; allowDevelopmentTrust: true; log: Log }) => KitVerifier;
  };
  return createAlexaVerifier({ skillId, trustedRootsPem: rootPem, devCertChainPem: chainPem, allowDevelopmentTrust: true, log });
}

