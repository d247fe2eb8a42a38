import { beforeAll, describe, expect, it } from 'vitest';
import { launchRequest, SKILL_ID } from '../../src/testing/envelopes.ts';
import { createTestPki, generateKeyPair, signBody, type TestPki } from '../../src/testing/pki.ts';
import { certKey } from '../../src/lib/kv-keys.ts';
import { certificateRecords, CERT_RECORD_VERSION } from '../../src/verification/cert-record.ts';
import { CertificateStore } from '../../src/verification/cert-store.ts';
import { parseTrustAnchors } from '../../src/verification/chain.ts';
import { createAlexaVerifier } from '../../src/verification/verifier.ts';
import { CERT_URL, KitHarness, NOW, rootsOnly } from '../support/harness.ts';
import { probeKv, type KvProbe } from '../support/kv.ts';
import { captureLogs, contextAt } from '../support/logs.ts';
import { outbound } from '../support/outbound.ts';

/**
 * Certificate records (`certificateCacheSecret`): what KV holds is a chain's verified result (key,
 * dates, URL) under an HMAC, so a new isolate parses no X.509. KV stays a cache, not a trust store:
 * whatever else is found under the key (tampered, truncated, forged without the secret, sealed
 * for another URL or other roots) is refused and the chain is verified again from its source.
 */
const SECRET = 'kOq3rJ2x1bN9vT6yF0wZ4mA8cE5hL7pS2dG1uQ9iR3o=';
let pki: TestPki;
let stranger: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
  stranger = await createTestPki({ label: 'Stranger', now: NOW });
});

const withRecords = (secret = SECRET) => ({ ...rootsOnly(pki), certificateCacheSecret: secret });

/** A first isolate verifies a request with the downloaded chain; returns the KV key and what it wrote there. */
async function firstIsolate(kv: KvProbe): Promise<{ key: string; stored: string }> {
  const first = new KitHarness(pki, { trust: withRecords(), kv: kv.kv }).serveChain();
  expect((await first.send(launchRequest({ timestamp: NOW }))).status).toBe(200);
  const key = await certKey(CERT_URL);
  return { key, stored: (await kv.kv.get(key))! };
}

type Json = Record<string, unknown>;
const edit = (text: string, change: (record: Json) => void): string => {
  const record = JSON.parse(text) as Json;
  change(record);
  return JSON.stringify(record);
};
const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const spkiOf = async (key: CryptoKey) => new Uint8Array((await crypto.subtle.exportKey('spki', key)) as ArrayBuffer);

