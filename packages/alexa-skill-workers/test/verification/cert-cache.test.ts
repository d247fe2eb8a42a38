import { beforeAll, describe, expect, it } from 'vitest';
import { launchRequest } from '../../src/testing/envelopes.ts';
import { CERT_URL, KitHarness, NOW, rootsOnly } from '../support/harness.ts';
import { probeKv } from '../support/kv.ts';
import { hangRecording, outbound } from '../support/outbound.ts';
import { createCertificate, createTestPki, type TestPki } from '../../src/testing/pki.ts';
import { CertificateStore, UNVERIFIED_REFILL_MS } from '../../src/verification/cert-store.ts';
import { parseTrustAnchors } from '../../src/verification/chain.ts';
import { captureLogs, contextAt } from '../support/logs.ts';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

/** A certificate store used directly, outside the Worker, trusting the test root. */
function directStore(options: { fetchTimeoutMs?: number; maxEntries?: number }) {
  return new CertificateStore({
    fetch: (input, init) => fetch(input, init),
    kv: probeKv().kv,
    anchors: parseTrustAnchors(pki.rootPem),
    log: captureLogs(),
    ...options,
  });
}

function isolate(kv = probeKv()) {
  return { kv, skill: new KitHarness(pki, { trust: rootsOnly(pki), kv: kv.kv }) };
}

