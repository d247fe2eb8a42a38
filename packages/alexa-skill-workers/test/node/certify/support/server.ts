/** The test servers of the OAuth client's tests (one node:http server per test on 127.0.0.1), and certify's Net. */
export { serve, type Running } from '../../oauth/support.ts';

/** A Net for certify whose "internet" is as the test says; fetch is the real one, to 127.0.0.1. */
export const testNet = (online: boolean) => ({ fetch: globalThis.fetch.bind(globalThis), online: () => Promise.resolve(online) });
