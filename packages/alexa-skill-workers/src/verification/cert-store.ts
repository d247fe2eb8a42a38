import { BodyTooLargeError, readLimited } from '../lib/body.ts';
import { fromUtf8 } from '../lib/bytes.ts';
import { DeadlineError, errorCode, errorName } from '../core/errors.ts';
import { cacheGet, cachePut, KV_MIN_TTL_SECONDS, KV_READ_TIMEOUT_MS, KV_WRITE_TIMEOUT_MS, kvWriteNow } from '../lib/kv.ts';
import { certKey, type KvKey } from '../lib/kv-keys.ts';
import type { RequestContext, WaitUntil } from '../core/context.ts';
import type { Logger } from '../core/log.ts';
import { LruMap } from '../lib/lru.ts';
import { SingleFlight } from '../lib/single-flight.ts';
import { TokenBucket } from '../lib/token-bucket.ts';
import { importSigningSpki } from './signing-spki.ts';
import { RecordError, type CertificateRecords, type VerifiedCertificate } from './cert-record.ts';
import type { TrustAnchor } from './chain.ts';
import { assertValidAt } from './validity.ts';
import { VerificationError } from './errors.ts';

/** KV entries stay at most this long (and never past the chain's notAfter). */
const KV_MAX_TTL_SECONDS = 7 * 24 * 3600;
/** Amazon's bundles are about 7 KiB. */
const MAX_PEM_BYTES = 64 * 1024;
/**
 * A URL whose download failed (its own outcome, never a waiter's deadline) is not downloaded again
 * for this long, so forged traffic cannot hammer S3. A copy in KV is still read and used meanwhile.
 */
const FAILURE_MEMORY_MS = 10_000;
/**
 * Downloads of URLs this isolate has not verified: at most this many at once, then one more every
 * {@link UNVERIFIED_REFILL_MS}. Amazon names one URL at a time, so genuine traffic on a new isolate
 * needs one such download, and usually none (KV has the PEM).
 * @public (knip: test-node/cost.test.ts holds the cost model to it)
 */
export const UNVERIFIED_DOWNLOAD_BURST = 8;
/** One more download of a URL not verified yet every 7.5 s: 8 a minute, sustained. */
export const UNVERIFIED_REFILL_MS = 7500;
/** URLs remembered as verified in this isolate (exempt from the bound), per entry of memory. */
const VERIFIED_URLS_PER_ENTRY = 4;
const DEFAULT_FETCH_TIMEOUT_MS = 2500;
/** Added to a load's own bounds (KV read, download) for the chain validation and scheduling. */
const WAIT_MARGIN_MS = 1000;

/** What the certificate store needs; everything with an effect is injected. */
export interface CertificateStoreOptions {
  readonly fetch: typeof fetch;
  readonly kv: KVNamespace;
  /**
   * The trusted roots a chain must reach, or how to make them on the first chain validation (a
   * new isolate that opens a certificate record never needs them, nor the X.509 stack).
   */
  readonly anchors: readonly TrustAnchor[] | (() => Promise<readonly TrustAnchor[]>);
  readonly log: Logger;
  /** Abort the certificate download after this many milliseconds. Default 2500. */
  readonly fetchTimeoutMs?: number;
  /** Distinct certificate URLs kept in isolate memory. Default 16. */
  readonly maxEntries?: number;
  /**
   * How long a request waits for a load, possibly started by another request, before it fails
   * `CERT_FETCH_FAILED`. Default: KV read timeout + download timeout + 1 s.
   */
  readonly waitDeadlineMs?: number;
  /**
   * With it, what reaches KV is each verified chain's result (key, dates, URL) as an authenticated
   * record (`./cert-record.ts`), which a new isolate reads without parsing X.509; without it, the
   * PEM chain, validated again on every read.
   */
  readonly records?: CertificateRecords | undefined;
}


interface Entry {
  readonly key: CryptoKey;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /**
   * Writes the entry to KV, the first time it is called: a downloaded PEM (or its record), or the
   * record of a PEM read from KV when records are on. Absent for what KV already holds as it should.
   */
  readonly persist?: (now: Date, waitUntil: WaitUntil | undefined) => void;
}

/** A certificate's verified signing key, and how to say that a request signed with it verified. */
export interface SigningKey {
  readonly key: CryptoKey;
  /**
   * Call once the request's signature verified with `key`: only then is a downloaded PEM written to
   * KV (once per download, however many requests confirm), so unauthenticated traffic writes nothing.
   */
  confirm(): void;
}

