import { env } from 'cloudflare:workers';
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { SKILL_ID, signBody, type TestPki } from 'alexa-skill-workers/testing';
import { createApp } from '../../src/app.ts';
import type { SkillEnv } from '../../src/config/config.ts';
import { captureLogs } from './logs.ts';
import { outbound } from './outbound.ts';
import { FakeRideHailer, OPAQUE_ENV } from './provider.ts';

/** The frozen clock of the tests: inside the test PKI's validity. */
export const NOW = new Date('2026-06-01T12:00:00Z');
const CERT_URL = 'https://s3.amazonaws.com/echo.api/echo-api-cert-test.pem';

export interface SendOptions {
  /** Header overrides; `null` removes the header. */
  readonly headers?: Record<string, string | null>;
  /** The key to sign with; defaults to the PKI's signing key. */
  readonly signWith?: CryptoKey;
}

/**
 * One simulated isolate of the Worker: its own bindings object (so its own in-memory caches),
 * the test KV namespace, a frozen clock and captured logs. Certificates are served at CERT_URL
 * (after `serveChain()`); the fake Ride Hailer service answers at its URLs (opaque-token mode
 * unless the overrides say otherwise).
 */
export class SkillHarness {
  now: Date = NOW;
  readonly logs = captureLogs();
  readonly env: SkillEnv;
  readonly #app = createApp({ now: () => this.now, log: this.logs });

  /** The Ride Hailer service this isolate talks to (shared when several harnesses are given one). */
  readonly provider: FakeRideHailer;

  constructor(
    readonly pki: TestPki,
    overrides: Partial<Record<keyof SkillEnv, unknown>> = {},
    provider?: FakeRideHailer,
  ) {
    // Only these bindings: the test KV namespace and test settings, never whatever a developer's
    // .dev.vars added to the environment.
    this.env = {
      CACHE: env.CACHE,
      ALEXA_SKILL_ID: SKILL_ID,
      ALEXA_TRUSTED_ROOTS_PEM: pki.rootPem,
      ...OPAQUE_ENV,
      ...overrides,
    } as SkillEnv;
    this.provider = provider ?? new FakeRideHailer().install();
  }

  /** Serves the harness PKI's chain at CERT_URL (or another URL). */
  serveChain(url = CERT_URL, pem = this.pki.chainPem): this {
    outbound.serveCertificate(url, pem);
    return this;
  }

  /** Signs and posts `body` (an envelope object, or exact text) to the Worker. */
  async send(body: object | string, options: SendOptions = {}): Promise<Response> {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      SignatureCertChainUrl: CERT_URL,
      'Signature-256': await signBody(text, options.signWith ?? this.pki.leaf.privateKey),
    };
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (value === null) delete headers[name];
      else headers[name] = value;
    }
    return this.fetch(new Request('https://skill.example/', { method: 'POST', headers, body: text }));
  }

  async fetch(request: Request): Promise<Response> {
    const ctx = createExecutionContext();
    const response = await this.#app.fetch(request, this.env, ctx);
    await waitOnExecutionContext(ctx);
    return response;
  }
}
