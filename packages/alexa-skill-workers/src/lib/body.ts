/** Thrown by {@link readLimited} when a body is longer than allowed. */
export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`body exceeds ${limitBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Thrown by {@link readLimited} when a body is shorter than its `Content-Length` (RFC 9110 §8.6:
 * the message is incomplete) or its stream fails while being read; the stream's error is the `cause`.
 */
export class BodyIncompleteError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BodyIncompleteError';
  }
}

/**
 * Reads a request's body like {@link readLimited}, with the same errors. When `Content-Length` is
 * a plain decimal within the limit, the body is read in one `arrayBuffer()` call, much cheaper
 * than a stream reader: the runtime frames an incoming body by its `Content-Length` (RFC 9112
 * §6.3), so it cannot grow past the limit, and a longer body (possible only for a Request built in
 * code) is still refused after reading. A request that also says `Transfer-Encoding: chunked` is
 * framed by that instead, and workerd then shows no `Content-Length` (tried on `workerd serve`:
 * `Content-Length: 10` with 5 MiB chunked reached the Worker as no header), so it takes the stream
 * reader. Not for fetched responses, which keep both headers (provider-http.ts).
 * @throws {BodyTooLargeError}
 * @throws {BodyIncompleteError} the body failed while being read, or ended before `Content-Length` bytes.
 */
export async function readRequestBody(request: Request, limitBytes: number): Promise<Uint8Array> {
  const header = request.headers.get('content-length');
  const declared = declaredLengthOf(header);
  if (declared === undefined || declared > limitBytes || !request.body) return readLimited(request.body, limitBytes, header);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await request.arrayBuffer());
  } catch (cause) {
    throw new BodyIncompleteError('body stream failed while being read', { cause });
  }
  if (bytes.byteLength > limitBytes) throw new BodyTooLargeError(limitBytes);
  if (bytes.byteLength < declared) throw new BodyIncompleteError(`body ended after ${bytes.byteLength} of ${declared} declared bytes`);
  return bytes;
}

/** A `Content-Length` that is a plain decimal number, else undefined. */
function declaredLengthOf(header: string | null | undefined): number | undefined {
  return header != null && /^\d+$/.test(header.trim()) ? Number(header) : undefined;
}

/**
 * Reads a body stream into memory, stopping as soon as it passes `limitBytes`, so an oversized
 * body costs at most `limitBytes` of memory and is never hashed or parsed. A body shorter than
 * `declaredLength` (the `Content-Length`, when it is a plain decimal number) is incomplete.
 * @throws {BodyTooLargeError}
 * @throws {BodyIncompleteError} the stream errored, or ended before `declaredLength` bytes.
 */
export async function readLimited(
  body: ReadableStream<Uint8Array> | null,
  limitBytes: number,
  declaredLength?: string | null,
): Promise<Uint8Array> {
  if (declaredLength != null && Number(declaredLength) > limitBytes) throw new BodyTooLargeError(limitBytes);
  const declared = declaredLengthOf(declaredLength);
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (body) {
    const reader = body.getReader();
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch (cause) {
        throw new BodyIncompleteError('body stream failed while being read', { cause });
      }
      if (next.done) break;
      total += next.value.byteLength;
      if (total > limitBytes) {
        await reader.cancel().catch(() => undefined);
        throw new BodyTooLargeError(limitBytes);
      }
      chunks.push(next.value);
    }
  }
  if (declared !== undefined && total < declared) {
    throw new BodyIncompleteError(`body ended after ${total} of ${declared} declared bytes`);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