/**
 * Gives the verified signing key for a certificate URL that already passed `normalizeCertUrl`.
 *
 * Layers: isolate memory (an LRU of verified keys, dates re-checked on every hit), then KV, then
 * the network. Concurrent misses for one URL share one load; each request waits for it at most
 * `waitDeadlineMs`, since on Workers a load started by a request that was canceled may never settle.
 *
 * What KV holds at `cert:<sha256 hex of the normalized URL>` ({@link certKey}): with `records`,
 * the chain's verified result, authenticated (a new isolate opens it, checks that it names this
 * URL, imports the key and re-checks the dates: no X.509 parsing); without, the PEM chain, fully
 * re-validated on every read. Either way KV is a cache, not a trust store: an entry that does not
 * open or validate (tampered, truncated, of another format or version, for another URL, out of
 * its dates, a key that does not import) is logged `cert_kv_entry_rejected` and the chain is
 * downloaded and validated instead. A PEM read back while records are on is replaced by its record.
 *
 * Only after KV had no usable copy: a URL whose own download failed in the last 10 s fails again
 * without a download (a waiter that gave up records nothing), and a URL this isolate has never
 * verified is downloaded only within a token bucket ({@link UNVERIFIED_DOWNLOAD_BURST} at once, 8 a
 * minute), so forged requests naming ever new paths cost at most that many S3 downloads.
 *
 * A validated chain is held in memory at once, but reaches KV only when a request signed with its
 * key verified ({@link SigningKey.confirm}): a chain Amazon really serves proves nothing about the
 * request that named it, so unauthenticated traffic writes nothing.
 */
export class CertificateStore {
  readonly #opts: CertificateStoreOptions;
  readonly #memory: LruMap<string, Entry>;
  readonly #failures: LruMap<string, { until: number; error: VerificationError }>;
  /** URLs whose chain validated in this isolate: downloaded again without spending the bound. */
  readonly #verified: LruMap<string, true>;
  readonly #unverifiedDownloads = new TokenBucket(UNVERIFIED_DOWNLOAD_BURST, UNVERIFIED_REFILL_MS);
  readonly #loads = new SingleFlight<string, Entry>();

  constructor(options: CertificateStoreOptions) {
    this.#opts = options;
    const entries = options.maxEntries ?? 16;
    this.#memory = new LruMap(entries);
    this.#failures = new LruMap(entries);
    this.#verified = new LruMap(entries * VERIFIED_URLS_PER_ENTRY);
  }

  /** Number of verified keys held in memory (for tests and benchmarks). */
  get size(): number {
    return this.#memory.size;
  }

  /**
   * @throws {VerificationError} any chain code; `CERT_FETCH_FAILED` (the download failed, now or in
   *   the last 10 s, or this request's wait deadline passed); `CERT_FETCH_LIMITED` (a URL never
   *   verified here, with the download bound spent); `CERT_KEY_UNSUPPORTED` when the signing key
   *   is not RSA, or `CERT_KEY_INVALID` when WebCrypto refuses it.
   */
  async signingKey(url: string, ctx: RequestContext): Promise<SigningKey> {
    const { now, waitUntil } = ctx;
    const hit = this.#memory.get(url);
    if (hit) {
      try {
        assertValidAt(hit, now, 'cached certificate chain');
      } catch (error) {
        this.#memory.delete(url);
        throw error;
      }
      return signingKeyOf(hit, now, waitUntil);
    }

    try {
      const entry = await this.#loads.run(url, () => this.#load(url, now), { deadlineMs: this.#waitDeadlineMs, what: 'certificate load' });
      this.#memory.set(url, entry);
      return signingKeyOf(entry, now, waitUntil);
    } catch (cause) {
      // This request's own deadline: the load may still finish for the others; nothing is remembered.
      if (cause instanceof DeadlineError) throw new VerificationError('CERT_FETCH_FAILED', 'certificate load did not finish in time', { cause });
      throw cause;
    }
  }

