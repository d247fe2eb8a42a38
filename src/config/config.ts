import { AppError } from '../errors';
import { AMAZON_ROOTS_PEM } from '../verification/amazon-roots';
import { parseTrustAnchors } from '../verification/chain';
import type { ParsedCertificate } from '../verification/x509';

/** The one error configuration parsing throws; `setting` names the variable or binding at fault. */
export class ConfigError extends AppError<'CONFIG_INVALID'> {
  readonly code = 'CONFIG_INVALID' as const;

  constructor(
    readonly setting: string,
    problem: string,
  ) {
    super(`${setting}: ${problem}`);
  }
}

/** Configuration parsed once per isolate from the Worker's bindings; nothing else reads `env`. */
export interface Config {
  /** Skill IDs whose requests this endpoint answers (`context.System.application.applicationId`). */
  readonly skillIds: ReadonlySet<string>;
  /** The roots a certificate chain must reach: the bundled Amazon roots, or the override. */
  readonly trustAnchors: readonly ParsedCertificate[];
  /** True when ALEXA_TRUSTED_ROOTS_PEM replaced the bundled roots (tests and local simulation only). */
  readonly rootsOverridden: boolean;
  /** Workers KV namespace for certificates (and, later, tokens and profiles). */
  readonly cache: KVNamespace;
}

/** The bindings the Worker reads; see README, "Configuration". */
export interface SkillEnv {
  ALEXA_SKILL_ID?: string;
  ALEXA_TRUSTED_ROOTS_PEM?: string;
  CACHE?: KVNamespace;
}

const SKILL_ID = /^amzn1\.ask\.skill\.[0-9A-Za-z-]+$/;
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----/;

/**
 * Parses and validates the Worker's bindings.
 * @throws {ConfigError} `CONFIG_INVALID`, naming the first setting that is missing or malformed.
 */
export function parseConfig(env: SkillEnv): Config {
  const rawIds = env.ALEXA_SKILL_ID?.trim();
  if (!rawIds) throw new ConfigError('ALEXA_SKILL_ID', 'is not set; set it to your skill ID (amzn1.ask.skill.…)');
  const ids = rawIds.split(',').map((id) => id.trim());
  const bad = ids.find((id) => !SKILL_ID.test(id));
  if (bad !== undefined) {
    throw new ConfigError('ALEXA_SKILL_ID', `"${bad}" is not a skill ID (expected amzn1.ask.skill.…, comma-separated)`);
  }

  const rawRoots = env.ALEXA_TRUSTED_ROOTS_PEM?.trim();
  const rootsOverridden = rawRoots !== undefined && rawRoots !== '';
  let trustAnchors: ParsedCertificate[];
  if (rootsOverridden) {
    // Accept "\n" escapes so the PEM fits on one line in .dev.vars or a dashboard field.
    const pem = rawRoots.replace(/\\n/g, '\n');
    if (!PEM_CERTIFICATE.test(pem)) throw new ConfigError('ALEXA_TRUSTED_ROOTS_PEM', 'holds no PEM certificate');
    try {
      trustAnchors = parseTrustAnchors(pem);
    } catch {
      throw new ConfigError('ALEXA_TRUSTED_ROOTS_PEM', 'holds a certificate that does not parse');
    }
  } else {
    trustAnchors = parseTrustAnchors(AMAZON_ROOTS_PEM);
  }

  const cache = env.CACHE;
  if (!cache || typeof cache.get !== 'function') {
    throw new ConfigError('CACHE', 'KV namespace binding is missing; declare it in wrangler.toml');
  }

  return { skillIds: new Set(ids), trustAnchors, rootsOverridden, cache };
}
