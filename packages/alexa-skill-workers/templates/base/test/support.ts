/**
 * What the tests share: the Worker as one isolate trusting a test CA, on a frozen clock, with a
 * fake of the OAuth provider (test/provider.ts) on the outbound fetch. Everything else is the kit's
 * testing entry (`alexa-skill-workers/testing`).
 */
import { env } from 'cloudflare:workers';
import { reset } from 'cloudflare:test';
import { afterEach, beforeEach, expect } from 'vitest';
import { interceptFetch, recordingLogger, testWorker, type EnvelopeOptions, type FakeOAuthProvider, type FetchInterceptor, type TestPki } from 'alexa-skill-workers/testing';
import { createWorker, type Env } from '../src/index.ts';
import { fakeProvider } from './provider.ts';

/** The tests' frozen clock: the Worker, the test CA and the fake provider all read it. */
export const NOW = new Date('2026-06-01T12:00:00Z');

/** The bindings of vitest.config.ts and wrangler.toml, with the test KV namespace. */
export const bindings = env as unknown as Env;

/** Envelope options for a request to this skill, now. */
export const toThisSkill = (options: Partial<EnvelopeOptions> = {}): EnvelopeOptions => ({ timestamp: NOW, skillId: bindings.ALEXA_SKILL_ID, ...options });

/**
 * The fake provider on the outbound fetch of every test, which starts with an empty KV namespace
 * and a provider that has seen no call; after it, any outbound request the fake did not answer
 * fails the test.
 */
export function useFakeProvider(): () => FakeOAuthProvider {
  let provider: FakeOAuthProvider | undefined;
  let outbound: FetchInterceptor;
  beforeEach(async () => {
    await reset();
    provider = await fakeProvider(bindings, () => NOW);
    outbound = interceptFetch(provider);
  });
  afterEach(() => {
    outbound.restore();
    expect(outbound.unexpected, 'outbound requests the fake did not answer').toEqual([]);
  });
  return () => provider!;
}

/**
 * One isolate of the Worker (its own bindings object, so its own in-memory caches, on the shared
 * test KV), trusting only `pki` through the two development bindings, which this build
 * (`__DEVELOPMENT_TRUST__ = "true"` in wrangler.toml) accepts.
 */
export function isolate(pki: TestPki, log = recordingLogger()): (request: Request) => Promise<Response> {
  return testWorker(createWorker({ now: () => NOW, log }), bindings, {
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
