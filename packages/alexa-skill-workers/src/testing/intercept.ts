/**
 * What a fake answers: a request it owns gets a response; any other gets `undefined`, so the next
 * fake (or the interceptor's refusal) takes it.
 */
export interface FakeService {
  answer(request: Request): Promise<Response | undefined> | Response | undefined;
}

/** The outbound `fetch` of the code under test, while {@link interceptFetch} holds it. */
export interface FetchInterceptor {
  /** Every request made, as `METHOD url`, in order. */
  readonly requests: string[];
  /** Requests no fake answered (each also failed with a `TypeError`, as a network error would). */
  readonly unexpected: string[];
  /** Puts the original `fetch` back. */
  restore(): void;
}

/**
 * Replaces `globalThis.fetch` (the Worker under test runs in the test's isolate, so it reaches the
 * Worker's outbound calls) with the given fakes, asked in order; a request none of them answers is
 * recorded in `unexpected` and fails like a network error, so nothing reaches the network. Call
 * `restore()` after each test (or use your test framework's mock restore). No test framework needed.
 * @example
 *   const lwa = FakeOAuthProvider.loginWithAmazon({ clientId });
 *   const outbound = interceptFetch(lwa);
 *   afterEach(() => { outbound.restore(); expect(outbound.unexpected).toEqual([]); });
 */
export function interceptFetch(...fakes: readonly FakeService[]): FetchInterceptor {
  const original = globalThis.fetch;
  const requests: string[] = [];
  const unexpected: string[] = [];
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push(`${request.method} ${request.url}`);
    for (const fake of fakes) {
      const response = await fake.answer(request.clone());
      if (response) return response;
    }
    unexpected.push(`${request.method} ${request.url}`);
    throw new TypeError(`unexpected outbound request in a test: ${request.method} ${request.url}`);
  };
  return {
    requests,
    unexpected,
    restore: () => {
      globalThis.fetch = original;
    },
  };
}
