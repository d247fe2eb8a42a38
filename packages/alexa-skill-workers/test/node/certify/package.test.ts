import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { asListed, checkPackage } from '../../../src/cli/certify/package.ts';
import { exitCode, render, type CheckResult } from '../../../src/cli/certify/report.ts';
import { serve, testNet, type Running } from './support/server.ts';
import { POLICY } from '../check/support.ts';
import { pngOf } from './support/png.ts';

let site: Running | undefined;
afterEach(async () => site?.close());

function packageWith(manifest: unknown): string {
  const root = mkdtempSync(join(tmpdir(), 'certify-pkg-'));
  writeFileSync(join(root, 'skill.json'), JSON.stringify({ manifest }));
  return root;
}

const ENDPOINT = 'https://alexa-ride-hailer-skill.acme.workers.dev/';
const endpointAt = (uri: string, sslCertificateType = 'Wildcard') => ({ uri, sslCertificateType });

const listing = (base: string, testingInstructions = 'Sign in as ana / ana-rides.', endpoint = ENDPOINT) => ({
  apis: { custom: { endpoint: endpointAt(endpoint) } },
  events: { endpoint: endpointAt(endpoint), subscriptions: [{ eventName: 'SKILL_ENABLED' }] },
  publishingInformation: { locales: { 'en-US': { smallIconUri: `${base}/icons/small.png`, largeIconUri: `${base}/icons/large.png` } }, testingInstructions },
  privacyAndCompliance: { locales: { 'en-US': { privacyPolicyUrl: `${base}/privacy`, termsOfUseUrl: `${base}/terms` } } },
});

const png = (side: number) => pngOf(side, side);
const ICONS: Record<string, Buffer | string> = { '/icons/small.png': png(108), '/icons/large.png': png(512) };

/** Serves the pages and icons (108×108 and 512×512 unless `icons` says otherwise); `missing` answers 404. */
async function startSite(missing: string[] = [], icons: Record<string, Buffer | string> = ICONS) {
  site = await serve((req, _, res) => {
    if (missing.includes(req.url ?? '')) return void res.writeHead(404).end();
    const icon = icons[req.url ?? ''];
    res.writeHead(200, { 'content-type': req.url?.endsWith('.png') ? 'image/png' : 'text/html' }).end(icon ?? 'x');
  });
  return site.url;
}

const statuses = (results: CheckResult[]) => Object.fromEntries(results.map((r) => [r.id, r.status]));

describe('certify: the skill package listing', () => {
  it('passes a listing whose pages and icons are listed and served (locally mapped from the placeholder host)', async () => {
    const local = await startSite();
    const root = packageWith(listing('https://ride-hailer-demo-service.YOUR-SUBDOMAIN.workers.dev'));
    const locate = (url: string) => ({ fetchUrl: local + new URL(url).pathname, placeholder: true });
    const results = await checkPackage({ root, net: testNet(true), local: true, locate, rules: () => [{ rule: 'invocation-name', ok: true, message: 'fine' }] });
    expect(results.filter((r) => r.status !== 'pass')).toEqual([]);
    expect(results[0]?.id).toBe('package.invocation-name');
  });

  it('fails each missing piece on its own line, and every CI rule that fails', async () => {
    const root = packageWith({ publishingInformation: { locales: { 'en-US': {} } }, privacyAndCompliance: { locales: { 'en-US': { termsOfUseUrl: 'https://x.test/terms' } } } });
    const results = await checkPackage({ root, net: testNet(false), local: false, locate: asListed, rules: () => [{ rule: 'model-built-in-intents', ok: false, message: 'AMAZON.NavigateHomeIntent is missing', file: 'en-US.json' }] });
    expect(statuses(results)).toMatchObject({
      'package.model-built-in-intents': 'fail', 'package.privacy-url': 'fail', 'package.terms-url': 'pass', 'package.terms-url.reachable': 'skip',
      'package.small-icon': 'fail', 'package.large-icon': 'fail', 'package.testing-instructions': 'fail', 'package.endpoint.custom': 'fail',
    });
    expect(results.find((r) => r.id === 'package.endpoint.custom')?.detail).toBe('apis.custom.endpoint.uri is missing or not a URL');
    expect(results.find((r) => r.id === 'package.terms-url.reachable')?.detail).toBe('offline');
  });

  it('fails placeholders and pages that are not served when checking a deployed skill', async () => {
    const deployed = await startSite(['/privacy', '/icons/large.png']);
    const root = packageWith(listing(deployed));
    const results = await checkPackage({ root, net: testNet(true), local: false, locate: asListed, rules: () => [] });
    expect(statuses(results)).toMatchObject({ 'package.privacy-url.reachable': 'fail', 'package.terms-url.reachable': 'pass', 'package.large-icon.reachable': 'fail', 'package.small-icon.reachable': 'pass' });
    const placeholder = await checkPackage({ root: packageWith(listing('https://x.YOUR-SUBDOMAIN.workers.dev')), net: testNet(false), local: false, locate: asListed, rules: () => [] });
    expect(placeholder.find((r) => r.id === 'package.privacy-url')).toMatchObject({ status: 'fail', detail: expect.stringContaining('placeholder') as unknown });
  });
});

