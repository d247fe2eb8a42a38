import type { RequestEnvelope } from 'ask-sdk-model';
import type { RequestContext } from '../core/context.ts';
import { BodyIncompleteError, BodyTooLargeError, readRequestBody } from '../lib/body.ts';
import { NO_KV } from '../lib/kv.ts';
import { consoleLogger, type Logger } from '../core/log.ts';
import { ConfigError, developmentOnly } from '../core/options.ts';
import { AMAZON_ROOTS_PEM } from './amazon-roots.ts';
import { certificateRecords, MIN_RECORD_SECRET_LENGTH } from './cert-record.ts';
import { CertificateStore } from './cert-store.ts';
import type { TrustAnchor } from './chain.ts';
import { subjectOf } from './der.ts';
import { pemToDer } from './pem.ts';
import { PayloadTooLargeError, VerificationError } from './errors.ts';
import { verifyAlexaRequest } from './verify-request.ts';

/** Alexa's request bodies are a few KiB; anything past this is refused (413) before hashing. */
export const DEFAULT_MAX_BODY_BYTES = 128 * 1024;

/** What {@link createAlexaVerifier} needs; every option is checked when the verifier is created. */
export interface AlexaVerifierOptions {
  /** The skill ID this endpoint answers (`amzn1.ask.skill.…`), or several. Required. */
  readonly skillId: string | readonly string[] | undefined;
  /**
   * Where downloaded certificate chains are shared between isolates (re-validated on every read).
   * Without it each isolate downloads the chain once and keeps it in memory.
   */
  readonly kv?: KVNamespace | undefined;
  /** Tests and local simulation only: PEM roots that REPLACE Amazon's bundled roots. */
  readonly trustedRootsPem?: string | undefined;
  /**
   * Local simulation only (needs `trustedRootsPem`): the PEM chain served for every certificate URL
   * instead of downloading it from S3. URLs must still pass Amazon's rules; the chain is validated.
   */
  readonly devCertChainPem?: string | undefined;
  /**
   * Whether `trustedRootsPem` and `devCertChainPem` are accepted at all. Default `false`: only
   * Amazon's bundled roots are trusted, and either option given is a `ConfigError` naming it, so a
   * development setting left behind in production is a startup error rather than a trust a
   * development CA's key could use. Tests and local development pass `true`; an app that reads the
   * options from its bindings passes a build-time constant (wrangler.toml `define`, `false` in its
   * production environment).
   */
  readonly allowDevelopmentTrust?: boolean | undefined;
  /** Downloads certificate chains; default `globalThis.fetch`, looked up at call time. */
  readonly fetch?: typeof fetch;
  /** Receives the verifier's warnings (roots overridden, KV failures); default {@link consoleLogger}. */
  readonly log?: Logger;
  /** The largest body accepted, in bytes; default {@link DEFAULT_MAX_BODY_BYTES}. */
  readonly maxBodyBytes?: number;
  /**
   * A secret of at least 32 characters (e.g. `openssl rand -base64 32`, set with `wrangler secret
   * put`), with `kv`: each verified certificate is kept in KV as its result (key, dates, URL)
   * under an HMAC keyed from this secret and the trusted roots, so a new isolate reads it without
   * parsing X.509 and re-checks the URL and dates on every use. Without it, KV holds the PEM chain,
   * validated again by every isolate that reads it. Whoever can write the KV namespace cannot make
   * a record open without the secret. See the kit's docs/caching.md.
   */
  readonly certificateCacheSecret?: string | undefined;
}

/** The options after validation: what {@link verifierFromConfig} builds from. */
interface VerifierConfig {
  readonly skillIds: ReadonlySet<string>;
  /** Made on the first chain validation, with the X.509 stack (`./x509-stack.ts`) it loads. */
  readonly trustAnchors: () => Promise<readonly TrustAnchor[]>;
  /** True when `trustedRootsPem` replaced the bundled Amazon roots. */
  readonly rootsOverridden: boolean;
  readonly devCertChainPem: string | undefined;
  readonly maxBodyBytes: number;
  /** The roots' PEM (replaced or Amazon's) and the records' secret, when records are on. */
  readonly records: { readonly secret: string; readonly rootsPem: string } | undefined;
}

