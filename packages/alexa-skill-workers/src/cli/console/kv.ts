/**
 * The console's KV panel: the entries of the local skill's KV namespace that belong to the
 * simulated user, read from the folder `dev` persists the skill to (`<state>/wrangler/skill`).
 * They are read with the project's own wrangler (`wrangler kv key list/get --local --persist-to`),
 * not from miniflare's files: those are an internal SQLite layout (`v3/kv/…`, hashed file names)
 * that changes between releases, while `wrangler kv` is the documented interface to the same store.
 * A call costs about two seconds, so the panel reads on demand (its Refresh button), never per turn.
 * Key scheme: ../../lib/kv-keys.ts and docs/caching.md; values are printed with every token redacted.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { attributesKey, purgeKey, tokenKeys, userTokenPrefix } from '../../lib/kv-keys.ts';
import { spawnGroup, killGroupNow } from '../dev/group.ts';
import { findWrangler, type Wrangler } from '../dev/wrangler.ts';
import { CliError } from '../errors.ts';
import type { ProjectConfig } from '../project.ts';
import { personIdFor } from '../simulate/person.ts';
import type { SimulatorState } from '../simulate/state.ts';
import { statePaths } from '../state.ts';
import { redactTokens } from './turn.ts';

/** A key of this user's and what it is. */
export interface UserKey {
  readonly key: string;
  readonly what: string;
}

/**
 * The keys the Worker may hold for the device in `state`: the token entry and refusal of the
 * account's token and of each recognized speaker's own, `attr:` and `purge:` for the user ID, and
 * the user's `tok:` prefix (older tokens' entries are listed by it).
 */
export async function userKeys(state: SimulatorState): Promise<{ prefix: string; keys: UserKey[] }> {
  const keys: UserKey[] = [];
  const add = async (token: string | undefined, who: string, personId?: string) => {
    if (!token) return;
    const k = await tokenKeys(state.userId, token, personId);
    keys.push({ key: k.entry, what: `${who}: the validated token's profile` }, { key: k.refused, what: `${who}: the token was refused` });
  };
  await add(state.tokens?.accessToken, 'account');
  for (const [name, person] of Object.entries(state.persons ?? {})) await add(person.tokens?.accessToken, `speaker ${name}`, personIdFor(state.userId, name));
  keys.push({ key: await attributesKey(state.userId), what: 'the user\'s persistent attributes' }, { key: await purgeKey(state.userId), what: 'when SkillDisabled last purged the user' });
  return { prefix: await userTokenPrefix(state.userId), keys };
}

/**
 * The KV binding to read: `binding` when given, else the first `kv_namespaces` binding of the
 * skill's wrangler config (TOML, or JSON/JSONC without comments).
 * @throws {CliError} the config does not parse or has no KV namespace.
 */
function kvBinding(project: ProjectConfig, binding?: string): string {
  if (binding) return binding;
  const file = isAbsolute(project.skill.config) ? project.skill.config : join(project.root, project.skill.config);
  let config: { kv_namespaces?: { binding?: unknown }[] };
  try {
    const text = readFileSync(file, 'utf8');
    config = (file.endsWith('.toml') ? parseToml(text) : JSON.parse(text)) as typeof config;
  } catch (error) {
    throw new CliError(`${file}: cannot read the skill's wrangler config (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
  const first = config.kv_namespaces?.[0]?.binding;
  if (typeof first !== 'string') throw new CliError(`${file} has no [[kv_namespaces]] binding: the skill keeps nothing in KV`);
  return first;
}

/** Runs wrangler with `args`, its stdout; in a process group of its own, killed when it overruns. */
export type RunWrangler = (args: readonly string[]) => Promise<string>;

/** {@link RunWrangler} for `wrangler` (findWrangler), stopped after `timeoutMs`. */
function wranglerRunner(wrangler: Wrangler, cwd: string, timeoutMs = 30_000): RunWrangler {
  return (args) => new Promise((resolve, reject) => {
    const child = spawnGroup(wrangler.command, [...wrangler.args, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) killGroupNow(child.pid);
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new CliError(`wrangler did not start (${error.message})`));
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      if (child.pid !== undefined) killGroupNow(child.pid);
      if (code === 0) return resolve(Buffer.concat(out).toString('utf8'));
      const line = Buffer.concat(err).toString('utf8').split('\n').find((l) => /\S/.test(l) && !/^\s*[▲⛅─]/.test(l)) ?? `exit ${code}`;
      reject(new CliError(`wrangler kv failed: ${line.trim()}`));
    });
  });
}

/** One entry in the panel. */
export interface KvEntry {
  readonly key: string;
  readonly prefix: string;
  readonly what: string;
  /** Seconds since epoch, as KV keeps it; null: no expiration. */
  readonly expiration: number | null;
  /** The value parsed (JSON) with tokens redacted, or the text. */
  readonly value: unknown;
}

/** Token-like fields a value may hold (docs/caching.md: `tok:` values are a subject and a profile, no token; redacted all the same). */
const TOKENISH = /token|secret|password/i;

function redactValue(value: unknown): unknown {
  const once = redactTokens(value);
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== 'object') return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, TOKENISH.test(k) && typeof x === 'string' ? `(redacted, ${x.length} characters)` : walk(x)]));
  };
  return walk(once);
}

/**
 * This user's entries in the namespace `binding` persisted under `persistTo`: one `kv key list`,
 * then one `kv key get` per entry of the user's.
 * @throws {CliError} wrangler fails (no state yet, a bad binding).
 */
export async function readUserKv(run: RunWrangler, config: string, persistTo: string, binding: string, state: SimulatorState): Promise<KvEntry[]> {
  const where = ['--local', '--persist-to', persistTo, '--binding', binding, '-c', config];
  const listed = JSON.parse(await run(['kv', 'key', 'list', ...where])) as { name: string; expiration?: number }[];
  const { prefix, keys } = await userKeys(state);
  const named = new Map(keys.map((k) => [k.key, k.what]));
  const mine = listed.filter((k) => named.has(k.name) || k.name.startsWith(prefix));
  const entries: KvEntry[] = [];
  for (const k of mine) {
    const text = await run(['kv', 'key', 'get', k.name, ...where]);
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      // not JSON: shown as text
    }
    entries.push({ key: k.name, prefix: `${k.name.split(':')[0]}:`, what: named.get(k.name) ?? 'an older token\'s entry of this user', expiration: k.expiration ?? null, value: redactValue(value) });
  }
  return entries;
}

/** The panel's answer for `project` and the device's `state`: the entries, or the one line that says why not. */
export async function kvPanel(project: ProjectConfig, state: SimulatorState, options: { binding?: string; run?: RunWrangler; folder?: string } = {}): Promise<{ binding?: string; entries?: KvEntry[]; error?: string }> {
  try {
    const binding = kvBinding(project, options.binding);
    const run = options.run ?? wranglerRunner(findWrangler(project.root), project.root);
    const config = isAbsolute(project.skill.config) ? project.skill.config : join(project.root, project.skill.config);
    return { binding, entries: await readUserKv(run, config, statePaths(options.folder ?? project.state).wrangler('skill'), binding, state) };
  } catch (error) {
    return { error: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  }
}
