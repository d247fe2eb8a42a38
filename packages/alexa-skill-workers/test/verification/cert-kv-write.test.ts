import { beforeAll, describe, expect, it } from 'vitest';
import { launchRequest } from '../../src/testing/envelopes.ts';
import { createTestPki, generateKeyPair, type TestPki } from '../../src/testing/pki.ts';
import { CertificateStore } from '../../src/verification/cert-store.ts';
import { parseTrustAnchors } from '../../src/verification/chain.ts';
import { CERT_URL, KitHarness, NOW, rootsOnly } from '../support/harness.ts';
import { probeKv } from '../support/kv.ts';
import { captureLogs, contextAt } from '../support/logs.ts';
import { outbound } from '../support/outbound.ts';

/**
 * What an unauthenticated request can make the certificate store write: nothing. A PEM reaches KV
 * only after a request signed with its key verified, and no URL that S3 would decode to Amazon's
 * chain under another name passes the URL rules.
 */
let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

function isolate(kv = probeKv()) {
  return { kv, skill: new KitHarness(pki, { trust: rootsOnly(pki), kv: kv.kv }) };
}

describe('certificate KV writes', () => {
  it('refuses percent-encoded variants of the certificate URL before any download or KV operation', async () => {
    const { kv, skill } = isolate();
    // S3 decodes the path: every variant below names the same object as CERT_URL.
    outbound.onPrefix('https://s3.amazonaws.com/echo.api/', () => new Response(pki.chainPem));
    const variants = ['%65cho-api-cert-test.pem', 'e%63ho-api-cert-test.pem', '%65%63ho-api-cert-test.pem', 'echo-api-cert-test%2Epem', 'echo%2Dapi-cert-test.pem'];
    for (const name of variants) {
      const headers = { SignatureCertChainUrl: `https://s3.amazonaws.com/echo.api/${name}` };
      expect((await skill.send(launchRequest({ timestamp: NOW }), { headers })).status).toBe(400);
    }
    expect(skill.log.codes()).toEqual(Array(variants.length).fill('CERT_URL_INVALID'));
    expect(outbound.requests).toEqual([]);
    expect(kv.ops).toEqual([]);
  });

  it('writes no KV entry for a validly chained URL when the request signature does not verify', async () => {
    const { kv, skill } = isolate();
    skill.serveChain();
    const stranger = await generateKeyPair();
    for (let i = 0; i < 3; i++) {
      const res = await skill.send(launchRequest({ timestamp: NOW }), { signWith: stranger.privateKey });
      expect(res.status).toBe(400);
    }
    expect(skill.log.codes()).toEqual(Array(3).fill('SIGNATURE_INVALID'));
    expect(outbound.count(CERT_URL)).toBe(1);
    expect(kv.count('put')).toBe(0);
  });

  it('writes the PEM once, when the first request signed with its key verifies, even after forged ones', async () => {
    const { kv, skill } = isolate();
    skill.serveChain();
    const stranger = await generateKeyPair();
    await skill.send(launchRequest({ timestamp: NOW }), { signWith: stranger.privateKey });
    expect(kv.count('put')).toBe(0);
    expect((await skill.send(launchRequest({ timestamp: NOW }))).status).toBe(200);
    expect(kv.count('put')).toBe(1);
    expect((await skill.send(launchRequest({ timestamp: NOW }))).status).toBe(200);
    expect(kv.count('put')).toBe(1);
    expect(outbound.count(CERT_URL)).toBe(1);
  });

  it('writes the PEM once however many concurrent first requests verify with its key', async () => {
    const { kv, skill } = isolate();
    skill.serveChain();
    const responses = await Promise.all(Array.from({ length: 8 }, () => skill.send(launchRequest({ timestamp: NOW }))));
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(outbound.count(CERT_URL)).toBe(1);
    expect(kv.count('put')).toBe(1);
  });

  it('writes nothing from a PEM read back from KV', async () => {
    const kv = probeKv();
    expect((await new KitHarness(pki, { trust: rootsOnly(pki), kv: kv.kv }).serveChain().send(launchRequest({ timestamp: NOW }))).status).toBe(200);
    kv.ops.length = 0;
    expect((await new KitHarness(pki, { trust: rootsOnly(pki), kv: kv.kv }).send(launchRequest({ timestamp: NOW }))).status).toBe(200);
    expect(kv.ops.filter((op) => op.startsWith('put '))).toEqual([]);
  });
});

describe('certificate single flight under a hung load', () => {
  it('gives a second caller CERT_FETCH_FAILED at its own deadline while the shared download hangs', async () => {
    // A download whose I/O belongs to a request that went away: it never settles, whatever the signal.
    outbound.on(CERT_URL, () => new Promise<Response>(() => undefined));
    const store = new CertificateStore({
      fetch: (input, init) => fetch(input, init),
      kv: probeKv().kv,
      anchors: parseTrustAnchors(pki.rootPem),
      log: captureLogs(),
      waitDeadlineMs: 20,
    });
    const [first, second] = await Promise.allSettled([store.signingKey(CERT_URL, contextAt(NOW)), store.signingKey(CERT_URL, contextAt(NOW))]);
    expect(second).toMatchObject({ status: 'rejected', reason: { code: 'CERT_FETCH_FAILED' } });
    expect(first).toMatchObject({ status: 'rejected', reason: { code: 'CERT_FETCH_FAILED' } });
    expect(outbound.count(CERT_URL)).toBe(1);
  });
});
