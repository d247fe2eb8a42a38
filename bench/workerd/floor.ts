/**
 * The physical floor, measured in the same workerd as the Worker (bench/isolate.ts): the essential
 * work of a warm verified request, each step alone in a loop of `n` inside the isolate.
 * `GET /run?op=<op>&n=<n>` runs one loop; the bench reads workerd's CPU from /proc around it and
 * subtracts the `empty` loop (or `request` for the `hono` step, whose loop also builds a Request).
 * `POST /setup` takes a real signed Alexa body (the warm linked OrderCar) first.
 */
import { SkillBuilders, type HandlerInput } from 'ask-sdk-core';
import type { RequestEnvelope } from 'ask-sdk-model';
import { Hono } from 'hono';

interface Fixture {
  body: Uint8Array<ArrayBuffer>;
  text: string;
  envelope: RequestEnvelope;
  data3k: Uint8Array<ArrayBuffer>;
  key: CryptoKey;
  signature: ArrayBuffer;
}

let fixture: Fixture | undefined;
const skill = SkillBuilders.custom()
  .addRequestHandlers({
    canHandle: () => true,
    handle: (input: HandlerInput) => input.responseBuilder.speak('Ordering a ride.').withShouldEndSession(false).getResponse(),
  })
  .create();
const app = new Hono();
app.post('/', async (c) => {
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  return c.json({ version: '1.0', response: { length: bytes.byteLength } });
});

async function setup(text: string): Promise<Fixture> {
  const body = new TextEncoder().encode(text);
  const data3k = crypto.getRandomValues(new Uint8Array(3072));
  const pair = await crypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );
  const signature = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', pair.privateKey, body);
  return { body, text, envelope: JSON.parse(text) as RequestEnvelope, data3k, key: pair.publicKey, signature };
}

const ops: Record<string, (f: Fixture) => unknown> = {
  empty: () => undefined,
  sha256: (f) => crypto.subtle.digest('SHA-256', f.data3k),
  rsaVerify: (f) => crypto.subtle.verify('RSASSA-PKCS1-v1_5', f.key, f.signature, f.body),
  decodeParse: (f) => JSON.parse(new TextDecoder().decode(f.body)) as unknown,
  skillInvoke: (f) => skill.invoke(f.envelope),
  request: (f) => {
    void new Request('http://floor/', { method: 'POST', body: f.text });
    return new Response('noop').text();
  },
  hono: async (f) => (await app.fetch(new Request('http://floor/', { method: 'POST', body: f.text }))).text(),
};

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === '/setup') {
      fixture = await setup(await request.text());
      return new Response('ok');
    }
    const op = ops[url.searchParams.get('op') ?? ''];
    if (!fixture || !op) return new Response('setup first, and name an op', { status: 400 });
    const n = Number(url.searchParams.get('n') ?? 1000);
    for (let i = 0; i < n; i++) await op(fixture);
    return new Response(`ran ${n}`);
  },
};
