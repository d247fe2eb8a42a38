/** A PNG's size from its header (PNG, ISO/IEC 15948: the signature, then IHDR with width and height, CRC-checked). */

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * The width and height in a PNG's IHDR chunk.
 * @throws {Error} not a PNG (bad signature, no IHDR first, a bad IHDR CRC).
 */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  if (png.length < 33 || SIGNATURE.some((b, i) => png[i] !== b)) throw new Error('not a PNG: bad signature');
  if (view.getUint32(8) !== 13 || new TextDecoder('latin1').decode(png.subarray(12, 16)) !== 'IHDR') throw new Error('not a PNG: no IHDR first');
  if (crc32(png.subarray(12, 29)) !== view.getUint32(29)) throw new Error('bad IHDR CRC');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
