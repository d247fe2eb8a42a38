/**
 * What `dev` starts, where, and with which `--var`s: the project's configuration with the command
 * line's flags over it, worked out before anything starts (nothing here touches a port or a file).
 */
import { isAbsolute, join, relative } from 'node:path';
import { DEFAULT_CONSOLE_PORT } from '../console/server.ts';
import { CliError } from '../errors.ts';
import type { ProjectConfig, WorkerConfig } from '../project.ts';
import type { DevPort } from './ports.ts';
import { statePaths } from '../state.ts';

/** `dev`'s flags that move things (each overrides the package.json setting it names). */
export interface DevFlags {
  readonly port?: number | undefined;
  readonly inspectorPort?: number | undefined;
  readonly providerPort?: number | undefined;
  readonly providerInspectorPort?: number | undefined;
  readonly redirectPort?: number | undefined;
  readonly state?: string | undefined;
}

/** One Worker under `wrangler dev`: its config, ports, state folder, URL, and `--var`s still holding placeholders. */
export interface WorkerPlan {
  /** `skill` or `provider`: the log prefix and the `wrangler/<name>` state folder. */
  readonly name: string;
  readonly config: string;
  readonly port: number;
  readonly inspectorPort: number;
  readonly persistTo: string;
  /** `http://localhost:<port>`, no trailing slash. */
  readonly url: string;
  readonly vars: Readonly<Record<string, string>>;
}

export interface DevPlan {
  readonly state: string;
  readonly caFile: string;
  readonly skill: WorkerPlan;
  readonly provider: WorkerPlan | undefined;
  readonly redirectUrl: string;
  /** Every port `dev` listens on (or keeps for the redirect URI), checked before anything starts. */
  readonly ports: readonly DevPort[];
}

/** The vars a skill gets unless its `skill.vars` names them: the local CA, as the kit's verification reads it. */
const DEFAULT_SKILL_VARS: Readonly<Record<string, string>> = {
  ALEXA_TRUSTED_ROOTS_PEM: '{ca.root}',
  ALEXA_DEV_CERT_CHAIN_PEM: '{ca.chain}',
};

const SECTION = 'alexa-skill-workers';
const move = (flag: string, setting: string) => `pass ${flag} (or set ${SECTION}.${setting} in package.json)`;

/**
 * The plan for `project` with `flags`. An inspector port not given as a flag is 1000 above its
 * Worker's port when that port is a flag, else the configured one.
 * The kit's local provider's config is `<state>/provider/wrangler.json`, written when it starts.
 */
export function devPlan(project: ProjectConfig, flags: DevFlags): DevPlan {
  const state = flags.state ?? project.state;
  const paths = statePaths(state);
  const worker = (name: string, config: WorkerConfig, port: number | undefined, inspector: number | undefined, vars: Record<string, string>): WorkerPlan => {
    const p = port ?? config.port;
    return {
      name,
      config: config.config,
      port: p,
      inspectorPort: inspector ?? (port === undefined ? config.inspectorPort : p + 1000),
      persistTo: paths.wrangler(name),
      url: `http://localhost:${p}`,
      vars,
    };
  };
  const skill = worker('skill', project.skill, flags.port, flags.inspectorPort, { ...DEFAULT_SKILL_VARS, ...project.skill.vars });
  let provider: WorkerPlan | undefined;
  if (project.provider?.kind === 'local') {
    // Its wrangler config is generated into the state folder when dev starts it (provider/worker.ts); its settings are in that file.
    const config = { config: join(paths.provider, 'wrangler.json'), port: project.provider.port, inspectorPort: project.provider.inspectorPort, vars: {} };
    provider = worker('provider', config, flags.providerPort, flags.providerInspectorPort, {});
  } else if (project.provider) {
    provider = worker('provider', project.provider, flags.providerPort, flags.providerInspectorPort, { ...project.provider.vars });
  }
  const kind = project.provider?.kind ?? 'worker';
  const redirectPort = flags.redirectPort ?? project.dev.redirectPort;
  const ports: DevPort[] = [
    { port: skill.port, what: 'the skill', move: move('--port', 'skill.port') },
    { port: skill.inspectorPort, what: "the skill's inspector", move: move('--inspector-port', 'skill.inspectorPort') },
    ...(provider
      ? [
          { port: provider.port, what: 'the provider', move: move('--provider-port', `provider.${kind}.port`) },
          { port: provider.inspectorPort, what: "the provider's inspector", move: move('--provider-inspector-port', `provider.${kind}.inspectorPort`) },
        ]
      : []),
    { port: redirectPort, what: 'the redirect URI of simulate and link', move: move('--redirect-port', 'dev.redirectPort') },
  ];
  return { state, caFile: paths.ca, skill, provider, redirectUrl: `http://localhost:${redirectPort}/callback`, ports };
}

