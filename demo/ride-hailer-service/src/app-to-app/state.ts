/**
 * The app's sign-in sessions and the pending linking attempts, in KV under hashed keys:
 *   app:session:{sha256(session id)}     -> { userId, csrf }                       (1 hour)
 *   app:link-state:{sha256(state)}       -> { sessionHash, userId, verifier, … }    (10 minutes)
 * The `state` sent to Amazon is CSRF protection (RFC 6749 §10.12): it is random, single use,
 * expires, and is bound to the session that started the attempt, so a callback in another
 * browser or for another user is refused. The PKCE verifier (RFC 7636) stays here, never in a URL.
 */
import { AppToAppError } from './errors.ts';

export const SESSION_TTL_SECONDS = 3600;
/** Amazon's authorization code lives five minutes; the attempt a little longer. KV's floor is 60 s. */
export const LINK_STATE_TTL_SECONDS = 600;

export interface AppSession {
  readonly userId: string;
  /** Echoed by the app's forms (synchronizer token), compared in constant time. */
  readonly csrf: string;
}

/** What the user asked for when they left for Amazon. */
export type Purpose = 'link' | 'status' | 'unlink';

export interface LinkState {
  readonly sessionHash: string;
  readonly userId: string;
  readonly verifier: string;
  readonly purpose: Purpose;
  /** ms since epoch */
  readonly createdAt: number;
}

const b64url = (bytes: Uint8Array | ArrayBuffer) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** 256 random bits, base64url. */
const randomToken = () => b64url(crypto.getRandomValues(new Uint8Array(32)));

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** True when the two strings are equal, compared in constant time for equal lengths. */
export function sameSecret(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  return x.length === y.length && crypto.subtle.timingSafeEqual(x, y);
}

const sessionKey = async (id: string) => `app:session:${await sha256Hex(id)}`;
const stateKey = async (state: string) => `app:link-state:${await sha256Hex(state)}`;

/** Starts a session for a signed-in user; the returned id goes into an HttpOnly cookie. */
export async function createSession(kv: KVNamespace, userId: string): Promise<string> {
  const id = randomToken();
  const session: AppSession = { userId, csrf: randomToken() };
  await kv.put(await sessionKey(id), JSON.stringify(session), { expirationTtl: SESSION_TTL_SECONDS });
  return id;
}

export async function readSession(kv: KVNamespace, id: string | undefined): Promise<AppSession | undefined> {
  if (!id) return undefined;
  return (await kv.get<AppSession>(await sessionKey(id), 'json')) ?? undefined;
}

export async function endSession(kv: KVNamespace, id: string | undefined): Promise<void> {
  if (id) await kv.delete(await sessionKey(id));
}

/** Records a linking attempt and returns its `state` and the PKCE S256 challenge to send to Amazon. */
export async function beginAttempt(
  kv: KVNamespace,
  sessionId: string,
  userId: string,
  purpose: Purpose,
  now: number,
): Promise<{ state: string; codeChallenge: string }> {
  const state = randomToken();
  const verifier = randomToken();
  const record: LinkState = { sessionHash: await sha256Hex(sessionId), userId, verifier, purpose, createdAt: now };
  await kv.put(await stateKey(state), JSON.stringify(record), { expirationTtl: LINK_STATE_TTL_SECONDS });
  const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  return { state, codeChallenge: challenge };
}

/**
 * Takes the attempt named by `state` (once: it is deleted) and checks that it has not expired and
 * belongs to this session. Throws STATE_INVALID otherwise.
 */
export async function consumeAttempt(kv: KVNamespace, state: string | undefined, sessionId: string | undefined, now: number): Promise<LinkState> {
  if (!state || !sessionId) throw new AppToAppError('STATE_INVALID');
  const key = await stateKey(state);
  const record = await kv.get<LinkState>(key, 'json');
  if (!record) throw new AppToAppError('STATE_INVALID');
  await kv.delete(key);
  const fresh = now - record.createdAt <= LINK_STATE_TTL_SECONDS * 1000 && now >= record.createdAt;
  if (!fresh || !sameSecret(record.sessionHash, await sha256Hex(sessionId))) throw new AppToAppError('STATE_INVALID');
  return record;
}
