import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { CliError } from './errors.ts';

/**
 * A skill project as the command line knows it: read from the `"alexa-skill-workers"` section of the
 * skill's `package.json` (every field optional), never from the skill's source. Paths are resolved
 * against the project folder.
 *
 * ```json
 * "alexa-skill-workers": {
 *   "skillPackage": "skill-package",
 *   "state": ".alexa-skill-workers",
 *   "skill": { "config": "wrangler.toml", "port": 8787, "vars": { "ALEXA_TRUSTED_ROOTS_PEM": "{ca.root}" } },
 *   "provider": { "local": { "port": 8788, "users": "dev/users.json", "audience": "my-skill" } },
 *   "policy": { "linkedIntents": ["OrderCar"], "handledIntents": ["OrderCar", "AMAZON.HelpIntent"] },
 *   "certify": { "testAccount": { "username": "ana", "password": "ana-rides" } },
 *   "check": { "localeSlotTypes": { "Availability.city": { "en-US": "AMAZON.US_CITY", "de-DE": "AMAZON.City" } } }
 * }
 * ```
 * `vars` values may hold placeholders that `dev` fills in: `{ca.root}` and `{ca.chain}` (the local
 * CA's root and chain as one-line PEMs), `{skill.url}`, `{provider.url}`, `{redirect.url}`.
 */
export interface ProjectConfig {
  /** The project folder (the one holding package.json). */
  readonly root: string;
  /** The skill package: `skill.json`, `interactionModels/custom/<locale>.json`, `accountLinking.json`. */
  readonly skillPackage: string;
  /** Where the command line keeps its state (the local CA, linked tokens, sessions); gitignore it. */
  readonly state: string;
  readonly skill: WorkerConfig;
  /** The OAuth provider `dev` starts and `link` links against; none: `link` reads `accountLinking.json`. */
  readonly provider: ProviderConfig | undefined;
  /** The intents the skill gates on a linked account and the ones it handles, for `check`. */
  readonly policy: PolicyConfig | undefined;
  readonly certify: CertifyConfig;
  readonly dev: DevConfig;
  /** What `check` needs beyond the skill package. */
  readonly check: CheckConfig;
}

interface DevConfig {
  /** The port of the redirect URI the simulator and `link` listen on (`{redirect.url}`); default 8790. */
  readonly redirectPort: number;
  /** A module of the project that `dev` loads before the Workers start (docs/cli.md, "dev"), if any. */
  readonly extension: string | undefined;
}

export interface WorkerConfig {
  /** The Worker's wrangler configuration. */
  readonly config: string;
  readonly port: number;
  /** wrangler's inspector; default 1000 above `port`. */
  readonly inspectorPort: number;
  /** `--var`s for `wrangler dev`, placeholders allowed. */
  readonly vars: Readonly<Record<string, string>>;
}

type ProviderConfig =
  /** The kit's local OAuth 2.0 provider, its users and profiles from a small JSON file. */
  | {
    readonly kind: 'local';
    readonly port: number;
    /** Its `wrangler dev` inspector; default 1000 above `port`. */
    readonly inspectorPort: number;
    /** The users file (the provider's users.ts); none: a default one in the state folder. */
    readonly users: string | undefined;
    /** The `aud` of its access tokens and tokeninfo; default the package's `name` (the templates' OAUTH_AUDIENCE). */
    readonly audience: string;
  }
  /** A Worker of the project that is the provider (Ride Hailer's demo service): `client` is its path answering `{ clientId, clientSecret }` in development. */
  | ({ readonly kind: 'worker'; readonly client: string } & WorkerConfig);

interface PolicyConfig {
  readonly linkedIntents: readonly string[];
  readonly handledIntents: readonly string[] | undefined;
  /** The skill reads recognized speakers (`context.System.person`): it needs `alexa::person_id:read`. */
  readonly recognizedSpeakers: boolean;
  /** The permissions the skill asks for with an `AskForPermissionsConsent` card: skill.json must declare each. */
  readonly consentPermissions: readonly string[];
}

interface CertifyConfig {
  /** The account certification testers sign in with (the skill's testing instructions name it). */
  readonly testAccount: { readonly username: string; readonly password: string } | undefined;
  /** Host name prefixes that stand for the local provider before deploy (placeholders in skill.json). */
  readonly localHosts: readonly string[];
}

