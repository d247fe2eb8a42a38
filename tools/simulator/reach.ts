/**
 * The simulator talks to what `npm run dev` starts: the skill and the demo service. When nothing
 * answers there, fetch rejects with a bare `TypeError: fetch failed`; these say which one, where,
 * and what to start, in one line.
 */

/** A local server the simulator needs does not answer: its message names it, its URL and `npm run dev`. */
class NotRunningError extends Error {
  override readonly name = 'NotRunningError';
}

/**
 * `fetch(url, init)`, with a failure to reach `url` (connection refused, no such host: fetch's
 * `TypeError`) turned into a {@link NotRunningError} naming `what` ("the skill") and `url`.
 * Timeouts and aborts are left as they are.
 */
export async function fetchLocal(what: string, url: string | URL, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    const code = (error.cause as { code?: unknown } | undefined)?.code;
    const reason = typeof code === 'string' ? ` (${code})` : '';
    throw new NotRunningError(`${what} is not answering at ${new URL(url).origin}${reason}: start it with \`npm run dev\` in another terminal, then try again.`, { cause: error });
  }
}
