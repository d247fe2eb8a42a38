import { beforeAll, describe, expect, it } from 'vitest';
import { launchRequest } from '../../src/testing/envelopes.ts';
import { createTestPki, type TestPki } from '../../src/testing/pki.ts';
import { CertificateStore } from '../../src/verification/cert-store.ts';
import { parseTrustAnchors } from '../../src/verification/chain.ts';
import { CERT_URL, KitHarness, NOW, rootsOnly } from '../support/harness.ts';
import { probeKv, type KvProbe } from '../support/kv.ts';
import { captureLogs, contextAt } from '../support/logs.ts';
import { outbound } from '../support/outbound.ts';

/**
 * What forged requests can do to genuine ones through the certificate downloads: a waiter's own
 * deadline is not the URL's failure, a URL with a verified copy in KV is never blocked, and fresh
 * downloads of URLs this isolate has not verified are bounded (8 at once, then 8 a minute).
 */
let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

const FORGED_PREFIX = 'https://s3.amazonaws.com/echo.api/forged-';
const forgedUrl = (n: number) => `${FORGED_PREFIX}${n}.pem`;
const at = (ms: number) => new Date(NOW.getTime() + ms);
/** The burst of the bound on downloads of URLs not verified yet (docs/verification.md, step 3). */
const BURST = 8;

function store(kv: KvProbe, options: { waitDeadlineMs?: number; maxEntries?: number } = {}) {
  return new CertificateStore({
    fetch: (input, init) => fetch(input, init),
    kv: kv.kv,
    anchors: parseTrustAnchors(pki.rootPem),
    log: captureLogs(),
    ...options,
  });
}

/** Sends `count` requests through `skill`, each naming one of `paths` forged certificate URLs in turn. */
async function forge(skill: KitHarness, count: number, paths: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    const headers = { SignatureCertChainUrl: forgedUrl(i % paths) };
    statuses.push((await skill.send(launchRequest({ timestamp: skill.now }), { headers })).status);
  }
  return statuses;
}

const forgedDownloads = () => outbound.requests.filter((line) => line.startsWith(`GET ${FORGED_PREFIX}`)).length;

describe('a waiter that gives up is not a failed download', () => {
  it('the next request downloads afresh after a forged one gave up on a download that never settles', async () => {
    let downloads = 0;
    // The first download's I/O belongs to a request that went away: it never settles, whatever the signal.
    outbound.on(CERT_URL, () => (downloads++ === 0 ? new Promise<Response>(() => undefined) : new Response(pki.chainPem)));
    const certificates = store(probeKv(), { waitDeadlineMs: 20 });
    await expect(certificates.signingKey(CERT_URL, contextAt(NOW))).rejects.toMatchObject({ code: 'CERT_FETCH_FAILED' });

    const genuine = await certificates.signingKey(CERT_URL, contextAt(at(500)));
    expect(genuine.key.type).toBe('public');
    expect(outbound.count(CERT_URL)).toBe(2);
  });

  it('neither the leader nor its waiters leave their deadline behind as the URL\'s failure', async () => {
    let downloads = 0;
    outbound.on(CERT_URL, () => (downloads++ === 0 ? new Promise<Response>(() => undefined) : new Response(pki.chainPem)));
    const certificates = store(probeKv(), { waitDeadlineMs: 20 });
    const waiting = await Promise.allSettled([1, 2, 3].map(() => certificates.signingKey(CERT_URL, contextAt(NOW))));
    expect(waiting.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);

    await expect(certificates.signingKey(CERT_URL, contextAt(at(500)))).resolves.toHaveProperty('key.type', 'public');
    expect(outbound.count(CERT_URL)).toBe(2);
  });

  it('still remembers the download\'s own failure: a 404 is not fetched again for 10 s', async () => {
    outbound.on(CERT_URL, () => new Response('NoSuchKey', { status: 404 }));
    const kv = probeKv();
    const certificates = store(kv, { waitDeadlineMs: 20 });
    for (const ms of [0, 1000, 9999]) {
      await expect(certificates.signingKey(CERT_URL, contextAt(at(ms)))).rejects.toMatchObject({ code: 'CERT_FETCH_FAILED' });
    }
    expect(outbound.count(CERT_URL)).toBe(1);
    // Every attempt still looked in KV first: a copy there would have been used.
    expect(kv.count('get')).toBe(3);
  });
});

describe('a URL with a verified copy in KV is never blocked by failure memory', () => {
  it('an isolate whose download failed uses the PEM another isolate verified and wrote since', async () => {
    const kv = probeKv();
    let s3Up = false;
    outbound.on(CERT_URL, () => (s3Up ? new Response(pki.chainPem) : new Response('SlowDown', { status: 503 })));
    const unlucky = new KitHarness(pki, { trust: rootsOnly(pki), kv: kv.kv });
    expect((await unlucky.send(launchRequest({ timestamp: NOW }))).status).toBe(400);
    expect(unlucky.log.codes()).toEqual(['CERT_FETCH_FAILED']);

    s3Up = true;
    const other = new KitHarness(pki, { trust: rootsOnly(pki), kv: kv.kv });
    expect((await other.send(launchRequest({ timestamp: NOW }))).status).toBe(200);
    expect(kv.count('put')).toBe(1);
    s3Up = false;

    unlucky.now = at(1000);
    expect((await unlucky.send(launchRequest({ timestamp: unlucky.now }))).status).toBe(200);
    expect(outbound.count(CERT_URL)).toBe(2);
  });
});

