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
  const declared = declaredLength != null && /^\d+$/.test(declaredLength.trim()) ? Number(declaredLength) : undefined;
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
