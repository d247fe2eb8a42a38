import { ConfigError } from 'alexa-skill-workers/errors';

/**
 * Readers of the Worker's bindings (`env`): each value is text, trimmed; every error is a
 * `ConfigError` naming the binding, never quoting its value (a secret pasted into the wrong
 * variable must not reach a log line).
 */

/** Any set of bindings (the Worker's `env`); values are read as text. */
export type Bindings = object;

/** A setting's trimmed text, or undefined when it is unset, blank or not a string. */
export function text<E extends Bindings>(env: E, name: keyof E & string): string | undefined {
  const value: unknown = env[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A required absolute https URL (plain http only for this machine, for local development).
 * @throws {ConfigError} `CONFIG_INVALID` naming `name`
 */
export function httpsUrl<E extends Bindings>(env: E, name: keyof E & string): string {
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
 * An optional whole number within [min, max], `fallback` when unset.
 * @throws {ConfigError} `CONFIG_INVALID` naming `name`
 */
export function integer<E extends Bindings>(env: E, name: keyof E & string, fallback: number, min: number, max: number): number {
  const value = text(env, name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}`);
  }
  return parsed;
}

/**
 * An optional `true` or `false`, `false` when unset.
 * @throws {ConfigError} `CONFIG_INVALID` naming `name` for any other value
 */
export function flag<E extends Bindings>(env: E, name: keyof E & string): boolean {
  const value = text(env, name) ?? 'false';
  if (value !== 'true' && value !== 'false') throw new ConfigError(name, 'must be "true" or "false"');
  return value === 'true';
}
