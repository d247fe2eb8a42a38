/**
 * The elements inside one DER TLV (ITU-T X.690 §8.1), as slices of `bytes`: each child's whole
 * encoding, tag and length included. For bytes that already parsed as a certificate and re-encoded
 * to themselves (see `parseCertificate`); it checks only what it needs to stay in bounds.
 * @throws {Error} when a length runs past the end.
 */
export function derChildren(bytes: Uint8Array): Uint8Array[] {
  const outer = header(bytes, 0);
  const children: Uint8Array[] = [];
  for (let at = outer.contentStart; at < outer.end; ) {
    const child = header(bytes, at);
    children.push(bytes.subarray(at, child.end));
    at = child.end;
  }
  return children;
}

function header(bytes: Uint8Array, at: number): { contentStart: number; end: number } {
  if ((bytes[at]! & 0x1f) === 0x1f) throw new Error('high tag numbers are not expected here');
  let length = bytes[at + 1]!;
  let contentStart = at + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[contentStart + i]!;
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > bytes.length || Number.isNaN(end)) throw new Error('DER length runs past the end');
  return { contentStart, end };
}