describe('certify: the real skill package, every locale', () => {
  it('passes every package check for the twelve locales against the local stack, with the CI rules it runs by default', async () => {
    const local = await startSite();
    const root = join(import.meta.dirname, '..', 'fixtures', 'skill-package');
    const locate = (url: string) => ({ fetchUrl: local + new URL(url).pathname, placeholder: true });
    const results = await checkPackage({ root, net: testNet(true), local: true, locate, policy: POLICY });
    expect(results.filter((r) => r.status !== 'pass')).toEqual([]);
    const checked = results.filter((r) => r.id.startsWith('package.invocation-name')).map((r) => r.title);
    expect(checked).toHaveLength(12);
    expect(checked).toContain('invocation-name (interactionModels/custom/ja-JP.json)');
  });
});

describe('certify: the icons are the sizes Amazon asks for', () => {
  it.each<[string, Record<string, Buffer | string>, string, string]>([
    ['a small icon of 100×100', { ...ICONS, '/icons/small.png': png(100) }, 'package.small-icon.reachable', 'is 100×100; must be 108×108'],
    ['a large icon of 108×108', { ...ICONS, '/icons/large.png': png(108) }, 'package.large-icon.reachable', 'is 108×108; must be 512×512'],
    ['a large "PNG" that is not one', { ...ICONS, '/icons/large.png': 'x' }, 'package.large-icon.reachable', 'is not a PNG (not a PNG: bad signature)'],
  ])('fails %s on its own line', async (_, icons, id, detail) => {
    const local = await startSite([], icons);
    const locate = (url: string) => ({ fetchUrl: local + new URL(url).pathname, placeholder: false });
    const root = packageWith(listing('https://ride-hailer-demo-service.acme.workers.dev'));
    const results = await checkPackage({ root, net: testNet(true), local: false, endpoint: ENDPOINT, locate, rules: () => [] });
    expect(results.filter((r) => r.status === 'fail').map((r) => r.id)).toEqual([id]);
    const path = Object.keys(icons).find((k) => icons[k] !== ICONS[k]) ?? '';
    expect(results.find((r) => r.id === id)?.detail).toBe(`${local}${path} ${detail}`);
  });
});

