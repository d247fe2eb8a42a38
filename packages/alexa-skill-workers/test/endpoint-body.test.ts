import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_BODY_BYTES as MAX_BODY_BYTES } from '../src/verification/verifier.ts';
import { launchRequest } from '../src/testing/envelopes.ts';
import { createTestPki, signBody, type TestPki } from '../src/testing/pki.ts';
import { CERT_URL, KitHarness, NOW, rootsOnly } from './support/harness.ts';
import { outbound } from './support/outbound.ts';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

/** A validly signed launch request whose body is sent as `body(signedBytes)`, with extra headers. */
async function signedRequest(
  body: (signed: Uint8Array<ArrayBuffer>) => BodyInit,
  headers: (signed: Uint8Array<ArrayBuffer>) => Record<string, string> = () => ({}),
): Promise<Request> {
  const signed = Uint8Array.from(new TextEncoder().encode(JSON.stringify(launchRequest({ timestamp: NOW }))));
  return new Request('https://skill.example/', {
    method: 'POST',
    body: body(signed),
    headers: {
      SignatureCertChainUrl: CERT_URL,
      'Signature-256': await signBody(signed, pki.leaf.privateKey),
      ...headers(signed),
    },
  });
}

const lengthPlus = (extra: number) => (signed: Uint8Array) => ({ 'content-length': String(signed.byteLength + extra) });

/** A stream that sends `chunks`, then closes or fails. */
function streamOf(chunks: Uint8Array[], end: 'close' | 'error'): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[i++];
      if (chunk) controller.enqueue(chunk);
      else if (end === 'close') controller.close();
      else controller.error(new Error('connection reset (injected)'));
    },
  });
}

/** What workerd hands the Worker when a client's body is shorter than its Content-Length. */
function shortFixedLength(body: Uint8Array, declared: number): ReadableStream<Uint8Array> {
  const { readable, writable } = new FixedLengthStream(declared);
  const writer = writable.getWriter();
  void writer.write(body).then(() => writer.close()).catch(() => undefined);
  return readable;
}

async function expectIncomplete(skill: KitHarness, request: Request): Promise<void> {
  const res = await skill.fetch(request);
  expect(res.status).toBe(400);
  expect(skill.log.lines).toContainEqual(expect.objectContaining({ event: 'request_rejected', code: 'BODY_INCOMPLETE' }));
  expect(skill.log.lines.map((l) => l.event)).not.toContain('unhandled_error');
  expect(outbound.requests).toEqual([]);
}

describe('request bodies that lie about themselves (HTTP 400 BODY_INCOMPLETE, never 500)', () => {
  it('accepts a signed body whose Content-Length is exact (the control case)', async () => {
    const skill = new KitHarness(pki, { trust: rootsOnly(pki) }).serveChain();
    const res = await skill.fetch(await signedRequest((signed) => signed, lengthPlus(0)));
    expect(res.status).toBe(200);
  });

  it('rejects a Content-Length larger than the body', async () => {
    const skill = new KitHarness(pki, { trust: rootsOnly(pki) }).serveChain();
    await expectIncomplete(skill, await signedRequest((signed) => signed, lengthPlus(1)));
  });

  it('rejects a streamed body that ends before its Content-Length', async () => {
    const skill = new KitHarness(pki, { trust: rootsOnly(pki) }).serveChain();
    const request = await signedRequest((signed) => streamOf([signed.subarray(0, 100)], 'close'), lengthPlus(0));
    await expectIncomplete(skill, request);
  });

  it('rejects a body that ends early as workerd reports it (a FixedLengthStream short of its length)', async () => {
    const skill = new KitHarness(pki, { trust: rootsOnly(pki) }).serveChain();
    const request = await signedRequest((signed) => shortFixedLength(signed.subarray(0, 50), signed.byteLength));
    await expectIncomplete(skill, request);
  });

  it.each([
    ['before any byte', 0],
    ['after the first chunk', 1],
  ])('rejects a body stream that errors %s', async (_, chunks) => {
    const skill = new KitHarness(pki, { trust: rootsOnly(pki) }).serveChain();
    const request = await signedRequest((signed) =>
      streamOf([signed.subarray(0, 64), signed.subarray(64)].slice(0, chunks), 'error'),
    );
    await expectIncomplete(skill, request);
  });

  it('rejects a body stream that errors although it declares a Content-Length within the limit', async () => {
    const skill = new KitHarness(pki, { trust: rootsOnly(pki) }).serveChain();
    const request = await signedRequest((signed) => streamOf([signed.subarray(0, 64)], 'error'), lengthPlus(0));
    await expectIncomplete(skill, request);
  });

  it('answers 413 to a body over the limit whose Content-Length claims less', async () => {
    const skill = new KitHarness(pki, { trust: rootsOnly(pki) }).serveChain();
    const request = await signedRequest(() => new Uint8Array(MAX_BODY_BYTES + 1).fill(0x20), () => ({ 'content-length': '100' }));
    const res = await skill.fetch(request);
    expect(res.status).toBe(413);
    expect(skill.log.codes()).toContain('BODY_TOO_LARGE');
    expect(outbound.requests).toEqual([]);
  });
});
