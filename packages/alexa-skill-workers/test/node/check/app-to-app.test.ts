import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPackage, loadSkillPackage } from '../../../src/cli/check/rules.ts';
import { POLICY } from './support.ts';

const ROOT = join(import.meta.dirname, '..', 'fixtures', 'skill-package');
const real = loadSkillPackage(ROOT, POLICY);
const appToApp = (accountLinking: { type?: string; redirectUrls?: readonly string[] }) =>
  checkPackage({ ...real, accountLinking }).filter((f) => f.rule === 'app-to-app-linking');

describe('skill package rule: app-to-app linking (accountLinking.json redirectUrls)', () => {
  it('passes the real package: the code grant and an https redirect URL to the demo service\'s app', () => {
    expect(real.accountLinking?.redirectUrls).toEqual(['https://ride-hailer-demo-service.YOUR-SUBDOMAIN.workers.dev/app/alexa/callback']);
    expect(appToApp(real.accountLinking!)).toEqual([expect.objectContaining({ ok: true, file: 'accountLinking.json' })]);
  });

  it('refuses redirect URLs with the implicit grant: app-to-app linking supports the code grant only', () => {
    const [finding] = appToApp({ type: 'IMPLICIT', redirectUrls: ['https://app.example/cb'] });
    expect(finding).toMatchObject({ ok: false });
    expect(finding!.message).toContain('AUTH_CODE');
  });

  it('refuses a redirect URL that is not https', () => {
    expect(appToApp({ type: 'AUTH_CODE', redirectUrls: ['http://app.example/cb', 'not a url'] }).map((f) => f.ok)).toEqual([false, false]);
  });

  it('reports app-to-app linking as off, not failed, without redirect URLs (an implicit grant is then fine)', () => {
    expect(appToApp({ type: 'IMPLICIT' })).toEqual([expect.objectContaining({ ok: true, message: 'no app-to-app redirect URLs' })]);
  });
});