/** Verifies Alexa's requests for one skill; made by {@link createAlexaVerifier}, one per isolate. */
export interface AlexaVerifier {
  /**
   * Reads `request`'s body (at most `maxBodyBytes`) and verifies it: see {@link verifyAlexaRequest}.
   * @throws {VerificationError} the code of the first check that failed (answer HTTP 400).
   * @throws {PayloadTooLargeError} when the body is over the limit (answer HTTP 413).
   */
  verify(request: Request, ctx: RequestContext): Promise<RequestEnvelope>;
  /** Verifies a body already read; same checks and errors as {@link verifyAlexaRequest}. */
  verifyBody(headers: Headers, body: Uint8Array, ctx: RequestContext): Promise<RequestEnvelope>;
}

const SKILL_ID = /^amzn1\.ask\.skill\.[0-9A-Za-z-]+$/;
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----/;

/**
 * Checks a verifier's options. PEM options accept `\n` escapes, so a PEM fits on one line in
 * `.dev.vars` or a dashboard field. With `allowDevelopmentTrust: false` only Amazon's bundled roots
 * can be trusted (Amazon, "Host a Custom Skill as a Web Service": the chain must reach a trusted root).
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/host-a-custom-skill-as-a-web-service.html
 * @throws {ConfigError} `CONFIG_INVALID` whose `setting` names the first bad option: `trustedRootsPem`
 *   or `devCertChainPem` when set without `allowDevelopmentTrust: true`, `trustedRootsPem` with no
 *   PEM certificate or one that does not read up to its subject (every DER and X.509 rule is
 *   applied on the first chain validation, which then fails `CERT_MALFORMED`), `certificateCacheSecret`
 *   shorter than 32 characters (the value is never quoted).
 */
function parseVerifierOptions(options: AlexaVerifierOptions): VerifierConfig {
  if (options === null || typeof options !== 'object') throw new ConfigError('options', 'must be an object of verifier options');
  const raw = options.skillId;
  const ids = (typeof raw === 'string' ? raw.split(',') : (raw ?? [])).map((id) => id.trim());
  if (ids.every((id) => id === '')) throw new ConfigError('skillId', 'is not set; set it to your skill ID (amzn1.ask.skill.…)');
  const bad = ids.findIndex((id) => !SKILL_ID.test(id));
  if (bad !== -1) throw new ConfigError('skillId', `entry ${bad + 1} of ${ids.length} is not a skill ID (expected amzn1.ask.skill.…, comma-separated)`);

  const rootsPem = options.trustedRootsPem?.trim().replace(/\\n/g, '\n');
  const devCertChainPem = options.devCertChainPem?.trim().replace(/\\n/g, '\n') || undefined;
  if (options.allowDevelopmentTrust !== true) {
    if (rootsPem) throw developmentOnly('trustedRootsPem');
    if (devCertChainPem !== undefined) throw developmentOnly('devCertChainPem');
  }
  if (rootsPem) {
    if (!PEM_CERTIFICATE.test(rootsPem)) throw new ConfigError('trustedRootsPem', 'holds no PEM certificate');
    try {
      // Each root's structure, up to its subject, now; every DER and X.509 rule when the first
      // chain is validated (parseTrustAnchors), which refuses every chain if a root fails them.
      for (const der of pemToDer(rootsPem)) subjectOf(der);
    } catch {
      throw new ConfigError('trustedRootsPem', 'holds a certificate that does not parse');
    }
  }
  // The roots (replaced, or Amazon's read lazily) and the X.509 stack, on the first chain validation.
  let anchors: Promise<readonly TrustAnchor[]> | undefined;
  const trustAnchors = () =>
    (anchors ??= import('./x509-stack.ts').then((stack) => (rootsPem ? stack.parseTrustAnchors(rootsPem) : stack.lazyTrustAnchors(AMAZON_ROOTS_PEM))));
  if (devCertChainPem !== undefined) {
    if (!rootsPem) {
      throw new ConfigError('devCertChainPem', 'is for local simulation and only works with trusted roots overridden; remove it in production');
    }
    if (!PEM_CERTIFICATE.test(devCertChainPem)) throw new ConfigError('devCertChainPem', 'holds no PEM certificate');
  }
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1024) throw new ConfigError('maxBodyBytes', 'must be a whole number of at least 1024');
  const secret = options.certificateCacheSecret;
  if (secret !== undefined && (typeof secret !== 'string' || secret.length < MIN_RECORD_SECRET_LENGTH)) {
    throw new ConfigError('certificateCacheSecret', `must be a secret of at least ${MIN_RECORD_SECRET_LENGTH} characters (e.g. openssl rand -base64 32)`);
  }
  const records = secret === undefined ? undefined : { secret, rootsPem: rootsPem || AMAZON_ROOTS_PEM };
  return { skillIds: new Set(ids), trustAnchors, rootsOverridden: Boolean(rootsPem), devCertChainPem, maxBodyBytes, records };
}

