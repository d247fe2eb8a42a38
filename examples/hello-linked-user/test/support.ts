/**
 * What the example's tests share: its Worker as one isolate trusting a test CA, on the frozen
 * clock, with a fake Login with Amazon on the outbound fetch. Everything else is the kit's
 * testing entry (`alexa-skill-workers/testing`).
 */
import { env } from 'cloudflare:workers';
import { reset } from 'cloudflare:test';
import { afterEach, beforeEach, expect } from 'vitest';
import { FakeOAuthProvider, interceptFetch, recordingLogger, testWorker, type EnvelopeOptions, type FetchInterceptor, type TestPki } from 'alexa-skill-workers/testing';
import { createApp, type HelloEnv } from '../src/index.ts';

/** The tests' frozen clock: the Worker, the test CA and the fake LWA all read it. */
export const NOW = new Date('2026-06-01T12:00:00Z');

/** The bindings of vitest.config.ts and wrangler.toml, with the test KV namespace. */
export const bindings = env as unknown as HelloEnv;

/** Envelope options for a request to this skill, now. */
export const toThisSkill = (options: Partial<EnvelopeOptions> = {}): EnvelopeOptions => ({ timestamp: NOW, skillId: bindings.ALEXA_SKILL_ID, ...options });

/**
 * A fake Login with Amazon for the configured client ID (tokeninfo, then the profile), on the
 * outbound fetch of every test, which starts with an empty KV namespace and a provider that has
 * seen no call and is up; after it, any outbound request the fake did not answer fails the test.
 */
export function useFakeLwa(): FakeOAuthProvider {
  const lwa = FakeOAuthProvider.loginWithAmazon({ clientId: bindings.LWA_CLIENT_ID, now: () => NOW });
  let outbound: FetchInterceptor;
  beforeEach(async () => {
    await reset();
    lwa.calls.length = 0;
    lwa.failWith = undefined;
    outbound = interceptFetch(lwa);
  });
  afterEach(() => {
    outbound.restore();
    expect(outbound.unexpected, 'outbound requests the fake did not answer').toEqual([]);
  });
  return lwa;
}

/**
 * One isolate of the example Worker (its own bindings object, so its own in-memory caches, on the
 * shared test KV), trusting only `pki` through the two development bindings, which this build
 * (`__DEVELOPMENT_TRUST__ = "true"` in wrangler.toml) accepts.
 */
export function isolate(pki: TestPki, log = recordingLogger()): (request: Request) => Promise<Response> {
  return testWorker(createApp({ now: () => NOW, log }), bindings, {
    ALEXA_TRUSTED_ROOTS_PEM: pki.trust.trustedRootsPem,
    ALEXA_DEV_CERT_CHAIN_PEM: pki.trust.devCertChainPem,
  });
}

/** The parts of a skill response the tests look at. */
export interface SkillAnswer {
  readonly response: {
    readonly outputSpeech?: { readonly ssml?: string };
    readonly card?: { readonly type?: string };
    readonly shouldEndSession?: boolean;
  };
}
