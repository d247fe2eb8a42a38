import type { RequestEnvelope } from 'ask-sdk-model';
import { fromBase64 } from '../lib/bytes.ts';
import { isRecord } from '../lib/json.ts';
import type { RequestContext } from '../core/context.ts';
import type { CertificateStore } from './cert-store.ts';
import { normalizeCertUrl } from './cert-url.ts';
import { VerificationError } from './errors.ts';
import { checkTimestamp } from './timestamp.ts';

/** What request verification checks against: the certificate store (injected) and the skill IDs. */
export interface VerifyOptions {
  readonly certificates: CertificateStore;
  readonly skillIds: ReadonlySet<string>;
}

/**
 * Proves that `body` was signed by Alexa for one of `skillIds`, then parses it.
 *
 * Implements Amazon's "Verify that the request was sent by Alexa" for skills hosted as web
 * services, in order: the `SignatureCertChainUrl` and `Signature-256` headers; the certificate
 * URL rules; the certificate chain (dates, SAN, pinned roots); RSASSA-PKCS1-v1_5 with SHA-256
 * over the raw body bytes; the timestamp window; the skill ID. JSON is parsed only after the
 * signature holds. Unknown JSON fields are kept.
 *
 * @throws {VerificationError} with the code of the first check that failed.
 */
export async function verifyAlexaRequest(
  headers: Headers,
  body: Uint8Array,
  options: VerifyOptions,
  ctx: RequestContext,
): Promise<RequestEnvelope> {
  const signature = headers.get('Signature-256')?.trim();
  if (!signature) throw new VerificationError('SIGNATURE_HEADER_MISSING', 'Signature-256 header missing');
  const rawUrl = headers.get('SignatureCertChainUrl')?.trim();
  if (!rawUrl) throw new VerificationError('CERT_URL_HEADER_MISSING', 'SignatureCertChainUrl header missing');

  const url = normalizeCertUrl(rawUrl);
  const signer = await options.certificates.signingKey(url, ctx);

  const signatureBytes = decodeBase64(signature);
  if (!signatureBytes || !(await crypto.subtle.verify('RSASSA-PKCS1-v1_5', signer.key, signatureBytes, body))) {
    throw new VerificationError('SIGNATURE_INVALID', 'body signature does not verify');
  }
  // Only now may the certificate reach KV: a request signed with its key verified.
  signer.confirm();

  const envelope = parseEnvelope(body);
  checkTimestamp(envelope.request.type, envelope.request.timestamp, ctx.now);
  const applicationId = envelope.context?.System?.application?.applicationId;
  if (!applicationId || !options.skillIds.has(applicationId)) {
    throw new VerificationError('SKILL_ID_MISMATCH', 'applicationId is not this skill');
  }
  return envelope;
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  try {
    return fromBase64(text);
  } catch {
    return undefined;
  }
}

/** One decoder for every request: `decode` without `{ stream: true }` keeps no state between calls. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function parseEnvelope(body: Uint8Array): RequestEnvelope {
  let value: unknown;
  try {
    value = JSON.parse(UTF8.decode(body));
  } catch (cause) {
    throw new VerificationError('BODY_NOT_JSON', 'signed body is not JSON', { cause });
  }
  const request = isRecord(value) ? value.request : undefined;
  if (!isRecord(value) || !isRecord(request) || typeof request.type !== 'string') {
    throw new VerificationError('BODY_NOT_JSON', 'signed body is not an Alexa request envelope');
  }
  return value as unknown as RequestEnvelope;
}