interface CheckConfig {
  /** The slots whose built-in type differs by locale (`"Intent.slot": { "<locale>": "<type>" }`), e.g. AMAZON.US_CITY where Amazon offers it. */
  readonly localeSlotTypes: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

const SECTION = 'alexa-skill-workers';

/**
 * The project in `root`, from its package.json's `"alexa-skill-workers"` section (which may be absent).
 * @throws {CliError} one line naming the file and the JSON path of what is wrong.
 */
export function loadProject(root: string): ProjectConfig {
  const file = join(root, 'package.json');
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `${file}: not found; run this in the skill's folder (or pass --cwd)` : `${file}: not JSON`);
  }
  const at = new Reader(file, manifest);
  const section = at.object([SECTION], true);
  const path = (p: string | undefined, fallback: string) => (p === undefined ? join(root, fallback) : isAbsolute(p) ? p : resolve(root, p));
  const skill = worker(at, [SECTION, 'skill'], { config: 'wrangler.toml', port: 8787 }, path);
  const providerSection = section === undefined ? undefined : at.object([SECTION, 'provider'], true);
  let provider: ProviderConfig | undefined;
  if (providerSection !== undefined) {
    const kinds = Object.keys(providerSection);
    if (kinds.length !== 1 || (kinds[0] !== 'local' && kinds[0] !== 'worker')) at.fail([SECTION, 'provider'], 'must have exactly one of "local" or "worker"');
    if (kinds[0] === 'local') {
      const p = [SECTION, 'provider', 'local'];
      at.object(p, false);
      const users = at.string([...p, 'users'], true);
      const port = at.port([...p, 'port'], 8788);
      const name = (manifest as { name?: unknown }).name;
      provider = {
        kind: 'local', port, inspectorPort: at.port([...p, 'inspectorPort'], port + 1000), users: users === undefined ? undefined : path(users, ''),
        audience: at.string([...p, 'audience'], true) ?? (typeof name === 'string' && name !== '' ? name : 'alexa-skill'),
      };
    } else {
      const p = [SECTION, 'provider', 'worker'];
      provider = { kind: 'worker', ...worker(at, p, { config: undefined, port: 8788 }, path), client: at.string([...p, 'client'], true) ?? '/dev/client' };
    }
  }
  const policySection = section === undefined ? undefined : at.object([SECTION, 'policy'], true);
  const policy: PolicyConfig | undefined = policySection === undefined ? undefined : {
    linkedIntents: at.strings([SECTION, 'policy', 'linkedIntents'], false) ?? [],
    handledIntents: at.strings([SECTION, 'policy', 'handledIntents'], true),
    recognizedSpeakers: at.boolean([SECTION, 'policy', 'recognizedSpeakers'], false),
    consentPermissions: at.strings([SECTION, 'policy', 'consentPermissions'], true) ?? [],
  };
  if (section !== undefined) at.object([SECTION, 'dev'], true);
  const extension = at.string([SECTION, 'dev', 'extension'], true);
  const account = section === undefined ? undefined : at.object([SECTION, 'certify', 'testAccount'], true);
  const slotTypes = section === undefined ? undefined : at.object([SECTION, 'check', 'localeSlotTypes'], true);
  const localeSlotTypes = Object.fromEntries(Object.keys(slotTypes ?? {}).map((slot) => [slot, at.stringMap([SECTION, 'check', 'localeSlotTypes', slot]) ?? {}]));
  return {
    root,
    skillPackage: path(at.string([SECTION, 'skillPackage'], true), 'skill-package'),
    state: path(at.string([SECTION, 'state'], true), '.alexa-skill-workers'),
    skill,
    provider,
    policy,
    certify: {
      testAccount: account === undefined ? undefined : {
        username: at.string([SECTION, 'certify', 'testAccount', 'username'], false)!,
        password: at.string([SECTION, 'certify', 'testAccount', 'password'], false)!,
      },
      localHosts: at.strings([SECTION, 'certify', 'localHosts'], true) ?? [],
    },
    dev: { redirectPort: at.port([SECTION, 'dev', 'redirectPort'], 8790), extension: extension === undefined ? undefined : path(extension, '') },
    check: { localeSlotTypes },
  };
}

function worker(at: Reader, p: string[], defaults: { config: string | undefined; port: number }, path: (p: string | undefined, fallback: string) => string): WorkerConfig {
  const config = at.string([...p, 'config'], defaults.config !== undefined);
  const port = at.port([...p, 'port'], defaults.port);
  return {
    config: path(config, defaults.config ?? ''),
    port,
    inspectorPort: at.port([...p, 'inspectorPort'], port + 1000),
    vars: at.stringMap([...p, 'vars']) ?? {},
  };
}

/** Reads typed values at JSON paths of one file; every failure names the file and the path. */
class Reader {
  readonly file: string;
  readonly root: unknown;

  constructor(file: string, root: unknown) {
    this.file = file;
    this.root = root;
  }

  fail(path: readonly string[], problem: string): never {
    throw new CliError(`${this.file}: ${path.map((k) => (/^\w[\w-]*$/.test(k) ? k : JSON.stringify(k))).join('.')} ${problem}`);
  }

  #get(path: readonly string[]): unknown {
    let value: unknown = this.root;
    for (const key of path) {
      if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, key)) return undefined;
      value = (value as Record<string, unknown>)[key];
    }
    return value;
  }

  object(path: readonly string[], optional: boolean): Record<string, unknown> | undefined {
    const value = this.#get(path);
    if (value === undefined && optional) return undefined;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(path, 'must be an object');
    return value as Record<string, unknown>;
  }

  string(path: readonly string[], optional: boolean): string | undefined {
    const value = this.#get(path);
    if (value === undefined && optional) return undefined;
    if (typeof value !== 'string' || value.trim() === '') this.fail(path, 'must be a non-empty string');
    return value;
  }

  strings(path: readonly string[], optional: boolean): string[] | undefined {
    const value = this.#get(path);
    if (value === undefined && optional) return undefined;
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v !== '')) this.fail(path, 'must be a list of non-empty strings');
    return value as string[];
  }

  boolean(path: readonly string[], fallback: boolean): boolean {
    const value = this.#get(path);
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') this.fail(path, 'must be true or false');
    return value;
  }

  port(path: readonly string[], fallback: number): number {
    const value = this.#get(path);
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65_535) this.fail(path, 'must be a port number (1-65535)');
    return value;
  }

  stringMap(path: readonly string[]): Record<string, string> | undefined {
    const value = this.object(path, true);
    if (value === undefined) return undefined;
    for (const [key, v] of Object.entries(value)) if (typeof v !== 'string') this.fail([...path, key], 'must be a string');
    return value as Record<string, string>;
  }
}