/**
 * Builds a verifier of Alexa's requests for the skill IDs in `options` (Amazon, "Host a Custom
 * Skill as a Web Service": verify the signature, the certificate and the timestamp, and the skill
 * ID). Create it once per isolate (its certificate cache lives in it).
 * @throws {ConfigError} `CONFIG_INVALID` naming the bad option, at creation, never per request.
 * Most Workers need no verifier of their own: {@link alexaEndpoint} and the Hono middleware build
 * one per isolate from the same options.
 * @example
 *   const verifier = createAlexaVerifier({ skillId: env.ALEXA_SKILL_ID, kv: env.CACHE });
 *   const envelope = await verifier.verify(request, { now: new Date(), log: consoleLogger });
 */
export function createAlexaVerifier(options: AlexaVerifierOptions): AlexaVerifier {
  return verifierFromConfig(parseVerifierOptions(options), options);
}

/** A verifier from options already checked by {@link parseVerifierOptions} (internal). */
function verifierFromConfig(
  config: VerifierConfig,
  deps: Pick<AlexaVerifierOptions, 'kv' | 'fetch' | 'log'> = {},
): AlexaVerifier {
  const log = deps.log ?? consoleLogger;
  if (config.rootsOverridden) {
    log.warn('trusted_roots_overridden', { setting: 'trustedRootsPem', note: 'bundled Amazon roots are REPLACED; development and tests only' });
  }
  // Looked up at call time, so tests that replace globalThis.fetch intercept it.
  const outbound = deps.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const certificates = new CertificateStore({
    fetch: config.devCertChainPem === undefined ? outbound : serveDevChain(config.devCertChainPem, log),
    kv: deps.kv ?? NO_KV,
    anchors: config.trustAnchors,
    log,
    records: config.records && certificateRecords(config.records.secret, config.records.rootsPem),
  });
  const checks = { certificates, skillIds: config.skillIds };
  const verifyBody = (headers: Headers, body: Uint8Array, ctx: RequestContext) => verifyAlexaRequest(headers, body, checks, ctx);
  return {
    verifyBody,
    async verify(request, ctx) {
      return verifyBody(request.headers, await readBody(request, config.maxBodyBytes), ctx);
    },
  };
}

async function readBody(request: Request, limitBytes: number): Promise<Uint8Array> {
  try {
    return await readRequestBody(request, limitBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new PayloadTooLargeError(limitBytes);
    if (error instanceof BodyIncompleteError) {
      throw new VerificationError('BODY_INCOMPLETE', 'request body is incomplete', { cause: error });
    }
    throw error;
  }
}

/**
 * Local simulation: answers certificate downloads with the configured chain instead of S3.
 * It replaces only the transport; the URL was already checked against Amazon's rules, and the
 * chain is validated like any other.
 */
function serveDevChain(pem: string, log: Logger): typeof fetch {
  log.warn('dev_certificate_source', { setting: 'devCertChainPem', note: 'local simulation only' });
  return () => Promise.resolve(new Response(pem, { headers: { 'content-type': 'application/x-pem-file' } }));
}
