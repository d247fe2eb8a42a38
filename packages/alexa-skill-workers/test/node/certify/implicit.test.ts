import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configProblems, parseSettings } from '../../../src/cli/certify/options.ts';
import { checkProvider } from '../../../src/cli/certify/provider.ts';
import type { CheckResult } from '../../../src/cli/certify/report.ts';
import { startFakeProvider, type FakeProvider, type ProviderFaults } from './support/fake-provider.ts';
import { testNet } from './support/server.ts';
import { loadProject } from '../../../src/cli/project.ts';

/** A project with nothing in its package.json section. */
const EMPTY_PROJECT = join(import.meta.dirname, 'support', 'empty-project');

/**
 * certify with an IMPLICIT account-linking configuration ("Configure an Implicit Grant",
 * https://developer.amazon.com/en-US/docs/alexa/account-linking/configure-implicit-grant.html): no
 * token URI and no client secret are asked for, the sign-in must come back with the state and an
 * access token in the fragment, and the token URI's checks do not apply.
 */
let provider: FakeProvider | undefined;
let dir = '';
afterEach(async () => {
  await provider?.close();
  provider = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

async function certifyImplicit(faults: ProviderFaults = {}): Promise<CheckResult[]> {
  provider = await startFakeProvider(faults);
  return checkProvider({
    authorizationUrl: `${provider.url}/authorize`, tokenUrl: '', clientId: provider.clientId, clientSecret: '', scheme: 'HTTP_BASIC',
    scopes: ['profile'], vendorId: provider.vendorId, codeSource: { kind: 'form', login: { username: 'ana', password: 'pw' } },
    net: testNet(true), deadlineMs: 4500, grant: 'IMPLICIT',
  });
}

const failures = (results: CheckResult[]) => results.filter((r) => r.status === 'fail').map((r) => r.id);
const byId = (results: CheckResult[], id: string) => results.find((r) => r.id === id);

/** A skill package folder whose accountLinking.json has `request`. */
function packageWith(request: object): string {
  dir = mkdtempSync(join(tmpdir(), 'certify-implicit-'));
  mkdirSync(join(dir, 'skill-package'));
  writeFileSync(join(dir, 'skill-package', 'accountLinking.json'), JSON.stringify({ accountLinkingRequest: request }));
  return join(dir, 'skill-package');
}

const DEPLOYED = { endpoint: 'https://skill.example/', 'vendor-id': 'M2REALVENDOR' };
/** The settings for `values` in a project whose skill package is `skillPackage` (an absolute path). */
const settingsFor = (values: Record<string, string>, skillPackage: string) =>
  parseSettings({ ...DEPLOYED, ...values }, { ...loadProject(EMPTY_PROJECT), skillPackage }, {});
const PROVIDER = { authorizationUrl: 'https://auth.example/authorize', clientId: 'alexa-client', scopes: ['profile'] };

describe('certify: an IMPLICIT account-linking configuration', () => {
  it('takes the grant type from accountLinking.json and asks for no token URL and no client secret', () => {
    const settings = settingsFor({}, packageWith({ type: 'IMPLICIT', ...PROVIDER }));
    expect(settings.grant).toBe('IMPLICIT');
    expect(configProblems(settings)).toEqual([]);
  });

  it('the same settings as AUTH_CODE are missing the token URL and the client secret', () => {
    const settings = settingsFor({}, packageWith({ type: 'AUTH_CODE', ...PROVIDER }));
    expect(configProblems(settings)).toEqual(['token URL is missing', 'the client secret is not in $CERTIFY_CLIENT_SECRET']);
  });

  it('--grant overrides the file, and refuses anything but AUTH_CODE or IMPLICIT', () => {
    const skillPackage = packageWith({ type: 'AUTH_CODE', ...PROVIDER });
    expect(settingsFor({ grant: 'IMPLICIT' }, skillPackage).grant).toBe('IMPLICIT');
    expect(() => settingsFor({ grant: 'PASSWORD' }, skillPackage)).toThrow(/--grant must be AUTH_CODE or IMPLICIT/);
  });

  it('passes a provider that returns the state and a Bearer access token in the fragment; the token URI is skipped', async () => {
    const results = await certifyImplicit();
    expect(failures(results)).toEqual([]);
    expect(byId(results, 'provider.authorize.state')).toMatchObject({ status: 'pass' });
    expect(byId(results, 'provider.token')?.status).toBe('skip');
    expect(byId(results, 'provider.token')?.detail).toContain('IMPLICIT');
    expect(results.some((r) => r.id.startsWith('provider.token.') || r.id === 'provider.refresh')).toBe(false);
  });

  it.each<[string, ProviderFaults, string]>([
    ['the state not returned', { dropState: true }, 'no state'],
    ['a code in the query instead of a token in the fragment', { codeForToken: true }, 'no state'],
  ])('fails a provider with %s', async (_name, faults, detail) => {
    const results = await certifyImplicit(faults);
    expect(failures(results)).toEqual(['provider.authorize.state']);
    expect(byId(results, 'provider.authorize.state')?.detail).toBe(detail);
  });
});