/** The values of `{ca.root}`, `{ca.chain}`, `{skill.url}`, `{provider.url}`, `{redirect.url}`. */
export type Placeholders = Readonly<Record<string, string | undefined>>;

/** The placeholders' values for `plan` with the CA's PEMs. */
export function placeholdersOf(plan: DevPlan, ca: { readonly rootPem: string; readonly chainPem: string }): Placeholders {
  return {
    'ca.root': oneLine(ca.rootPem),
    'ca.chain': oneLine(ca.chainPem),
    'skill.url': plan.skill.url,
    'provider.url': plan.provider?.url,
    'redirect.url': plan.redirectUrl,
  };
}

/**
 * `vars` with every `{name.part}` placeholder filled from `values`.
 * @throws {CliError} naming the var (`<where>.<NAME>`) and the placeholder when it is unknown or has no value (`{provider.url}` with no provider).
 */
export function fillVars(vars: Readonly<Record<string, string>>, values: Placeholders, where: string): Record<string, string> {
  const known = Object.keys(values).map((k) => `{${k}}`).join(', ');
  return Object.fromEntries(
    Object.entries(vars).map(([name, template]) => [
      name,
      template.replace(/\{([a-z]+\.[a-z]+)\}/g, (_, key: string) => {
        const value = Object.hasOwn(values, key) ? values[key] : undefined;
        if (value !== undefined) return value;
        const why = Object.hasOwn(values, key) ? 'has no value here (no provider is configured)' : `is not one of ${known}`;
        throw new CliError(`${where}.${name}: the placeholder {${key}} ${why}`);
      }),
    ]),
  );
}

/** A PEM on one line with `\n` escapes, as the Worker's settings accept it. */
function oneLine(pem: string): string {
  return pem.trim().replace(/\n/g, '\\n');
}

/** What `dev` prints for the console (issue #21): the command that starts it against this stack, and the page's address once it runs. */
export interface ConsoleStart {
  readonly url: string;
  readonly command: string;
}

/** `arg` as a shell word: as it is when it needs no quotes, else in single quotes. */
const shellWord = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`);

/** `path` relative to `cwd` when it is inside it, else as it is. */
function within(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/**
 * The `console` command for the stack `plan` runs, run from `cwd`: the flags that moved the
 * skill, the provider, the redirect URI or the state folder passed on (`console` reads the same
 * package.json for everything else), on the console's default port.
 */
export function consoleStart(plan: DevPlan, flags: DevFlags, cwd: string): ConsoleStart {
  const args = [
    ...(flags.port === undefined ? [] : ['--url', `${plan.skill.url}/`]),
    ...(flags.providerPort === undefined || !plan.provider ? [] : ['--provider-url', plan.provider.url]),
    ...(flags.redirectPort === undefined ? [] : ['--redirect-uri', plan.redirectUrl]),
    ...(flags.state === undefined ? [] : ['--state', within(cwd, plan.state)]),
  ];
  return { url: `http://127.0.0.1:${DEFAULT_CONSOLE_PORT}/`, command: ['npx', 'alexa-skill-workers', 'console', ...args].map(shellWord).join(' ') };
}