describe('fresh downloads of URLs not verified yet are bounded per isolate', () => {
  it('51 forged requests cycling 17 paths cost 8 downloads, not 51; each costs one KV read', async () => {
    const kv = probeKv();
    const skill = new KitHarness(pki, { trust: rootsOnly(pki), kv: kv.kv });
    outbound.onPrefix(FORGED_PREFIX, () => new Response('NoSuchKey', { status: 404 }));
    expect(await forge(skill, 51, 17)).toEqual(Array(51).fill(400));
    expect(forgedDownloads()).toBe(BURST);
    expect(kv.count('get')).toBe(51);
    expect(kv.count('put')).toBe(0);
    // The first 8 paths failed their own download (and are remembered); the other 9 found the bound spent.
    const codes = skill.log.codes();
    expect(codes.slice(0, BURST)).toEqual(Array(BURST).fill('CERT_FETCH_FAILED'));
    expect(codes.slice(BURST, 17)).toEqual(Array(17 - BURST).fill('CERT_FETCH_LIMITED'));
    expect(new Set(codes)).toEqual(new Set(['CERT_FETCH_FAILED', 'CERT_FETCH_LIMITED']));
  });

  it('gives one more download every 7.5 s, up to 8', async () => {
    const skill = new KitHarness(pki, { trust: rootsOnly(pki) });
    outbound.onPrefix(FORGED_PREFIX, () => new Response('NoSuchKey', { status: 404 }));
    await forge(skill, 20, 20);
    expect(forgedDownloads()).toBe(BURST);
    skill.now = at(7500);
    await forge(skill, 20, 20);
    expect(forgedDownloads()).toBe(BURST + 1);
    skill.now = at(7500 + 10 * 60_000);
    await forge(skill, 40, 40);
    expect(forgedDownloads()).toBe(2 * BURST + 1);
  });

  it('never starves a URL verified in memory or in KV, however many forged requests came first', async () => {
    const kv = probeKv();
    const warm = new KitHarness(pki, { trust: rootsOnly(pki), kv: kv.kv }).serveChain();
    outbound.onPrefix(FORGED_PREFIX, () => new Response('NoSuchKey', { status: 404 }));
    expect((await warm.send(launchRequest({ timestamp: NOW }))).status).toBe(200);
    await forge(warm, 51, 17);
    expect((await warm.send(launchRequest({ timestamp: NOW }))).status).toBe(200);

    const fresh = new KitHarness(pki, { trust: rootsOnly(pki), kv: kv.kv });
    await forge(fresh, 51, 17);
    expect(fresh.log.codes()).toContain('CERT_FETCH_LIMITED');
    expect((await fresh.send(launchRequest({ timestamp: NOW }))).status).toBe(200);
    expect(outbound.count(CERT_URL)).toBe(1);
  });

  it('downloads a URL this isolate verified before, even once it left memory and KV fails', async () => {
    const kv = probeKv();
    const certificates = store(kv, { maxEntries: 1 });
    const other = 'https://s3.amazonaws.com/echo.api/echo-api-cert-other.pem';
    outbound.serveCertificate(CERT_URL, pki.chainPem).serveCertificate(other, pki.chainPem);
    outbound.onPrefix(FORGED_PREFIX, () => new Response('NoSuchKey', { status: 404 }));
    await certificates.signingKey(CERT_URL, contextAt(NOW));
    // Holds one URL: CERT_URL leaves memory.
    await certificates.signingKey(other, contextAt(NOW));
    for (let i = 0; i < 2 * BURST; i++) await certificates.signingKey(forgedUrl(i), contextAt(NOW)).catch(() => undefined);
    await expect(certificates.signingKey(forgedUrl(99), contextAt(NOW))).rejects.toMatchObject({ code: 'CERT_FETCH_LIMITED' });

    kv.fail = 'throw';
    await expect(certificates.signingKey(CERT_URL, contextAt(NOW))).resolves.toHaveProperty('key.type', 'public');
    expect(outbound.count(CERT_URL)).toBe(2);
  });

  it('shares one download, and spends one from the bound, among concurrent requests for a URL', async () => {
    const skill = new KitHarness(pki, { trust: rootsOnly(pki) });
    outbound.onPrefix(FORGED_PREFIX, () => new Response('NoSuchKey', { status: 404 }));
    const headers = { SignatureCertChainUrl: forgedUrl(0) };
    await Promise.all(Array.from({ length: 8 }, () => skill.send(launchRequest({ timestamp: NOW }), { headers })));
    expect(forgedDownloads()).toBe(1);
    await forge(skill, BURST, BURST);
    expect(forgedDownloads()).toBe(BURST);
  });
});
