/**
 * The demo users of the Ride Hailer service. Their passwords are public on purpose (the terms of
 * use say so, and skill.json's testing instructions give certification testers `ana`), yet the
 * service keeps only what a real one would: a salted PBKDF2-HMAC-SHA256 hash per user (RFC 8018
 * §5.2), so no password is in its code or its bundle. The sign-in pages show them in the development
 * build only ({@link DEMO_USERS_HINT}).
 */

/** A password as the service stores it: PBKDF2-HMAC-SHA256, {@link PBKDF2_ITERATIONS} rounds, 32 bytes. */
interface PasswordHash {
  /** 16 random bytes, base64. */
  readonly salt: string;
  /** The derived key, base64. */
  readonly hash: string;
}

/** A demo user: sign in with its username and password on the login page or the app. */
export interface DemoUser {
  readonly username: string;
  readonly password: PasswordHash;
  readonly profile: {
    readonly id: string;
    readonly name: string;
    readonly defaultLocations: Record<string, { label: string; address: string }>;
    readonly paymentMethod: { label: string };
  };
}

/** workerd's ceiling for PBKDF2 (a higher count is refused); about 14 ms of CPU per sign-in. */
const PBKDF2_ITERATIONS = 100_000;

/**
 * The demo users. To change a password, derive its hash with the same parameters:
 * `crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: 100000 }, key, 256)`
 * with 16 fresh random bytes as `salt` (see {@link hashPassword}).
 */
export const DEMO_USERS: readonly DemoUser[] = [
  {
    username: 'ana',
    password: { salt: '2V7hwYoaIKfqlwpGUQ/JUA==', hash: 'mz/6LvMEBOXAmlV6u23oj69hYZeZZubyGfzbKVLf4kE=' },
    profile: {
      id: 'user-ana',
      name: 'Ana',
      defaultLocations: {
        work: { label: 'Contoso Tower', address: '500 Contoso Way, Seattle' },
        home: { label: 'Maple Street', address: '12 Maple Street, Seattle' },
      },
      paymentMethod: { label: 'Visa ending 4242' },
    },
  },
  {
    username: 'ben',
    password: { salt: 'mLAL4aebcTOxNkwUd7mdeA==', hash: 'AIAg0AZ0nHvW7LtKHFgjs/o3u/3nDiP6YFgjky0eof4=' },
    profile: {
      id: 'user-ben',
      name: 'Ben',
      defaultLocations: { work: { label: 'Fabrikam Campus', address: '1 Fabrikam Drive, Redmond' } },
      paymentMethod: { label: 'Mastercard ending 5454' },
    },
  },
];

/**
 * The sign-in pages' line naming the demo users and their passwords: in the development build only
 * (wrangler.toml `[define]`), so the production bundle holds no password in clear. Certification
 * testers get `ana`'s from skill.json's testing instructions.
 */
export const DEMO_USERS_HINT = DEMO_DEV_BUILD
  ? '<p class="muted">Demo users: <code>ana</code> / <code>ana-rides</code>, <code>ben</code> / <code>ben-rides</code>.</p>'
  : '';

const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** Stands in for an unknown username, so that it costs one derivation too and matches nothing. */
const NOBODY: PasswordHash = { salt: 'bm8tc3VjaC11c2VyLXNhbHQ=', hash: btoa('\u0000'.repeat(32)) };

/** The PBKDF2-HMAC-SHA256 key of `password` with `salt` ({@link PBKDF2_ITERATIONS} rounds, 32 bytes). */
async function hashPassword(password: string, salt: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: PBKDF2_ITERATIONS }, key, 256));
}

/**
 * The user with these credentials, or undefined. The username is trimmed and lower-cased; one
 * derivation whether or not it exists, and the keys compared in constant time, so the answer's
 * timing does not tell which usernames exist.
 */
export async function authenticate(username: string, password: string): Promise<DemoUser | undefined> {
  const wanted = username.trim().toLowerCase();
  const user = DEMO_USERS.find((candidate) => candidate.username === wanted);
  const stored = user?.password ?? NOBODY;
  const derived = await hashPassword(password, fromBase64(stored.salt));
  const expected = fromBase64(stored.hash);
  return user && derived.length === expected.length && crypto.subtle.timingSafeEqual(derived, expected) ? user : undefined;
}

/** The user with this profile ID (a grant's `props.userId`, a session's), or undefined. */
export function userById(id: string): DemoUser | undefined {
  return DEMO_USERS.find((user) => user.profile.id === id);
}
