/**
 * The local provider's users file (`provider.local.users`, or `--users`): who can sign in, and the
 * profile each one's tokens and `/userinfo` carry. Development only (the passwords are in clear):
 *
 * ```json
 * { "users": [{ "username": "ada", "password": "ada-links", "name": "Ada Lovelace", "email": "ada@example.com" }] }
 * ```
 * `id` (the `sub` of the user's tokens) defaults to `user-<username>`; `name` and `email` are optional.
 * Without a file, a default one with one user is made in the state folder and named on start.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CliError } from '../errors.ts';

/** A user as the provider Worker takes it (its `USERS` var). */
export interface ProviderUser {
  readonly username: string;
  readonly password: string;
  readonly profile: { readonly id: string; readonly name?: string; readonly email?: string };
}

/** The users, and whether the file is the default one made for the state folder (then its first user is printed on start). */
export interface UsersFile {
  readonly file: string;
  readonly users: readonly ProviderUser[];
  readonly isDefault: boolean;
}

/**
 * The users in `file`.
 * @throws {CliError} one line naming the file and the JSON path of what is wrong (or that it is missing, or not JSON).
 */
function readUsers(file: string): readonly ProviderUser[] {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CliError((error as NodeJS.ErrnoException).code === 'ENOENT' ? `${file}: not found (provider.local.users in package.json, or --users)` : `${file}: not JSON`);
  }
  const fail = (path: string, problem: string): never => {
    throw new CliError(`${file}: ${path} ${problem}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('(the top level)', 'must be an object with "users"');
  const list = (value as { users?: unknown }).users;
  if (!Array.isArray(list) || list.length === 0) return fail('users', 'must be a non-empty list');
  const seen = new Set<string>();
  return list.map((entry: unknown, i) => {
    const at = `users[${i}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) fail(at, 'must be an object');
    const u = entry as Record<string, unknown>;
    const text = (key: string, optional: boolean): string | undefined => {
      const v = u[key];
      if (v === undefined && optional) return undefined;
      if (typeof v !== 'string' || v.trim() === '') fail(`${at}.${key}`, 'must be a non-empty string');
      return v as string;
    };
    const username = text('username', false)!;
    if (seen.has(username)) fail(`${at}.username`, `repeats "${username}"`);
    seen.add(username);
    const name = text('name', true);
    const email = text('email', true);
    return {
      username,
      password: text('password', false)!,
      profile: { id: text('id', true) ?? `user-${username}`, ...(name === undefined ? {} : { name }), ...(email === undefined ? {} : { email }) },
    };
  });
}

/** The users file in `file` when given; else `fallback`, made with one user and a random password when it does not exist. */
export function loadUsers(file: string | undefined, fallback: string): UsersFile {
  if (file !== undefined) return { file, users: readUsers(file), isDefault: false };
  try {
    return { file: fallback, users: readUsers(fallback), isDefault: true };
  } catch (error) {
    if (!(error instanceof CliError) || !error.message.endsWith('--users)')) throw error;
  }
  mkdirSync(dirname(fallback), { recursive: true });
  const password = randomBytes(9).toString('base64url');
  writeFileSync(fallback, `${JSON.stringify({ users: [{ username: 'alex', password, name: 'Alex' }] }, null, 2)}\n`, { mode: 0o600 });
  return { file: fallback, users: readUsers(fallback), isDefault: true };
}
