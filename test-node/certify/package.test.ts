import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { asListed, checkPackage } from '../../tools/certify/package.ts';
import { exitCode, render, type CheckResult } from '../../tools/certify/report.ts';
import { serve, testNet, type Running } from './support/server.ts';

let site: Running | undefined;
afterEach(async () => site?.close());

function packageWith(manifest: unknown): string {
  const root = mkdtempSync(join(tmpdir(), 'certify-pkg-'));
  writeFileSync(join(root, 'skill.json'), JSON.stringify({ manifest }));
  return root;
}

const listing = (base: string, testingInstructions = 'Sign in as ana / ana-rides.') => ({
  publishingInformation: { locales: { 'en-US': { smallIconUri: `${base}/icons/small.png`, largeIconUri: `${base}/icons/large.png` } }, testingInstructions },
  privacyAndCompliance: { locales: { 'en-US': { privacyPolicyUrl: `${base}/privacy`, termsOfUseUrl: `${base}/terms` } } },
});

/** Serves the pages and icons; `missing` answers 404. */
async function startSite(missing: string[] = []) {
  site = await serve((req, _, res) => {
    if (missing.includes(req.url ?? '')) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': req.url?.endsWith('.png') ? 'image/png' : 'text/html' }).end('x');
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
      'package.small-icon': 'fail', 'package.large-icon': 'fail', 'package.testing-instructions': 'fail',
    });
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
