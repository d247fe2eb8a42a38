/**
 * The Worker's wrangler.toml read with a TOML parser (smol-toml), for the code that runs the bundle
 * outside wrangler (the bench's `workerd serve` config, Miniflare in the Node tests) or mirrors its
 * build (vitest's aliases): one reading, so none of them can disagree with wrangler about a key.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'smol-toml';

/** The repository's wrangler.toml (the skill's). */
export const WRANGLER_TOML = resolve(import.meta.dirname, '../wrangler.toml');

/** What the bench and the tests take from a wrangler.toml, for one environment. */
export interface WranglerSettings {
  readonly compatibilityDate: string;
  readonly compatibilityFlags: readonly string[];
  /** `[alias]` (top level only; environments cannot set it): module specifier → replacement, as wrangler's bundler substitutes it. */
  readonly aliases: Readonly<Record<string, string>>;
}

type Table = Record<string, unknown>;

const isTable = (value: unknown): value is Table => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The compatibility date, flags and aliases `wrangler deploy` uses for `environment` (none: the top
 * level). The date and flags are inheritable keys: an environment's own value replaces the top
 * level's, a key it does not set is the top level's; `alias` exists only at the top level.
 * @see https://developers.cloudflare.com/workers/wrangler/configuration/#inheritable-keys
 * @throws {Error} when the file is not TOML, names an environment it lacks, or has no compatibility_date.
 */
export function wranglerSettings(environment?: string, path = WRANGLER_TOML): WranglerSettings {
  const top = parse(readFileSync(path, 'utf8')) as Table;
  let env: Table = {};
  if (environment !== undefined) {
    const envs = top.env;
    const found = isTable(envs) ? envs[environment] : undefined;
    if (!isTable(found)) throw new Error(`${path}: no [env.${environment}]`);
    env = found;
  }
  const pick = (key: string): unknown => (key in env ? env[key] : top[key]);
  const date = pick('compatibility_date');
  if (typeof date !== 'string') throw new Error(`${path}: compatibility_date is not set`);
  const flags = pick('compatibility_flags') ?? [];
  if (!Array.isArray(flags) || !flags.every((flag) => typeof flag === 'string')) throw new Error(`${path}: compatibility_flags is not a list of strings`);
  const alias = top.alias ?? {};
  if (!isTable(alias) || !Object.values(alias).every((target) => typeof target === 'string')) throw new Error(`${path}: [alias] is not a table of strings`);
  return { compatibilityDate: date, compatibilityFlags: flags, aliases: { ...(alias as Record<string, string>) } };
}
