/**
 * The Ride Hailer skill icon: a white car, side view, on a blue square. Drawn from shapes in unit
 * coordinates (0..1, y down) so one design renders at both sizes Amazon asks for, with 4×4
 * supersampling for smooth edges. Pure: the same size always gives the same pixels.
 */
import type { RgbImage } from './png.ts';

type Rgb = readonly [number, number, number];

const SKY_TOP: Rgb = [0x15, 0x7a, 0xe0];
const SKY_BOTTOM: Rgb = [0x0a, 0x55, 0xa8];
const BODY: Rgb = [0xff, 0xff, 0xff];
const GLASS: Rgb = [0x9c, 0xc9, 0xf5];
const TYRE: Rgb = [0x1d, 0x1f, 0x23];
const HUB: Rgb = [0xc9, 0xcf, 0xd8];
const HEADLIGHT: Rgb = [0xff, 0xd1, 0x4a];
const TAILLIGHT: Rgb = [0xe5, 0x48, 0x3b];
const ROAD: Rgb = [0x08, 0x44, 0x86];

const WHEELS = [0.3, 0.7].map((x) => ({ x, y: 0.655 }));

function inRoundedRect(x: number, y: number, left: number, top: number, right: number, bottom: number, r: number): boolean {
  if (x < left || x > right || y < top || y > bottom) return false;
  const cx = Math.min(Math.max(x, left + r), right - r);
  const cy = Math.min(Math.max(y, top + r), bottom - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** Between two slanted sides: at height y the left edge runs from topLeft to bottomLeft (same for right). */
function inTrapezoid(x: number, y: number, top: number, bottom: number, sides: readonly [number, number, number, number]): boolean {
  if (y < top || y > bottom) return false;
  const t = (y - top) / (bottom - top);
  const [topLeft, bottomLeft, topRight, bottomRight] = sides;
  return x >= topLeft + (bottomLeft - topLeft) * t && x <= topRight + (bottomRight - topRight) * t;
}

/** The colour of the design at one point. */
function colourAt(x: number, y: number): Rgb {
  for (const wheel of WHEELS) {
    const d = Math.hypot(x - wheel.x, y - wheel.y);
    if (d <= 0.04) return HUB;
    if (d <= 0.085) return TYRE;
    if (d <= 0.105 && y <= wheel.y + 0.11) return sky(y);
  }
  if (inRoundedRect(x, y, 0.8, 0.515, 0.86, 0.56, 0.012)) return HEADLIGHT;
  if (inRoundedRect(x, y, 0.14, 0.515, 0.18, 0.56, 0.012)) return TAILLIGHT;
  if (inTrapezoid(x, y, 0.355, 0.47, [0.35, 0.29, 0.485, 0.485])) return GLASS;
  if (inTrapezoid(x, y, 0.355, 0.47, [0.515, 0.515, 0.63, 0.7])) return GLASS;
  if (inRoundedRect(x, y, 0.12, 0.47, 0.88, 0.665, 0.06)) return BODY;
  if (inTrapezoid(x, y, 0.32, 0.49, [0.33, 0.24, 0.65, 0.76])) return BODY;
  if (y >= 0.755 && y <= 0.775 && x >= 0.1 && x <= 0.9) return ROAD;
  return sky(y);
}

function sky(y: number): Rgb {
  const mix = (a: number, b: number) => Math.round(a + (b - a) * y);
  return [mix(SKY_TOP[0], SKY_BOTTOM[0]), mix(SKY_TOP[1], SKY_BOTTOM[1]), mix(SKY_TOP[2], SKY_BOTTOM[2])];
}

const SAMPLES = 4;

/** The icon at `size` × `size` pixels. */
export function drawIcon(size: number): RgbImage {
  const rgb = new Uint8Array(size * size * 3);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const [cr, cg, cb] = colourAt((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size);
          r += cr;
          g += cg;
          b += cb;
        }
      }
      const n = SAMPLES * SAMPLES;
      rgb.set([Math.round(r / n), Math.round(g / n), Math.round(b / n)], (py * size + px) * 3);
    }
  }
  return { width: size, height: size, rgb };
}