describe('certificate cache', () => {
  it('fetches the chain once, then serves warm requests with no fetch and no KV operation', async () => {
    const { kv, skill } = isolate();
    skill.serveChain();
    expect((await skill.send(launchRequest({ timestamp: NOW }))).status).toBe(200);
    expect(outbound.count(CERT_URL)).toBe(1);
    const opsAfterFirst = kv.ops.length;
    for (let i = 0; i < 5; i++) expect((await skill.send(launchRequest({ timestamp: NOW }))).status).toBe(200);
    expect(outbound.count(CERT_URL)).toBe(1);
    expect(kv.ops.length).toBe(opsAfterFirst);
  });

  it('stores the PEM in KV under a hash of the URL, so a new isolate reads KV once and fetches nothing', async () => {
    const kv = probeKv();
    const first = new KitHarness(pki, { trust: rootsOnly(pki), kv: kv.kv }).serveChain();
    expect((await first.send(launchRequest({ timestamp: NOW }))).status).toBe(200);
    expect(kv.count('put')).toBe(1);
    const [put] = kv.ops.filter((op) => op.startsWith('put '));
    expect(put).toMatch(/^put cert:[0-9a-f]{64}$/);
    expect(put).not.toContain('amazonaws');

    const second = new KitHarness(pki, { trust: rootsOnly(pki), kv: kv.kv });
    kv.ops.length = 0;
    expect((await second.send(launchRequest({ timestamp: NOW }))).status).toBe(200);
    expect(outbound.count(CERT_URL)).toBe(1);
    expect(kv.count('get')).toBe(1);
    expect(kv.count('put')).toBe(0);
  });

  it('re-validates a PEM read from KV, and refetches when it no longer validates', async () => {
    const kv = probeKv();
    const first = new KitHarness(pki, { trust: rootsOnly(pki), kv: kv.kv }).serveChain();
    await first.send(launchRequest({ timestamp: NOW }));
    const key = kv.ops.find((op) => op.startsWith('put '))!.slice(4);
    const stranger = await createTestPki({ label: 'Stranger', now: NOW });
    await kv.kv.put(key, stranger.chainPem);

    const second = new KitHarness(pki, { trust: rootsOnly(pki), kv: kv.kv });
    expect((await second.send(launchRequest({ timestamp: NOW }))).status).toBe(200);
    expect(outbound.count(CERT_URL)).toBe(2);
    expect(second.log.lines).toContainEqual(
      expect.objectContaining({ event: 'cert_kv_entry_rejected', code: 'CERT_CHAIN_UNTRUSTED' }),
    );
  });

  it('shares one fetch among concurrent first requests for the same URL', async () => {
    const { skill } = isolate();
    skill.serveChain();
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => skill.send(launchRequest({ timestamp: NOW }))),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(outbound.count(CERT_URL)).toBe(1);
  });

  it('re-checks the dates on every hit: a cached chain that expired is refused without a fetch', async () => {
    const { skill } = isolate();
    skill.serveChain();
    expect((await skill.send(launchRequest({ timestamp: NOW }))).status).toBe(200);
    skill.now = new Date(pki.notAfter.getTime() + 1000);
    const res = await skill.send(launchRequest({ timestamp: skill.now }));
    expect(res.status).toBe(400);
    expect(skill.log.codes()).toContain('CERT_NOT_VALID_NOW');
    expect(outbound.count(CERT_URL)).toBe(1);
  });

  it('keeps KV entries no longer than the chain is valid', async () => {
    const shortLived = await createCertificate({
      ...pki.leafSpec, notBefore: new Date(NOW.getTime() - 3600_000), notAfter: new Date(NOW.getTime() + 30_000),
    });
    const { kv, skill } = isolate();
    skill.serveChain(CERT_URL, shortLived + pki.intermediatePem);
    expect((await skill.send(launchRequest({ timestamp: NOW }))).status).toBe(200);
    // 30 s of validity is under KV's 60 s minimum TTL: memory only.
    expect(kv.count('put')).toBe(0);
  });

  it.each(['throw', 'hang'] as const)('still verifies when KV reads and writes %s, by fetching the chain', async (mode) => {
    const { kv, skill } = isolate();
    kv.fail = mode;
    skill.serveChain();
    expect((await skill.send(launchRequest({ timestamp: NOW }))).status).toBe(200);
    // A hanging KV is given up by the helpers' own timers (KV_READ_TIMEOUT_MS, the write timeout).
    const failures = skill.log.lines.filter((l) => l.event === 'cert_kv_read_failed' || l.event === 'cert_kv_write_failed');
    expect(failures.map((l) => l.reason)).toEqual(mode === 'hang' ? ['TimeoutError', 'TimeoutError'] : [expect.any(String), expect.any(String)]);
    expect(skill.log.lines.map((l) => l.event)).toEqual(
      expect.arrayContaining(['cert_kv_read_failed', 'cert_kv_write_failed']),
    );
  });

  it.each([
    ['S3 answers 404', () => new Response('NoSuchKey', { status: 404 })],
    ['S3 answers 403', () => new Response('AccessDenied', { status: 403 })],
    ['the connection fails', () => Promise.reject(new TypeError('network down'))],
    ['the body is larger than 64 KiB', () => new Response('A'.repeat(65 * 1024))],
    [
      'the body is shorter than its Content-Length',
      () => new Response(pki.chainPem, { headers: { 'content-length': String(pki.chainPem.length + 1) } }),
    ],
    [
      'the body stream fails',
      () => new Response(new ReadableStream({ pull: (controller) => controller.error(new Error('reset (injected)')) })),
    ],
  ])('answers 400 CERT_FETCH_FAILED when %s', async (_, route) => {
    const { skill } = isolate();
    outbound.on(CERT_URL, route);
    const res = await skill.send(launchRequest({ timestamp: NOW }));
    expect(res.status).toBe(400);
    expect(skill.log.codes()).toContain('CERT_FETCH_FAILED');
  });

  it.each(['?n=', '#', '?versionId=', '#n='])(
    'refuses certificate URLs ending in %s… before any download or KV operation, however many distinct ones',
    async (suffix) => {
      const { kv, skill } = isolate();
      outbound.onPrefix(CERT_URL, () => new Response(pki.chainPem));
      for (let n = 0; n < 5; n++) {
        const headers = { SignatureCertChainUrl: `${CERT_URL}${suffix}${n}` };
        expect((await skill.send(launchRequest({ timestamp: NOW }), { headers })).status).toBe(400);
      }
      expect(skill.log.codes()).toEqual(Array(5).fill('CERT_URL_INVALID'));
      expect(outbound.requests).toEqual([]);
      expect(kv.ops).toEqual([]);
    },
  );

  it.each([301, 302, 303, 307, 308])(
    'never follows a redirect on the certificate download: a %i is CERT_FETCH_FAILED',
    async (status) => {
      const { kv, skill } = isolate();
      const elsewhere = 'https://attacker.example/echo-api-cert.pem';
      outbound.serveCertificate(elsewhere, pki.chainPem);
      // S3 redirecting to a chain that would validate; like fetch(), the route follows unless told not to.
      outbound.on(CERT_URL, (request) =>
        request.redirect === 'manual'
          ? new Response(null, { status, headers: { Location: elsewhere } })
          : fetch(elsewhere),
      );
      const res = await skill.send(launchRequest({ timestamp: NOW }));
      expect(res.status).toBe(400);
      expect(skill.log.codes()).toContain('CERT_FETCH_FAILED');
      expect(outbound.requests).toEqual([`GET ${CERT_URL}`]);
      expect(kv.count('put')).toBe(0);
    },
  );

  it('does not compare a Content-Length that counts encoded bytes (Content-Encoding) with the decoded body', async () => {
    const { skill } = isolate();
    const headers = { 'content-encoding': 'gzip', 'content-length': String(pki.chainPem.length + 100) };
    outbound.on(CERT_URL, () => new Response(pki.chainPem, { headers }));
    expect((await skill.send(launchRequest({ timestamp: NOW }))).status).toBe(200);
  });

  it('answers 400 CERT_MALFORMED when S3 serves something that is not a chain', async () => {
    const { skill } = isolate();
    outbound.on(CERT_URL, () => new Response('<html>hello</html>'));
    expect((await skill.send(launchRequest({ timestamp: NOW }))).status).toBe(400);
    expect(skill.log.codes()).toContain('CERT_MALFORMED');
  });

  it('gives up on a certificate download that does not answer within its timeout', async () => {
    const download = hangRecording();
    outbound.on(CERT_URL, download.route);
    const store = directStore({ fetchTimeoutMs: 50 });
    await expect(store.signingKey(CERT_URL, contextAt(NOW))).rejects.toMatchObject({ code: 'CERT_FETCH_FAILED' });
    // Given up by the download's own timer, not by the wait deadline or the test's.
    expect(download.abortReasons).toEqual([expect.objectContaining({ name: 'TimeoutError' })]);
  });

  it('remembers a failed URL briefly instead of fetching it for every forged request', async () => {
    const { skill } = isolate();
    outbound.on(CERT_URL, () => new Response('NoSuchKey', { status: 404 }));
    for (let i = 0; i < 5; i++) expect((await skill.send(launchRequest({ timestamp: NOW }))).status).toBe(400);
    expect(outbound.count(CERT_URL)).toBe(1);
    skill.now = new Date(NOW.getTime() + 11_000);
    await skill.send(launchRequest({ timestamp: skill.now }));
    expect(outbound.count(CERT_URL)).toBe(2);
  });

  it('holds a bounded number of certificate URLs in memory', async () => {
    const store = directStore({ maxEntries: 3 });
    for (let i = 0; i < 10; i++) {
      const url = `https://s3.amazonaws.com/echo.api/cert-${i}.pem`;
      outbound.serveCertificate(url, pki.chainPem);
      // One URL per refill of the bound on downloads of URLs not verified yet (cert-downloads.test.ts).
      await store.signingKey(url, contextAt(new Date(NOW.getTime() + i * UNVERIFIED_REFILL_MS)));
    }
    expect(store.size).toBe(3);
  });

  it('warns once per isolate that the bundled roots are replaced', async () => {
    const { skill } = isolate();
    skill.serveChain();
    for (let i = 0; i < 3; i++) await skill.send(launchRequest({ timestamp: NOW }));
    expect(skill.log.lines.filter((l) => l.event === 'trusted_roots_overridden')).toHaveLength(1);
  });
});
