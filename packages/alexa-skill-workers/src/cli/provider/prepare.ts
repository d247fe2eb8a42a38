import { join } from 'node:path';
import { statePaths } from '../state.ts';
import { loadUsers, type UsersFile } from './users.ts';
import { writeProviderConfig } from './worker.ts';

/** Where the local provider runs and who signs in to it. */
export interface LocalProviderSetup {
  /** `http://localhost:<port>`. */
  readonly url: string;
  readonly state: string;
  /** The users file (`provider.local.users`, `--users`), or undefined for the state folder's default one. */
  readonly users: string | undefined;
  readonly audience: string;
}

/**
 * Writes the local provider's wrangler config into `<state>/provider/` (the default users file too,
 * when there is no other) and returns the users and the lines to print: the file, and for the
 * default file its user's username and password (development only: the file is the state folder's).
 * @throws {CliError} naming the users file and the JSON path of what is wrong.
 */
export function prepareLocalProvider(setup: LocalProviderSetup): { readonly config: string; readonly users: UsersFile; readonly lines: readonly string[] } {
  const folder = statePaths(setup.state).provider;
  const users = loadUsers(setup.users, join(folder, 'users.json'));
  const config = writeProviderConfig(folder, { issuer: setup.url, audience: setup.audience, users: users.users });
  const first = users.users[0]!;
  const lines = [
    `Provider users: ${users.file} (${users.users.length} user${users.users.length === 1 ? '' : 's'})`,
    ...(users.isDefault ? [`Sign in to the local provider as ${first.username} / ${first.password}`] : []),
  ];
  return { config, users, lines };
}