describe('certify: the endpoint the manifest names', () => {
  const deployed = (manifest: unknown, endpoint = ENDPOINT) =>
    checkPackage({ root: packageWith(manifest), net: testNet(false), local: false, endpoint, locate: asListed, rules: () => [] });
  const endpointLines = (results: CheckResult[]) => results.filter((r) => r.id.startsWith('package.endpoint.')).map((r) => [r.id, r.status, r.detail]);
  const base = 'https://ride-hailer-demo-service.acme.workers.dev';

  it('passes the endpoint being certified, Wildcard on workers.dev and Trusted on a domain of its own', async () => {
    expect(endpointLines(await deployed(listing(base)))).toEqual([['package.endpoint.custom', 'pass', undefined], ['package.endpoint.events', 'pass', undefined]]);
    const own = { ...listing(base), apis: { custom: { endpoint: endpointAt('https://skill.ride-hailer.test/', 'Trusted') } }, events: undefined };
    expect(endpointLines(await deployed(own, 'https://skill.ride-hailer.test/'))).toEqual([['package.endpoint.custom', 'pass', undefined]]);
  });

  it.each<[string, unknown, string, string]>([
    ['the YOUR-SUBDOMAIN placeholder', { ...listing(base), apis: { custom: { endpoint: endpointAt('https://alexa-ride-hailer-skill.YOUR-SUBDOMAIN.workers.dev/') } } }, 'package.endpoint.custom',
      'apis.custom.endpoint.uri is still a placeholder: https://alexa-ride-hailer-skill.YOUR-SUBDOMAIN.workers.dev/ (npm run deploy fills it in)'],
    ['an endpoint other than --endpoint', { ...listing(base), apis: { custom: { endpoint: endpointAt('https://other.acme.workers.dev/') } } }, 'package.endpoint.custom',
      `apis.custom.endpoint.uri is https://other.acme.workers.dev/, not the endpoint being certified (${ENDPOINT})`],
    ['Trusted on *.workers.dev', { ...listing(base), events: { endpoint: endpointAt(ENDPOINT, 'Trusted') } }, 'package.endpoint.events',
      'events.endpoint.sslCertificateType is Trusted; alexa-ride-hailer-skill.acme.workers.dev needs Wildcard'],
    ['plain http', { ...listing(base), apis: { custom: { endpoint: endpointAt('http://alexa-ride-hailer-skill.acme.workers.dev/') } } }, 'package.endpoint.custom',
      'apis.custom.endpoint.uri http://alexa-ride-hailer-skill.acme.workers.dev/ is not https'],
  ])('fails %s on its own line', async (_, manifest, id, detail) => {
    const results = await deployed(manifest);
    expect(results.filter((r) => r.id.startsWith('package.endpoint.') && r.status === 'fail').map((r) => [r.id, r.detail])).toEqual([[id, detail]]);
  });

  it('fails Wildcard on a domain of its own', async () => {
    const own = { ...listing(base), apis: { custom: { endpoint: endpointAt('https://skill.ride-hailer.test/') } }, events: undefined };
    expect(endpointLines(await deployed(own, 'https://skill.ride-hailer.test/'))).toEqual([
      ['package.endpoint.custom', 'fail', 'apis.custom.endpoint.sslCertificateType is Wildcard; skill.ride-hailer.test needs Trusted'],
    ]);
  });

  it('against the local stack, keeps the placeholder host but still checks https and the certificate type', async () => {
    const placeholder = 'https://alexa-ride-hailer-skill.YOUR-SUBDOMAIN.workers.dev/';
    const local = (manifest: unknown) => checkPackage({ root: packageWith(manifest), net: testNet(false), local: true, locate: asListed, rules: () => [] });
    expect(endpointLines(await local(listing(base, undefined, placeholder))).map(([id, status]) => [id, status])).toEqual([['package.endpoint.custom', 'pass'], ['package.endpoint.events', 'pass']]);
    const trusted = { ...listing(base, undefined, placeholder), events: { endpoint: endpointAt(placeholder, 'Trusted') } };
    expect(endpointLines(await local(trusted)).map(([id, status]) => [id, status])).toEqual([['package.endpoint.custom', 'pass'], ['package.endpoint.events', 'fail']]);
  });
});

describe('certify: the checklist', () => {
  it('prints ✔, ✘ and skipped with the reason under each section, and exits 1 only on a ✘', () => {
    const results: CheckResult[] = [
      { section: 'A', id: 'a.one', title: 'one', status: 'pass' },
      { section: 'A', id: 'a.two', title: 'two', status: 'skip', detail: 'offline' },
      { section: 'B', id: 'b.three', title: 'three', status: 'fail', detail: 'answered 200; must be 400' },
    ];
    expect(render(results)).toBe('A\n  ✔ one [a.one]\n  – two [a.two] (skipped: offline)\n\nB\n  ✘ three [b.three]: answered 200; must be 400\n\n1 passed, 1 failed, 1 skipped.');
    expect(exitCode(results)).toBe(1);
    expect(exitCode(results.slice(0, 2))).toBe(0);
  });
});
