import { env } from 'cloudflare:workers';
import type { ResponseEnvelope } from 'ask-sdk-model';
import { FakeOAuthProvider, recordingLogger, signBody, testWorker, TEST_CERT_URL, type RecordingLogger, type TestPki } from '../../src/testing.ts';
import { fixtureWorker, USERINFO_URL, type FixtureEnv, type FixtureOptions } from '../fixture/worker.ts';
import { outbound } from './outbound.ts';

/** The kit tests' frozen clock. */
export const NOW = new Date('2026-06-01T12:00:00Z');

/** The certificate URL {@link KitHarness.send} names by default. */
export const CERT_URL = TEST_CERT_URL;

/**
 * A verifier trust that replaces Amazon's roots with the PKI's root but serves no chain itself, so
 * the chain is downloaded from the certificate URL (see {@link KitHarness.serveChain}), as from S3.
 */
export const rootsOnly = (pki: TestPki): NonNullable<FixtureOptions['trust']> => ({ trustedRootsPem: pki.rootPem, allowDevelopmentTrust: true });

/** How {@link KitHarness.send} signs and addresses a request. */
export interface SendOptions {
  /** The `SignatureCertChainUrl`; default {@link CERT_URL}. */
  readonly certUrl?: string;
  /** Header overrides; `null` removes the header. */
  readonly headers?: Readonly<Record<string, string | null>>;
  /** The key to sign with; default the PKI's signing key. */
  readonly signWith?: CryptoKey;
}

/** One answer of the fixture, read as a device would. */
export interface Turn {
  readonly status: number;
  readonly speech: string;
  readonly card: string | undefined;
  readonly attributes: Record<string, unknown>;
  /** The whole response envelope (undefined unless the status is 200). */
  readonly body: ResponseEnvelope | undefined;
}

/**
 * One isolate of the kit's test skill ({@link fixtureWorker}) on the test KV (or `kv`, e.g. a
 * probe of it): trusting `pki` (or `trust`), its clock at `now` (changeable), its logs kept, its
 * OAuth provider a {@link FakeOAuthProvider} (userinfo unless the options give another validator).
 * Intercept `fetch` with the provider (and whatever else the test serves) before sending.
 */
export class KitHarness {
  now: Date = NOW;
  readonly log: RecordingLogger = recordingLogger();
  readonly provider: FakeOAuthProvider;
  readonly #send: (request: Request) => Promise<Response>;

  constructor(
    readonly pki: TestPki,
    options: Omit<FixtureOptions, 'now' | 'log'> & { readonly provider?: FakeOAuthProvider; readonly kv?: KVNamespace } = {},
  ) {
    this.provider = options.provider ?? FakeOAuthProvider.userinfo({ userinfoUrl: USERINFO_URL, now: () => this.now });
    const worker = fixtureWorker({ ...options, trust: options.trust ?? pki.trust, now: () => this.now, log: this.log });
    this.#send = testWorker(worker, env as unknown as FixtureEnv, options.kv ? { CACHE: options.kv } : {});
  }

  /** Serves the PKI's chain (or `pem`) at `url` through the test's outbound interception (test/support/outbound.ts). */
  serveChain(url: string = CERT_URL, pem: string = this.pki.chainPem): this {
    outbound.serveCertificate(url, pem);
    return this;
  }

  /**
   * Signs `body` (an envelope, sent as JSON, or exact text) as Alexa does (`Signature-256` over the
   * bytes sent, `SignatureCertChainUrl`) and sends it.
   */
  async send(body: unknown, options: SendOptions = {}): Promise<Response> {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      SignatureCertChainUrl: options.certUrl ?? CERT_URL,
      'Signature-256': await signBody(text, options.signWith ?? this.pki.leaf.privateKey),
    };
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (value === null) delete headers[name];
      else headers[name] = value;
    }
    return this.#send(new Request('https://skill.test/', { method: 'POST', headers, body: text }));
  }

  /** Sends an HTTP request as it is (unsigned, or signed by the test). */
  fetch(request: Request): Promise<Response> {
    return this.#send(request);
  }

  /** Sends `envelope` and reads the answer. */
  async turn(envelope: unknown): Promise<Turn> {
    const response = await this.send(envelope);
    if (response.status !== 200) return { status: response.status, speech: '', card: undefined, attributes: {}, body: undefined };
    const body = await response.json<ResponseEnvelope>();
    const ssml = (body.response.outputSpeech as { ssml?: string } | undefined)?.ssml ?? '';
    const card = (body.response.card as { type?: string } | undefined)?.type;
    return { status: 200, speech: ssml.replace(/^<speak>|<\/speak>$/g, ''), card, attributes: body.sessionAttributes ?? {}, body };
  }
}
