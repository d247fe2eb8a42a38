import { fromBase64, fromUtf8 } from '../lib/bytes.ts';
import { sha256 } from '../lib/hash.ts';
/**
 * The local provider's users, as the command line hands them over (`USERS`, a base64 JSON list it
 * has already checked: see the command line's provider/users.ts). Development only: the passwords are
 * in clear in the users file, so they are compared as SHA-256 digests in constant time.
 */

/** A user's profile: what `/userinfo` (OpenID Connect's `sub`, `name`, `email`) and Login with Amazon's `/user/profile` answer. */
export interface LocalProfile {
  readonly id: string;
  readonly name?: string;
  readonly email?: string;
}

export interface LocalUser {
  readonly username: string;
  readonly password: string;
  readonly profile: LocalProfile;
}

/**
 * The users in `base64` (the `USERS` secret: base64 of UTF-8 JSON).
 * @throws Error naming `USERS` when it is not a list of users (the command line checks the file first, so this is a bug).
 */
export function usersOf(base64: string | undefined): readonly LocalUser[] {
  let value: unknown;
  try {
    value = JSON.parse(fromUtf8(fromBase64(base64 ?? '')));
  } catch {
    throw new Error('USERS is not JSON');
  }
  const ok = Array.isArray(value) && value.every((u: Partial<LocalUser> | null) =>
    typeof u?.username === 'string' && typeof u.password === 'string' && typeof u.profile?.id === 'string');
  if (!ok) throw new Error('USERS must be a list of { username, password, profile: { id } }');
  return value as LocalUser[];
}

/** The user with these credentials, or undefined; the username is trimmed, the passwords compared in constant time. */
export async function authenticate(users: readonly LocalUser[], username: string, password: string): Promise<LocalUser | undefined> {
  const user = users.find((u) => u.username === username.trim());
  const [given, expected] = await Promise.all([sha256(password), sha256(user?.password ?? '\u0000no user')]);
  return user && crypto.subtle.timingSafeEqual(given, expected) ? user : undefined;
}

/** The user whose profile ID is `id` (a grant's user ID). */
export function userById(users: readonly LocalUser[], id: string): LocalUser | undefined {
  return users.find((u) => u.profile.id === id);
}