  get #waitDeadlineMs(): number {
    const fetchTimeout = this.#opts.fetchTimeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
    return this.#opts.waitDeadlineMs ?? KV_READ_TIMEOUT_MS + fetchTimeout + WAIT_MARGIN_MS;
  }

  async #load(url: string, now: Date): Promise<Entry> {
    const kvKey = await certKey(url);
    const stored = await cacheGet(this.#opts.kv, kvKey, this.#opts.log, 'cert_kv');
    if (stored !== null) {
      try {
        const entry = await this.#fromKv(stored, url, now, kvKey);
        this.#verified.set(url, true);
        return entry;
      } catch (error) {
        this.#opts.log.warn('cert_kv_entry_rejected', { code: errorCode(error), ...(error instanceof RecordError ? { reason: error.reason } : {}) });
      }
    }
    const { pem, entry, verified } = await this.#downloadStep(url, now);
    this.#verified.set(url, true);
    return { ...entry, persist: this.#persister(kvKey, pem, verified) };
  }

  /**
   * What KV held, usable: a record opened (never parsed as X.509) or a PEM validated.
   * @throws {VerificationError} why it is not (`CERT_RECORD_INVALID`, a chain code, `CERT_NOT_VALID_NOW`, a key code)
   */
  async #fromKv(stored: string, url: string, now: Date, kvKey: KvKey): Promise<Entry> {
    const { records } = this.#opts;
    if (!records || stored.trimStart().startsWith('-----BEGIN')) {
      const { entry, verified } = await this.#validate(stored, url, now);
      return records ? { ...entry, persist: this.#persister(kvKey, stored, verified) } : entry;
    }
    const verified = await records.open(stored, url);
    assertValidAt(verified, now, 'stored certificate');
    return { key: await importSigningSpki(verified.spki), notBefore: verified.notBefore, notAfter: verified.notAfter };
  }

  /** Writes the PEM, or with records the verified result's record, once, when first called (see {@link SigningKey.confirm}). */
  #persister(kvKey: KvKey, pem: string, verified: VerifiedCertificate): Entry['persist'] {
    const { kv, log, records } = this.#opts;
    let persisted = false;
    return (at, waitUntil) => {
      if (persisted) return;
      persisted = true;
      const ttl = Math.min(Math.floor((verified.notAfter.getTime() - at.getTime()) / 1000), KV_MAX_TTL_SECONDS);
      if (ttl < KV_MIN_TTL_SECONDS) return;
      const options = { expirationTtl: ttl, log, event: 'cert_kv', waitUntil };
      if (!records) return cachePut(kv, kvKey, pem, options);
      const write = records.seal(verified).then(
        (record) => kvWriteNow(kv, kvKey, record, { ...options, timeoutMs: KV_WRITE_TIMEOUT_MS }),
        (error: unknown) => log.warn('cert_kv_write_failed', { reason: errorName(error) }),
      );
      waitUntil?.(write);
    };
  }

  /**
   * The download step, behind its failure memory and, for a URL never verified here, the bound.
   * Only this step's own outcome is remembered as the URL's failure.
   */
  async #downloadStep(url: string, now: Date): Promise<{ pem: string; entry: Entry; verified: VerifiedCertificate }> {
    const at = now.getTime();
    const failure = this.#failures.get(url);
    if (failure && failure.until > at) throw failure.error;
    if (this.#verified.get(url) === undefined && !this.#unverifiedDownloads.take(at)) {
      throw new VerificationError('CERT_FETCH_LIMITED', 'too many downloads of certificate URLs not verified yet');
    }
    try {
      const pem = await this.#download(url);
      const validated = await this.#validate(pem, url, now);
      this.#failures.delete(url);
      return { pem, ...validated };
    } catch (error) {
      if (error instanceof VerificationError) this.#failures.set(url, { until: at + FAILURE_MEMORY_MS, error });
      throw error;
    }
  }

  async #validate(pem: string, url: string, now: Date): Promise<{ entry: Entry; verified: VerifiedCertificate }> {
    // The X.509/ASN.1 stack, loaded on the first certificate miss (./x509-stack.ts).
    const { validateChain, assertRsaSigningKey } = await import('./x509-stack.ts');
    const { anchors } = this.#opts;
    const chain = await validateChain(pem, typeof anchors === 'function' ? await anchors() : anchors, now);
    assertRsaSigningKey(chain.signingCertificate);
    const { notBefore, notAfter } = chain;
    return { entry: { key: chain.signingKey, notBefore, notAfter }, verified: { url, spki: chain.signingCertificate.spki, notBefore, notAfter } };
  }

  async #download(url: string): Promise<string> {
    let response: Response;
    try {
      // Never follow a redirect: the URL that passed the rules is the only one fetched. Called
      // unbound: the runtime's own fetch refuses to run as a method of the options object.
      const download = this.#opts.fetch;
      response = await download(url, {
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#opts.fetchTimeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS),
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
      return fromUtf8(bytes);
    } catch (cause) {
      const what = cause instanceof BodyTooLargeError ? 'too large' : 'incomplete or failed while reading';
      throw new VerificationError('CERT_FETCH_FAILED', `certificate download ${what}`, { cause });
    }
  }
}

function signingKeyOf(entry: Entry, now: Date, waitUntil: WaitUntil | undefined): SigningKey {
  return { key: entry.key, confirm: () => entry.persist?.(now, waitUntil) };
}
