/**
 * Intercepts every outbound `fetch` (the Worker runs in the test's isolate, so replacing
 * `globalThis.fetch` reaches it). Only routes a test declares are answered; any other request
 * is recorded and fails the test in `afterEach` (see `setup.ts`). Nothing reaches the network.
 */
import { vi } from 'vitest';

export type Route = (request: Request) => Response | Promise<Response>;

class Outbound {
  readonly #routes = new Map<string, Route>();
  readonly #prefixes = new Map<string, Route>();
  /** Every request made, as "METHOD url", in order. */
  readonly requests: string[] = [];
  /** Requests no route answered. */
  readonly unexpected: string[] = [];

  /** Answers requests for exactly `url`. */
  on(url: string, route: Route): this {
    this.#routes.set(url, route);
    return this;
  }

  /** Answers requests whose URL starts with `prefix` (e.g. a URL with a query). */
  onPrefix(prefix: string, route: Route): this {
    this.#prefixes.set(prefix, route);
    return this;
  }

  /** Serves `pem` at `url` as S3 would. */
  serveCertificate(url: string, pem: string): this {
    return this.on(url, () => new Response(pem, { headers: { 'content-type': 'application/x-pem-file' } }));
  }

  count(url: string): number {
    return this.requests.filter((line) => line.endsWith(` ${url}`)).length;
  }

  install(): void {
    this.#routes.clear();
    this.#prefixes.clear();
    this.requests.length = 0;
    this.unexpected.length = 0;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const request = new Request(input, init);
      this.requests.push(`${request.method} ${request.url}`);
      const route =
        this.#routes.get(request.url) ??
        [...this.#prefixes].find(([prefix]) => request.url.startsWith(prefix))?.[1];
      if (!route) {
        this.unexpected.push(`${request.method} ${request.url}`);
        throw new TypeError(`unexpected outbound request in test: ${request.method} ${request.url}`);
      }
      return route(request);
    });
  }
}

export const outbound = new Outbound();

/** A route that never answers until the request is aborted (for timeout tests). */
export const hang: Route = (request) =>
  new Promise((_, reject) => {
    request.signal.addEventListener('abort', () => reject(new Error('aborted', { cause: request.signal.reason })));
  });

/**
 * {@link hang}, remembering why each request was given up: a timer of the code under test shows as
 * a `TimeoutError` (AbortSignal.timeout). Tests assert on that instead of on wall-clock time.
 */
export function hangRecording(): { readonly route: Route; readonly abortReasons: unknown[] } {
  const abortReasons: unknown[] = [];
  const route: Route = (request) => {
    request.signal.addEventListener('abort', () => abortReasons.push(request.signal.reason));
    return hang(request);
  };
  return { route, abortReasons };
}
