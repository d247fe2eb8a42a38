import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LARGE_ICON_PNG_BASE64, SMALL_ICON_PNG_BASE64 } from '../demo/ride-hailer-service/src/icons.generated.ts';
import { drawIcon } from '../tools/icons/draw.ts';
import { ICONS } from '../tools/icons/files.ts';
import { PNG_SIGNATURE, crc32, decodePng, encodePng } from '../tools/icons/png.ts';

const served: Record<string, string> = { small: SMALL_ICON_PNG_BASE64, large: LARGE_ICON_PNG_BASE64 };

describe('skill icons', () => {
  it.each(ICONS)('the committed $name icon is a $size×$size PNG with the pixels tools/icons/draw.ts draws now', ({ file, size }) => {
    const png = new Uint8Array(readFileSync(file));
    expect([...png.subarray(0, 8)]).toEqual([...PNG_SIGNATURE]);
    const image = decodePng(png);
    expect({ width: image.width, height: image.height }).toEqual({ width: size, height: size });
    expect(Buffer.from(image.rgb).equals(Buffer.from(drawIcon(size).rgb)), 'run `npm run icons`').toBe(true);
  });

  it.each(ICONS)('the demo service serves exactly the committed $name icon', ({ name, file }) => {
    expect(served[name], 'run `npm run icons`').toBe(readFileSync(file).toString('base64'));
  });

  it('is not one flat colour: the car is there (white body, dark tyres)', () => {
    const { rgb } = drawIcon(108);
    const colours = new Set<string>();
    for (let i = 0; i < rgb.length; i += 3) colours.add(`${rgb[i]},${rgb[i + 1]},${rgb[i + 2]}`);
    expect(colours.has('255,255,255')).toBe(true);
    expect(colours.has('29,31,35')).toBe(true);
  });
});

describe('PNG encoder', () => {
  it('computes the CRC-32 PNG uses (the IEND chunk CRC is AE426082)', () => {
    expect(crc32(new TextEncoder().encode('IEND')).toString(16)).toBe('ae426082');
  });

  it('round-trips an image, and refuses a corrupted chunk', () => {
    const image = { width: 3, height: 2, rgb: Uint8Array.from({ length: 18 }, (_, i) => i * 13) };
    const png = encodePng(image);
    expect(decodePng(png)).toEqual(image);
    const corrupted = png.slice();
    corrupted[20] = (corrupted[20] ?? 0) ^ 0xff; // inside IHDR's data
    expect(() => decodePng(corrupted)).toThrow(/CRC/);
  });
});
