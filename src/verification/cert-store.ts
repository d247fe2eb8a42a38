import { BodyTooLargeError, readLimited } from '../lib/body';
import { errorCode } from '../errors';
import { sha256Hex } from '../lib/hash';
import { cacheGet, cachePut, KV_MIN_TTL_SECONDS } from '../lib/kv';
import type { Logger } from '../lib/log';
import { LruMap } from '../lib/lru';
import { SingleFlight } from '../lib/single-flight';
import { importSigningKey } from './algorithms';
import { assertValidAt, validateChain, type TrustAnchor } from './chain';
import { VerificationError } from './errors';

/** PEMs stay in KV at most this long (they are re-validated on every read anyway). */
const KV_MAX_TTL_SECONDS = 7 * 24 * 3600;
/** Amazon's bundles are about 7 KiB. */
const MAX_PEM_BYTES = 64 * 1024;
/** A URL that failed is not fetched again for this long, so forged traffic cannot hammer S3. */
const FAILURE_MEMORY_MS = 10_000;

/** What the certificate store needs; everything with an effect is injected. */
export interface CertificateStoreOptions {
  readonly fetch: typeof fetch;
  readonly kv: KVNamespace;
  readonly anchors: readonly TrustAnchor[];
  readonly log: Logger;
  /** Abort the certificate download after this many milliseconds. Default 2500. */
  readonly fetchTimeoutMs?: number;
  /** Distinct certificate URLs kept in isolate memory. Default 16. */
  readonly maxEntries?: number;
}

/** Lets a KV write finish after the response (`ctx.waitUntil`); without it the write runs detached. */
export type WaitUntil = (promise: Promise<unknown>) => void;

interface Entry {
  readonly key: CryptoKey;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/**
 * Gives the verified signing key for a certificate URL that already passed `normalizeCertUrl`.
 *
 * Layers: isolate memory (an LRU of verified keys, dates re-checked on every hit), then KV (the
 * PEM, fully re-validated, so a new isolate does not fetch from S3), then the network. Concurrent
 * misses for one URL share one validation.
 *
 * KV keys: `cert:<sha256 hex of the normalized URL>` → PEM text.
 */
export class CertificateStore {
  readonly #opts: CertificateStoreOptions;
  readonly #memory: LruMap<string, Entry>;
  readonly #failures: LruMap<string, { until: number; error: VerificationError }>;
  readonly #loads = new SingleFlight<string, Entry>();

  constructor(options: CertificateStoreOptions) {
    this.#opts = options;
    this.#memory = new LruMap(options.maxEntries ?? 16);
    this.#failures = new LruMap(options.maxEntries ?? 16);
  }

  /** Number of verified keys held in memory (for tests and benchmarks). */
  get size(): number {
    return this.#memory.size;
  }

  /**
   * @throws {VerificationError} any chain code, `CERT_FETCH_FAILED`, `CERT_KEY_UNSUPPORTED` when the
   *   signing key is not RSA, or `CERT_KEY_INVALID` when WebCrypto refuses it.
   */
  async signingKey(url: string, now: Date, waitUntil?: WaitUntil): Promise<CryptoKey> {
    const hit = this.#memory.get(url);
    if (hit) {
      try {
        assertValidAt(hit, now, 'cached certificate chain');
      } catch (error) {
        this.#memory.delete(url);
        throw error;
      }
      return hit.key;
    }
    const failure = this.#failures.get(url);
    if (failure && failure.until > now.getTime()) throw failure.error;

    try {
      const entry = await this.#loads.run(url, () => this.#load(url, now, waitUntil));
      this.#memory.set(url, entry);
      return entry.key;
    } catch (error) {
      if (error instanceof VerificationError) {
        this.#failures.set(url, { until: now.getTime() + FAILURE_MEMORY_MS, error });
      }
      throw error;
    }
  }

  async #load(url: string, now: Date, waitUntil: WaitUntil | undefined): Promise<Entry> {
    const kvKey = `cert:${await sha256Hex(url)}`;
    const stored = await cacheGet(this.#opts.kv, kvKey, this.#opts.log, 'cert_kv');
    if (stored !== null) {
      try {
        return await this.#validate(stored, now);
      } catch (error) {
        this.#opts.log.warn('cert_kv_entry_rejected', { code: errorCode(error) });
      }
    }
    const pem = await this.#download(url);
    const entry = await this.#validate(pem, now);
    const ttl = Math.min(Math.floor((entry.notAfter.getTime() - now.getTime()) / 1000), KV_MAX_TTL_SECONDS);
    if (ttl >= KV_MIN_TTL_SECONDS) {
      cachePut(this.#opts.kv, kvKey, pem, { expirationTtl: ttl }, this.#opts.log, 'cert_kv', waitUntil);
    }
    return entry;
  }

  async #validate(pem: string, now: Date): Promise<Entry> {
    const chain = await validateChain(pem, this.#opts.anchors, now);
    const key = await importSigningKey(chain.signingCertificate);
    return { key, notBefore: chain.notBefore, notAfter: chain.notAfter };
  }

  async #download(url: string): Promise<string> {
    let response: Response;
    try {
      // Never follow a redirect: the URL that passed the rules is the only one fetched.
      response = await this.#opts.fetch(url, {
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#opts.fetchTimeoutMs ?? 2500),
      });
    } catch (cause) {
      throw new VerificationError('CERT_FETCH_FAILED', 'certificate download failed or timed out', { cause });
    }
    // A 3xx (or an `opaqueredirect`, status 0) is not `ok`.
    if (!response.ok) {
      await response.body?.cancel();
      throw new VerificationError('CERT_FETCH_FAILED', `certificate download answered ${response.status}`);
    }
    // With a Content-Encoding, Content-Length counts the encoded bytes, not the ones read here.
    const declared = response.headers.has('content-encoding') ? null : response.headers.get('content-length');
    try {
      const bytes = await readLimited(response.body, MAX_PEM_BYTES, declared);
      return new TextDecoder().decode(bytes);
    } catch (cause) {
      const what = cause instanceof BodyTooLargeError ? 'too large' : 'incomplete or failed while reading';
      throw new VerificationError('CERT_FETCH_FAILED', `certificate download ${what}`, { cause });
    }
  }
}
