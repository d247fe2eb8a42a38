import { ConfigError } from './errors.ts';

export { ConfigError };

/**
 * The refusal of a development trust setting (replaced roots, a served certificate chain, a local
 * tokeninfo) by a parser told `allowDevelopmentTrust: false`: it names the setting, never its value.
 */
export function developmentOnly(setting: string): ConfigError {
  return new ConfigError(setting, 'is for local development and tests only, and this build does not allow it (allowDevelopmentTrust): remove the setting');
}

/** Any set of bindings (the Worker's `env`, a Node process's environment); values are read as text. */
export type Settings = object;

/** A setting's trimmed text, or undefined when it is unset, blank or not a string. */
export function text<E extends Settings>(env: E, name: keyof E & string): string | undefined {
  const value: unknown = env[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A required absolute https URL (plain http only for this machine, for local development).
 * @throws {ConfigError} `CONFIG_INVALID` naming `name`
 */
export function httpsUrl<E extends Settings>(env: E, name: keyof E & string): string {
  const value = text(env, name);
  if (value === undefined) throw new ConfigError(name, 'is not set');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, 'is not an absolute URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname))) {
    throw new ConfigError(name, 'must be an https URL (http only for localhost)');
  }
  return url.href;
}

/**
 * An optional whole number option within [min, max], `fallback` when absent.
 * @throws {ConfigError} `CONFIG_INVALID` naming `name`
 */
export function numberOption<O extends object>(options: O, name: keyof O & string, fallback: number, min: number, max: number): number {
  const value: unknown = options[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}`);
  }
  return value;
}

/** `globalThis.fetch`, looked up at call time (so a test that replaces it intercepts it), unless `fetch` is given. */
export function fetchOption(fetchFn: typeof fetch | undefined): typeof fetch {
  if (fetchFn !== undefined && typeof fetchFn !== 'function') throw new ConfigError('fetch', 'must be a function');
  return fetchFn ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
}

/**
 * The options object itself, checked to be one.
 * @throws {ConfigError} `CONFIG_INVALID` (setting `options`) for anything else.
 */
export function optionsObject<O extends object>(options: O | undefined, of: string): O {
  if (options === null || typeof options !== 'object') throw new ConfigError('options', `${of} takes an options object`);
  return options;
}
