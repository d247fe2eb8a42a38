/**
 * A project's own part of `dev` (package.json `dev.extension`): a module whose default export
 * `dev` calls, in its own process, after the CA is ready and before the Workers start; what it
 * starts stops with `dev` (its `stop`). It adds `--var`s and lines to what `Ready.` prints. Its
 * named export `ports` (optional) lists the ports it will listen on: `dev` checks them with its
 * own, before it writes or starts anything. Ride Hailer's is tools/simulator/amazon/dev.ts (the
 * simulated Amazon of app-to-app linking).
 */
import { pathToFileURL } from 'node:url';
import { CliError } from '../errors.ts';
import type { DevCa } from '../ca.ts';
import type { DevPort } from './ports.ts';

export interface DevExtensionContext {
  /** The project folder. */
  readonly root: string;
  /** The state folder (docs/cli.md, "The state folder"). */
  readonly state: string;
  /** `http://localhost:<port>` of the skill and of the provider (if any); the simulator's redirect URI. */
  readonly skillUrl: string;
  readonly providerUrl: string | undefined;
  readonly redirectUrl: string;
  readonly ca: DevCa;
  /** Prints a line of the extension's own, prefixed as it likes. */
  readonly log: (line: string) => void;
}

export interface DevExtensionStarted {
  /** More `--var`s for the skill and the provider Worker (placeholders allowed); over the configured ones. */
  readonly skillVars?: Readonly<Record<string, string>>;
  readonly providerVars?: Readonly<Record<string, string>>;
  /** Lines for the `Ready.` text, and name → URL for `--json`. */
  readonly lines?: readonly string[];
  readonly urls?: Readonly<Record<string, string>>;
  /** Stops what the extension started; called on every way out of `dev`. */
  readonly stop?: () => Promise<void> | void;
}

/** What a `dev.extension` module exports as its default. */
export type DevExtension = (ctx: DevExtensionContext) => Promise<DevExtensionStarted>;

/** A loaded extension: its default export, and the ports it declares. */
export interface LoadedExtension {
  readonly start: DevExtension;
  readonly ports: readonly DevPort[];
}

/**
 * The extension module at `file`.
 * @throws {CliError} when it cannot be loaded, its default export is not a function, or its `ports`
 *   export is not a list of `{ port, what, move }`.
 */
export async function loadExtension(file: string): Promise<LoadedExtension> {
  let module: { default?: unknown; ports?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as typeof module;
  } catch (error) {
    throw new CliError(`alexa-skill-workers.dev.extension: cannot load ${file} (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
  if (typeof module.default !== 'function') throw new CliError(`alexa-skill-workers.dev.extension: ${file} has no default export function`);
  const ports = module.ports ?? [];
  if (!Array.isArray(ports) || !ports.every(isDevPort)) throw new CliError(`alexa-skill-workers.dev.extension: ${file} exports \`ports\` that is not a list of { port, what, move }`);
  return { start: module.default as DevExtension, ports };
}

function isDevPort(value: unknown): value is DevPort {
  const p = value as Partial<DevPort> | null;
  return typeof p === 'object' && p !== null && Number.isInteger(p.port) && typeof p.what === 'string' && typeof p.move === 'string';
}
