import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import service, { type DemoEnv } from '../../demo/ride-hailer-service/src/index.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The service as deployed: its default export, with its own KV binding (the test's CACHE). */
async function get(path: string): Promise<Response> {
  const ctx = createExecutionContext();
  const serviceEnv = { OAUTH_KV: env.CACHE, ALEXA_VENDOR_ID: 'M1EXAMPLEVENDOR' } as unknown as DemoEnv;
  const response = await service.fetch(new Request(`https://ride-hailer-demo-service.example.workers.dev${path}`), serviceEnv, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

/** Width and height from the IHDR chunk, which PNG §11.2.2 puts first, right after the signature. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect(new TextDecoder().decode(bytes.subarray(12, 16))).toBe('IHDR');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe('demo service: the pages the skill manifest links to', () => {
  it.each([
    ['/privacy', 'Privacy policy'],
    ['/terms', 'Terms of use'],
  ])('GET %s answers 200 with an HTML page titled "%s", without a token', async (path, title) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain(`<h1>${title}</h1>`);
  });

  it.each([
    ['/icons/small.png', 108],
    ['/icons/large.png', 512],
  ])('GET %s answers a PNG %i pixels square, the size Amazon requires', async (path, size) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(pngSize(bytes)).toEqual({ width: size, height: size });
  });

  it.each(['medium.png', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])(
    'answers 404 for /icons/%s, an icon it does not have (own icons only, never a prototype\'s property)',
    async (file) => {
      const response = await get(`/icons/${file}`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).not.toBe('image/png');
      expect(response.headers.get('cache-control')).toBeNull();
    },
  );
});
