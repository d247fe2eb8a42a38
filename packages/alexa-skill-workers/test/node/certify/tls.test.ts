import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createCertificate, generateKeyPair, toPem } from '../../../src/testing/pki.ts';
import { transportChecks } from '../../../src/cli/certify/transport.ts';
import { testNet } from './support/server.ts';

const DAY = 86_400_000;
let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** An HTTPS server on localhost whose certificate `issuerName` issued; returns its URL and the root. */
async function httpsServer(issuerName: string): Promise<{ url: string; rootPem: string }> {
  const [root, leaf] = await Promise.all([generateKeyPair('rsa'), generateKeyPair('rsa')]);
  const dates = { notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + DAY) };
  const rootPem = await createCertificate({ subject: issuerName, issuer: issuerName, publicKey: root.publicKey, signingKey: root.privateKey, isCA: true, ...dates });
  const cert = await createCertificate({ subject: 'localhost', issuer: issuerName, publicKey: leaf.publicKey, signingKey: root.privateKey, isCA: false, dnsNames: ['localhost'], ...dates });
  const key = toPem(await crypto.subtle.exportKey('pkcs8', leaf.privateKey)).replace(/CERTIFICATE/g, 'PRIVATE KEY');
  server = createServer({ key, cert }, (_, res) => res.end('ok'));
  await new Promise<void>((resolve) => server!.listen(0, resolve));
  return { url: `https://localhost:${(server.address() as AddressInfo).port}/token`, rootPem };
}

const statuses = (results: { id: string; status: string }[]) => Object.fromEntries(results.map((r) => [r.id, r.status]));

describe('certify: HTTPS, port 443 and the certificate Alexa accepts', () => {
  it("fails a certificate from Let's Encrypt for account linking, even when trusted", async () => {
    const { url, rootPem } = await httpsServer("Let's Encrypt R11");
    const results = await transportChecks('s', 'provider.token', url, { net: testNet(true), tls: { ca: rootPem }, refuseLetsEncrypt: true });
    expect(statuses(results)).toEqual({ 'provider.token.https': 'fail', 'provider.token.tls-trusted': 'pass', 'provider.token.tls-not-lets-encrypt': 'fail' });
    expect(results[0]?.detail).toMatch(/not https on port 443/);
  });

  it('passes a trusted certificate from another CA, and fails one nobody trusts', async () => {
    const { url, rootPem } = await httpsServer('Certify Test CA');
    const trusted = await transportChecks('s', 'p', url, { net: testNet(true), tls: { ca: rootPem }, refuseLetsEncrypt: true });
    expect(statuses(trusted)).toMatchObject({ 'p.tls-trusted': 'pass', 'p.tls-not-lets-encrypt': 'pass' });
    const untrusted = await transportChecks('s', 'p', url, { net: testNet(true), refuseLetsEncrypt: true });
    expect(statuses(untrusted)).toMatchObject({ 'p.tls-trusted': 'fail' });
  });

  it('skips the TLS checks on plain http to localhost, and fails plain http elsewhere', async () => {
    const local = await transportChecks('s', 'p', 'http://localhost:8788/token', { net: testNet(true), refuseLetsEncrypt: true });
    expect(local.map((r) => [r.status, r.detail])).toEqual(Array(3).fill(['skip', 'local stack is plain http']));
    const remote = await transportChecks('s', 'p', 'http://auth.example.com/token', { net: testNet(true), refuseLetsEncrypt: true });
    expect(statuses(remote)).toEqual({ 'p.https': 'fail', 'p.tls-trusted': 'skip', 'p.tls-not-lets-encrypt': 'skip' });
  });

  it('skips, not fails, when the host cannot be reached and the machine is offline', async () => {
    const results = await transportChecks('s', 'p', 'https://auth.certify.invalid/token', { net: testNet(false), refuseLetsEncrypt: true });
    expect(results.map((r) => [r.id, r.status, r.detail])).toEqual([
      ['p.https', 'pass', undefined], ['p.tls-trusted', 'skip', 'offline'], ['p.tls-not-lets-encrypt', 'skip', 'offline'],
    ]);
  });
});
