/**
 * The command line's network helpers: a fetch with a deadline that never follows redirects (where a
 * server sends the browser is itself something certify and link check), telling "this machine is
 * offline" (a skip) apart from "that server is broken" (a failure), and one line naming what does
 * not answer. A {@link Net} is injected into every check, so tests drive them against servers on
 * 127.0.0.1.
 */
import { lookup } from 'node:dns/promises';
import { CliError } from './errors.ts';

export interface Net {
  readonly fetch: typeof fetch;
  /** Whether the public internet is reachable; asked only by checks that need it. */
  readonly online: () => Promise<boolean>;
}

/** Error codes that mean "no route to that host" rather than "the host answered badly". */
const UNREACHABLE = new Set([
  'ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH', 'ECONNRESET', 'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET',
]);

/** The first `code` on `error`'s cause chain that says the host could not be reached at all. */
function unreachableCode(error: unknown): string | undefined {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNREACHABLE.has(code)) return code;
  }
  return undefined;
}

/** True when `error` (from fetch or a socket) says the host could not be reached at all. */
export function isUnreachable(error: unknown): boolean {
  return unreachableCode(error) !== undefined;
}

/** Online means a public name resolves; one DNS question, answered within `timeoutMs`. */
function probeOnline(host = 'developer.amazon.com', timeoutMs = 3000): () => Promise<boolean> {
  let answer: Promise<boolean> | undefined;
  return () => {
    answer ??= Promise.race([
      lookup(host).then(() => true, () => false),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref()),
    ]);
    return answer;
  };
}

/** The real network: global fetch, and a DNS probe for "online". */
export const defaultNet = (): Net => ({ fetch: globalThis.fetch.bind(globalThis), online: probeOnline() });

export type Timed =
  | { readonly kind: 'answered'; readonly response: Response; readonly text: string; readonly bytes: Uint8Array; readonly ms: number }
  | { readonly kind: 'late'; readonly ms: number }
  | { readonly kind: 'unreachable'; readonly error: unknown }
  | { readonly kind: 'error'; readonly error: unknown };

/**
 * Sends a request and reads the whole body, giving up at `deadlineMs`. Redirects are never
 * followed. Never throws: every outcome is a {@link Timed}.
 */
export async function timedFetch(net: Net, url: string, init: RequestInit, deadlineMs: number): Promise<Timed> {
  const started = performance.now();
  const signal = AbortSignal.timeout(deadlineMs);
  try {
    const response = await net.fetch(url, { ...init, redirect: 'manual', signal });
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { kind: 'answered', response, text: new TextDecoder().decode(bytes), bytes, ms: performance.now() - started };
  } catch (error) {
    if (signal.aborted) return { kind: 'late', ms: performance.now() - started };
    return isUnreachable(error) ? { kind: 'unreachable', error } : { kind: 'error', error };
  }
}

/** A short description of a failed request, for a ✘ line (never a body, token or header value). */
export function describeFailure(result: Exclude<Timed, { kind: 'answered' }>, deadlineMs: number): string {
  if (result.kind === 'late') return `no answer within ${deadlineMs / 1000} s`;
  const error = result.error as { message?: string; cause?: { code?: string; message?: string } };
  return `request failed: ${error.cause?.code ?? error.cause?.message ?? error.message ?? String(result.error)}`;
}

/**
 * The one line for a server the command needs that does not answer: `what` ("The skill"), where,
 * why (ECONNREFUSED) and `hint` (what to start).
 */
export function notAnswering(what: string, url: string | URL, error: unknown, hint: string): CliError {
  const code = unreachableCode(error) ?? (error as { cause?: { code?: unknown } }).cause?.code;
  const reason = typeof code === 'string' ? ` (${code})` : '';
  return new CliError(`${what} is not answering at ${new URL(url).origin}${reason}: ${hint}`);
}

/**
 * `fetch(url, init)`, with a failure to reach `url` (connection refused, no such host: fetch's
 * `TypeError`) turned into {@link notAnswering}'s one line. Timeouts and aborts are left as they are.
 * @throws {CliError} naming `what`, the origin and `hint`.
 */
export async function reach(what: string, url: string | URL, init: RequestInit | undefined, hint: string, net: Pick<Net, 'fetch'> = globalThis): Promise<Response> {
  try {
    return await net.fetch(url, init);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    throw notAnswering(what, url, error, hint);
  }
}
