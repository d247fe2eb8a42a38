/**
 * What the example's tests share, written as a user of the kit would write them: the Worker run
 * with the kit's test PKI as its trusted roots, and a fake Login with Amazon on the outbound fetch.
 */
import { env } from 'cloudflare:workers';
import { createExecutionContext, reset, waitOnExecutionContext } from 'cloudflare:test';
import { afterEach, beforeEach, expect, vi } from 'vitest';
import type { Logger } from 'alexa-skill-workers';
import type { TestPki } from 'alexa-skill-workers/testing';
import { createApp, type HelloEnv } from '../src/index.ts';

/** The tests' frozen clock, inside the test PKI's validity. */
export const NOW = new Date('2026-06-01T12:00:00Z');
/** The client ID the Worker is configured with (vitest.config.ts, project `hello`). */
const configured = env as unknown as HelloEnv;
export const CLIENT_ID = configured.LWA_CLIENT_ID;

const LWA_PROFILE = 'https://api.amazon.com/user/profile';
const LWA_TOKENINFO = 'https://api.amazon.com/auth/o2/tokeninfo';

/** What Login with Amazon knows of one access token. */
export interface LwaToken {
  readonly aud: string;
  readonly name?: string;
}

/**
 * Login with Amazon as the Worker sees it: `/user/profile` (bearer token; 401 for a token it does
 * not know) and `/auth/o2/tokeninfo` (`access_token` query; 400 for one it does not know). Amazon,
 * "Obtain Customer Profile Information":
 * https://developer.amazon.com/docs/login-with-amazon/obtain-customer-profile.html
 * Any other outbound request is recorded in `unexpected` and fails the test.
 */
export class FakeLwa {
  readonly tokens = new Map<string, LwaToken>();
  /** Calls to LWA, as "profile" or "tokeninfo", in order. */
  readonly calls: string[] = [];
  readonly unexpected: string[] = [];
  /** When set, LWA answers every call with this status (an outage). */
  failWith: number | undefined;

  install(): void {
    vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => Promise.resolve().then(() => this.#answer(new Request(input, init))));
  }

  #answer(request: Request): Response {
    const url = new URL(request.url);
    const endpoint = `${url.origin}${url.pathname}`;
    if (endpoint !== LWA_PROFILE && endpoint !== LWA_TOKENINFO) {
      this.unexpected.push(`${request.method} ${request.url}`);
      throw new TypeError(`unexpected outbound request: ${request.method} ${endpoint}`);
    }
    this.calls.push(endpoint === LWA_PROFILE ? 'profile' : 'tokeninfo');
    if (this.failWith !== undefined) return new Response('unavailable', { status: this.failWith });
    if (endpoint === LWA_PROFILE) {
      const known = this.tokens.get(request.headers.get('authorization')?.replace(/^Bearer /, '') ?? '');
      if (!known) return Response.json({ error: 'invalid_token' }, { status: 401 });
      return Response.json({ user_id: 'amzn1.account.HELLO', email: 'user@example.com', ...(known.name && { name: known.name }) });
    }
    const known = this.tokens.get(url.searchParams.get('access_token') ?? '');
    if (!known) return Response.json({ error: 'invalid_token' }, { status: 400 });
    return Response.json({ iss: 'https://www.amazon.com', user_id: 'amzn1.account.HELLO', aud: known.aud, app_id: 'amzn1.application.HELLO', exp: 3600 });
  }
}

/** A fake LWA installed before each test (with a fresh KV), checked after it. */
export function useFakeLwa(): FakeLwa {
  const lwa = new FakeLwa();
  beforeEach(async () => {
    await reset();
    lwa.tokens.clear();
    lwa.calls.length = 0;
    lwa.unexpected.length = 0;
    lwa.failWith = undefined;
    lwa.install();
  });
  afterEach(() => {
    vi.restoreAllMocks();
    expect(lwa.unexpected, 'unexpected outbound requests').toEqual([]);
  });
  return lwa;
}

/** Log lines, kept for assertions. */
export function recordingLogger(): Logger & { readonly events: string[] } {
  const events: string[] = [];
  const push = (event: string) => void events.push(event);
  return { events, info: push, warn: push, error: push };
}

/**
 * One isolate of the example Worker: its own bindings object (so its own in-memory caches), the
 * test KV namespace, trusting only `pki` (roots and the chain served for any certificate URL), with
 * the clock frozen at {@link NOW}. Returns a function that sends a request to it.
 */
export function isolate(pki: TestPki, log = recordingLogger()): (request: Request) => Promise<Response> {
  const bindings: HelloEnv = {
    ALEXA_SKILL_ID: configured.ALEXA_SKILL_ID,
    LWA_CLIENT_ID: configured.LWA_CLIENT_ID,
    CACHE: configured.CACHE,
    ALEXA_TRUSTED_ROOTS_PEM: pki.rootPem,
    ALEXA_DEV_CERT_CHAIN_PEM: pki.chainPem,
  };
  const app = createApp({ now: () => NOW, log });
  return async (request) => {
    const ctx = createExecutionContext();
    const response = await app.fetch(request, bindings, ctx);
    await waitOnExecutionContext(ctx);
    return response;
  };
}

/** The parts of a skill response the tests look at. */
export interface SkillAnswer {
  readonly response: {
    readonly outputSpeech?: { readonly ssml?: string };
    readonly card?: { readonly type?: string };
    readonly shouldEndSession?: boolean;
  };
}
