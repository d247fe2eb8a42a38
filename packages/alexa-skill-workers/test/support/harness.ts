import { env } from 'cloudflare:workers';
import type { ResponseEnvelope } from 'ask-sdk-model';
import { FakeOAuthProvider, recordingLogger, signedAlexaRequest, testWorker, type RecordingLogger, type TestPki } from '../../src/testing.ts';
import { fixtureWorker, USERINFO_URL, type FixtureEnv, type FixtureOptions } from '../fixture/worker.ts';

/** The kit tests' frozen clock. */
export const NOW = new Date('2026-06-01T12:00:00Z');

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

  /** Signs `envelope` with the PKI and sends it. */
  async send(envelope: unknown, options?: { readonly certUrl?: string }): Promise<Response> {
    return this.#send(await signedAlexaRequest(this.pki, envelope, options));
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
