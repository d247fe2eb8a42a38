/**
 * Network helpers for certify: a fetch with a deadline, and telling "this machine is offline" (a
 * skip) apart from "that server is broken" (a failure). Both are injected into every check, so the
 * tests drive them against servers on 127.0.0.1.
 */
import { lookup } from 'node:dns/promises';

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

/** True when `error` (from fetch or a socket) says the host could not be reached at all. */
export function isUnreachable(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNREACHABLE.has(code)) return true;
  }
  return false;
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

export const defaultNet = (): Net => ({ fetch: globalThis.fetch.bind(globalThis), online: probeOnline() });

export type Timed =
  | { readonly kind: 'answered'; readonly response: Response; readonly text: string; readonly bytes: Uint8Array; readonly ms: number }
  | { readonly kind: 'late'; readonly ms: number }
  | { readonly kind: 'unreachable'; readonly error: unknown }
  | { readonly kind: 'error'; readonly error: unknown };

/**
 * Sends a request and reads the whole body, giving up at `deadlineMs`. Redirects are never
 * followed: where a server sends the browser is itself something certify checks.
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
