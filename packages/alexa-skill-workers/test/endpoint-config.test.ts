import { beforeAll, describe, expect, it } from 'vitest';
import { launchRequest } from '../src/testing/envelopes.ts';
import { createTestPki, type TestPki } from '../src/testing/pki.ts';
import { KitHarness, NOW } from './support/harness.ts';
import { outbound } from './support/outbound.ts';

/**
 * The verifier's options as the endpoint takes them from the Worker's bindings (a function of
 * `env`): a bad one answers 500 and logs `config_invalid` naming the option, never its value; the
 * development chain (`devCertChainPem`) replaces only the download, never a check.
 */
let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

const dev = (overrides: { trustedRootsPem?: string | undefined; devCertChainPem?: string }) => ({ ...pki.trust, ...overrides });

describe('verifier options from bindings that are wrong answer 500 and name the option', () => {
  it.each<[string, string, { skillId?: string }, Parameters<typeof dev>[0]]>([
    ['skillId', 'not a skill ID', { skillId: 'my-skill' }, {}],
    ['skillId', 'empty', { skillId: '' }, {}],
    ['trustedRootsPem', 'not a PEM', {}, { trustedRootsPem: 'not a pem' }],
    ['trustedRootsPem', 'a certificate that does not parse', {}, { trustedRootsPem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' }],
    ['devCertChainPem', 'given without trustedRootsPem', {}, { trustedRootsPem: undefined }],
    ['devCertChainPem', 'not a PEM', {}, { devCertChainPem: 'not a pem' }],
  ])('%s: %s', async (setting, _, options, trust) => {
    const skill = new KitHarness(pki, { ...options, trust: dev(trust) });
    const res = await skill.send(launchRequest({ timestamp: NOW }));
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).not.toContain(setting);
    expect(skill.log.lines).toContainEqual(expect.objectContaining({ event: 'config_invalid', setting }));
    expect(outbound.requests).toEqual([]);
  });

  it('accepts PEMs written on one line with \\n escapes, as a .dev.vars file holds them', async () => {
    const oneLine = (pem: string) => pem.replace(/\n/g, '\\n');
    const skill = new KitHarness(pki, { trust: dev({ trustedRootsPem: oneLine(pki.rootPem), devCertChainPem: oneLine(pki.chainPem) }) });
    expect((await skill.send(launchRequest({ timestamp: NOW }))).status).toBe(200);
  });
});

describe('devCertChainPem (local simulation)', () => {
  it('serves the chain without any download, still under Amazon\'s URL rules and chain checks', async () => {
    const skill = new KitHarness(pki);
    expect((await skill.send(launchRequest({ timestamp: NOW }))).status).toBe(200);
    expect(outbound.requests).toEqual([]);
    expect(skill.log.lines).toContainEqual(expect.objectContaining({ event: 'dev_certificate_source', setting: 'devCertChainPem' }));

    const bad = await skill.send(launchRequest({ timestamp: NOW }), { certUrl: 'https://dev.local/echo.api/cert.pem' });
    expect(bad.status).toBe(400);
    expect(skill.log.codes()).toContain('CERT_URL_INVALID');
  });

  it('still refuses a served chain that does not reach a trusted root', async () => {
    const stranger = await createTestPki({ label: 'Stranger', now: NOW });
    const skill = new KitHarness(pki, { trust: dev({ devCertChainPem: stranger.chainPem }) });
    const res = await skill.send(launchRequest({ timestamp: NOW }), { signWith: stranger.leaf.privateKey });
    expect(res.status).toBe(400);
    expect(skill.log.codes()).toContain('CERT_CHAIN_UNTRUSTED');
  });
});