describe('certificate records in KV', () => {
  it('stores the verified result, not the PEM, and a new isolate answers from it with one KV read and no download', async () => {
    const kv = probeKv();
    const { stored } = await firstIsolate(kv);
    expect(stored).not.toContain('BEGIN CERTIFICATE');
    const { mac, ...rest } = JSON.parse(stored) as Json;
    expect(rest).toEqual({
      v: CERT_RECORD_VERSION,
      url: CERT_URL,
      notBefore: pki.notBefore.getTime(),
      notAfter: pki.notAfter.getTime(),
      spki: base64(await spkiOf(pki.leaf.publicKey)),
    });
    expect(atob(mac as string)).toHaveLength(32);

    kv.ops.length = 0;
    const second = new KitHarness(pki, { trust: withRecords(), kv: kv.kv });
    expect((await second.send(launchRequest({ timestamp: NOW }))).status).toBe(200);
    expect(outbound.count(CERT_URL)).toBe(1);
    expect(kv.ops).toEqual([`get ${await certKey(CERT_URL)}`]);
  });

  it('takes the key from a record without validating any chain: a store that trusts no root of this PKI and cannot download still verifies', async () => {
    const kv = probeKv();
    const records = certificateRecords(SECRET, pki.rootPem);
    const spki = await spkiOf(pki.leaf.publicKey);
    await kv.kv.put(await certKey(CERT_URL), await records.seal({ url: CERT_URL, spki, notBefore: pki.notBefore, notAfter: pki.notAfter }));
    const store = new CertificateStore({
      fetch: () => Promise.reject(new Error('no download expected')),
      kv: kv.kv,
      anchors: parseTrustAnchors(stranger.rootPem),
      log: captureLogs(),
      records,
    });
    const { key } = await store.signingKey(CERT_URL, contextAt(NOW));
    const body = new TextEncoder().encode('{"a":1}');
    const signature = Uint8Array.from(atob(await signBody('{"a":1}', pki.leaf.privateKey)), (c) => c.charCodeAt(0));
    expect(await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, signature, body)).toBe(true);
  });

  it('writes the record only after a request signed with its key verified, once per download', async () => {
    const kv = probeKv();
    const skill = new KitHarness(pki, { trust: withRecords(), kv: kv.kv }).serveChain();
    const other = await generateKeyPair();
    expect((await skill.send(launchRequest({ timestamp: NOW }), { signWith: other.privateKey })).status).toBe(400);
    expect(kv.count('put')).toBe(0);
    const responses = await Promise.all(Array.from({ length: 4 }, () => skill.send(launchRequest({ timestamp: NOW }))));
    expect(responses.map((r) => r.status)).toEqual(Array(4).fill(200));
    expect(kv.count('put')).toBe(1);
    expect(outbound.count(CERT_URL)).toBe(1);
  });

  // Each is what an attacker who can write the namespace, a truncated write or a format change leaves under the key.
  it.each<[string, (stored: string) => Promise<string> | string, string]>([
    ['truncated to half', (s) => s.slice(0, Math.floor(s.length / 2)), 'not_json'],
    ['truncated by its last character', (s) => s.slice(0, -1), 'not_json'],
    ['not JSON at all', () => 'garbage', 'not_json'],
    ['JSON that is not an object', () => '[1,2,3]', 'not_json'],
    ['of another format version', (s) => edit(s, (r) => { r.v = CERT_RECORD_VERSION + 1; }), 'version'],
    ['without its MAC', (s) => edit(s, (r) => { delete r.mac; }), 'fields'],
    ['with dates that are not numbers', (s) => edit(s, (r) => { r.notAfter = '2099-01-01'; }), 'fields'],
    ['with notBefore after notAfter', (s) => edit(s, (r) => { [r.notBefore, r.notAfter] = [r.notAfter, r.notBefore]; }), 'fields'],
    ['with a key that is not base64', (s) => edit(s, (r) => { r.spki = '%%%'; }), 'fields'],
    ['with notAfter extended by a year', (s) => edit(s, (r) => { r.notAfter = (r.notAfter as number) + 365 * 86_400_000; }), 'mac'],
    ['with notBefore moved earlier', (s) => edit(s, (r) => { r.notBefore = (r.notBefore as number) - 1000; }), 'mac'],
    ['with one bit of its MAC flipped', (s) => edit(s, (r) => {
      const mac = Uint8Array.from(atob(r.mac as string), (c) => c.charCodeAt(0));
      mac[0]! ^= 1;
      r.mac = btoa(String.fromCharCode(...mac));
    }), 'mac'],
    ['with the key swapped for an attacker’s, the MAC kept', async (s) => {
      const attacker = base64(await spkiOf((await generateKeyPair()).publicKey));
      return edit(s, (r) => { r.spki = attacker; });
    }, 'mac'],
    ['naming another certificate URL', (s) => edit(s, (r) => { r.url = 'https://s3.amazonaws.com/echo.api/other.pem'; }), 'url'],
    ['sealed for another URL and copied under this key', async () => {
      const records = certificateRecords(SECRET, pki.rootPem);
      const spki = await spkiOf(pki.leaf.publicKey);
      return records.seal({ url: 'https://s3.amazonaws.com/echo.api/other.pem', spki, notBefore: pki.notBefore, notAfter: pki.notAfter });
    }, 'url'],
    ['sealed with another secret', async () => {
      const records = certificateRecords('x'.repeat(32), pki.rootPem);
      return records.seal({ url: CERT_URL, spki: await spkiOf(pki.leaf.publicKey), notBefore: pki.notBefore, notAfter: pki.notAfter });
    }, 'mac'],
    ['sealed with the same secret under other trusted roots', async () => {
      const records = certificateRecords(SECRET, stranger.rootPem);
      return records.seal({ url: CERT_URL, spki: await spkiOf(pki.leaf.publicKey), notBefore: pki.notBefore, notAfter: pki.notAfter });
    }, 'mac'],
  ])('refuses a record %s and verifies the chain again from its source', async (_, tamper, reason) => {
    const kv = probeKv();
    const { key, stored } = await firstIsolate(kv);
    await kv.kv.put(key, await tamper(stored));

    const second = new KitHarness(pki, { trust: withRecords(), kv: kv.kv });
    expect((await second.send(launchRequest({ timestamp: NOW }))).status).toBe(200);
    expect(outbound.count(CERT_URL)).toBe(2);
    expect(second.log.lines).toContainEqual(
      expect.objectContaining({ event: 'cert_kv_entry_rejected', code: 'CERT_RECORD_INVALID', reason }),
    );
    // The request that verified wrote the genuine record back.
    expect(await kv.kv.get(key)).toBe(stored);
  });

  it('never trusts a key an attacker put in KV: a forged record for their key fails their signed request', async () => {
    const kv = probeKv();
    const attacker = await generateKeyPair();
    const forged = certificateRecords('guessed-secret-guessed-secret-0000', pki.rootPem);
    const key = await certKey(CERT_URL);
    await kv.kv.put(key, await forged.seal({ url: CERT_URL, spki: await spkiOf(attacker.publicKey), notBefore: pki.notBefore, notAfter: pki.notAfter }));

    const skill = new KitHarness(pki, { trust: withRecords(), kv: kv.kv }).serveChain();
    expect((await skill.send(launchRequest({ timestamp: NOW }), { signWith: attacker.privateKey })).status).toBe(400);
    expect(skill.log.codes()).toEqual(['CERT_RECORD_INVALID', 'SIGNATURE_INVALID']);
    expect(outbound.count(CERT_URL)).toBe(1);
    expect((await skill.send(launchRequest({ timestamp: NOW }))).status).toBe(200);
  });

  it('refuses a record whose key does not import, even under the right MAC, and downloads the chain', async () => {
    const kv = probeKv();
    const records = certificateRecords(SECRET, pki.rootPem);
    const key = await certKey(CERT_URL);
    const ec = await generateKeyPair('ec');
    await kv.kv.put(key, await records.seal({ url: CERT_URL, spki: await spkiOf(ec.publicKey), notBefore: pki.notBefore, notAfter: pki.notAfter }));

    const skill = new KitHarness(pki, { trust: withRecords(), kv: kv.kv }).serveChain();
    expect((await skill.send(launchRequest({ timestamp: NOW }))).status).toBe(200);
    expect(skill.log.lines).toContainEqual(expect.objectContaining({ event: 'cert_kv_entry_rejected', code: 'CERT_KEY_INVALID' }));
    expect(outbound.count(CERT_URL)).toBe(1);
  });

  it('re-checks a genuine record’s dates on every new isolate: past notAfter it is refused, and so is the chain', async () => {
    const kv = probeKv();
    await firstIsolate(kv);
    const later = new KitHarness(pki, { trust: withRecords(), kv: kv.kv });
    later.now = new Date(pki.notAfter.getTime() + 1000);
    expect((await later.send(launchRequest({ timestamp: later.now }))).status).toBe(400);
    expect(later.log.lines).toContainEqual(expect.objectContaining({ event: 'cert_kv_entry_rejected', code: 'CERT_NOT_VALID_NOW' }));
    expect(later.log.codes()).toContain('CERT_NOT_VALID_NOW');
  });

  it('validates a PEM found in KV in full, refuses an untrusted one, and replaces a good one by its record once a request verified', async () => {
    const kv = probeKv();
    const key = await certKey(CERT_URL);
    await kv.kv.put(key, stranger.chainPem);
    const skill = new KitHarness(pki, { trust: withRecords(), kv: kv.kv }).serveChain();
    expect((await skill.send(launchRequest({ timestamp: NOW }))).status).toBe(200);
    expect(skill.log.lines).toContainEqual(expect.objectContaining({ event: 'cert_kv_entry_rejected', code: 'CERT_CHAIN_UNTRUSTED' }));
    expect(outbound.count(CERT_URL)).toBe(1);

    await kv.kv.put(key, pki.chainPem);
    const next = new KitHarness(pki, { trust: withRecords(), kv: kv.kv });
    expect((await next.send(launchRequest({ timestamp: NOW }))).status).toBe(200);
    expect(outbound.count(CERT_URL)).toBe(1);
    expect(JSON.parse((await kv.kv.get(key))!)).toMatchObject({ v: CERT_RECORD_VERSION, url: CERT_URL });
  });

  it('is refused as an option shorter than 32 characters, naming the option and never quoting it', () => {
    const secret = 'short-secret-of-31-characters!!';
    expect(secret).toHaveLength(31);
    let error: unknown;
    try {
      createAlexaVerifier({ skillId: SKILL_ID, log: captureLogs(), certificateCacheSecret: secret });
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ name: 'ConfigError', code: 'CONFIG_INVALID', setting: 'certificateCacheSecret' });
    expect(String((error as Error).message)).not.toContain(secret);
  });
});
