import { alexaEndpoint, consoleLogger, type Logger } from 'alexa-skill-workers';
import type { SkillContext } from 'alexa-skill-workers/ask-sdk';
import { accountsFor, type AccountsEnv } from './accounts.ts';
import { skill, type Profile } from './skill.ts';
import { verifierFrom, type VerifierEnv } from './verifier.ts';

/** The Worker's bindings (wrangler.toml, .dev.vars). */
export type Env = VerifierEnv & AccountsEnv;

/**
 * The Worker, a plain fetch handler: `POST /`, each request verified by the kit (signature,
 * certificate chain, timestamp, skill ID), then answered by the skill. Tests pass a frozen clock
 * and a recording logger.
 */
export function createWorker(options: { readonly now?: () => Date; readonly log?: Logger } = {}) {
  const log = options.log ?? consoleLogger;
  return alexaEndpoint<Env>({
    verifier: verifierFrom(log),
    answer: (envelope, ctx, env) => skill.invoke(envelope, { ...ctx, accounts: accountsFor(env) } satisfies SkillContext<Profile>),
    ...options,
    log,
  });
}

export default createWorker();
