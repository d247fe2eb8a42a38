/** A Worker's fetch handler, as `alexaEndpoint`, a Hono app or a plain object export it. */
export interface WorkerUnderTest<Env> {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response>;
}

/**
 * One isolate of a Worker, for tests: every request goes to `worker.fetch` with the same bindings
 * object (a copy of `env`, so the Worker's per-isolate state, built once per bindings object, is
 * fresh for each `testWorker`), and an execution context whose `waitUntil` work is awaited before
 * the response is handed back, so KV writes the Worker made in the background are there for the
 * next request. Give it the test's KV (in the Workers Vitest integration: `env` from
 * `cloudflare:workers`); `overrides` replace bindings.
 * @example
 *   const send = testWorker(worker, env);
 *   const response = await send(await signedAlexaRequest(pki, launchRequest({ timestamp: new Date() })));
 */
export function testWorker<Env extends object>(
  worker: WorkerUnderTest<Env>,
  env: Env,
  overrides: Partial<Env> = {},
): (request: Request) => Promise<Response> {
  const bindings: Env = { ...env, ...overrides };
  return async (request) => {
    const pending: Promise<unknown>[] = [];
    const ctx = {
      waitUntil: (promise: Promise<unknown>) => void pending.push(promise),
      passThroughOnException: () => undefined,
      props: {},
    } as unknown as ExecutionContext;
    const response = await worker.fetch(request, bindings, ctx);
    // Work registered while other work settles is awaited too.
    for (let done = 0; done < pending.length; ) {
      const end = pending.length;
      await Promise.allSettled(pending.slice(done, end));
      done = end;
    }
    return response;
  };
}
