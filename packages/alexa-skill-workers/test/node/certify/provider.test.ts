import { afterEach, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../src/cli/certify/report.ts';
import { checkProvider, type ProviderTarget } from '../../../src/cli/certify/provider.ts';
import { startFakeProvider, type FakeProvider, type ProviderFaults } from './support/fake-provider.ts';
import { testNet } from './support/server.ts';

let provider: FakeProvider | undefined;
afterEach(async () => provider?.close());

async function certify(faults: ProviderFaults = {}, overrides: Partial<ProviderTarget> = {}): Promise<CheckResult[]> {
  provider = await startFakeProvider(faults);
  return checkProvider({
    authorizationUrl: `${provider.url}/authorize`, tokenUrl: `${provider.url}/token`, clientId: provider.clientId,
    clientSecret: provider.clientSecret, scheme: 'HTTP_BASIC', scopes: ['profile'], vendorId: provider.vendorId,
    codeSource: { kind: 'form', login: { username: 'ana', password: 'pw' } }, net: testNet(true), deadlineMs: 4500, ...overrides,
  });
}

const byId = (results: CheckResult[], id: string) => results.find((r) => r.id === id);
const failures = (results: CheckResult[]) => results.filter((r) => r.status === 'fail').map((r) => r.id);

describe('certify: the OAuth provider', () => {
  it('passes a healthy provider; on plain http only the TLS checks are skipped, as plain http', async () => {
    const results = await certify();
    expect(failures(results)).toEqual([]);
    expect(results.filter((r) => r.status === 'skip').every((r) => r.detail === 'local stack is plain http')).toBe(true);
    expect(results.filter((r) => r.status === 'pass').map((r) => r.id)).toEqual(expect.arrayContaining([
      'provider.authorize.redirect-uri.pitangui', 'provider.authorize.redirect-uri.layla', 'provider.authorize.redirect-uri.alexa-jp',
      'provider.authorize.state', 'provider.token.scheme', 'provider.token.expires-in', 'provider.refresh', 'provider.token.client-auth',
    ]));
  });

  it.each<[string, ProviderFaults, string, string[]?]>([
    ['a client not registered for Alexa\'s layla redirect URI', { unregistered: 'https://layla.amazon.com/api/skill/link/' }, 'provider.authorize.redirect-uri.layla'],
    ['a login page without a viewport', { noViewport: true }, 'provider.authorize.mobile-page'],
    ['a login page with a JavaScript alert', { alertOnPage: true }, 'provider.authorize.mobile-page'],
    ['an unknown client sent to the redirect URI with an error', { redirectUnknownClient: true }, 'provider.authorize.unknown-client-on-page'],
    ['any redirect URI accepted', { acceptAnyRedirect: true }, 'provider.authorize.foreign-redirect-refused'],
    ['a wrong password redirected instead of shown', { wrongPasswordRedirects: true }, 'provider.authorize.login-error-on-page'],
    ['the state not returned', { dropState: true }, 'provider.authorize.state'],
    ['HTTP Basic credentials ignored (only the body scheme works)', { onlyBodyCredentials: true }, 'provider.token.scheme'],
    ['no refresh_token', { noRefreshToken: true }, 'provider.token.refresh-token'],
    ['no token_type', { noTokenType: true }, 'provider.token.token-type'],
    ['expires_in 300 (the refreshed token too)', { expiresIn: 300 }, 'provider.token.expires-in', ['provider.refresh']],
    ['a token answer that is not application/json', { textPlain: true }, 'provider.token.json'],
    ['a refresh token that does not refresh', { refreshRefused: true }, 'provider.refresh'],
    ['a wrong client secret accepted', { acceptAnySecret: true }, 'provider.token.client-auth'],
  ])('catches %s with its own ✘ line', async (_, faults, id, alsoFailing = []) => {
    const results = await certify(faults);
    expect(byId(results, id)?.status).toBe('fail');
    expect(failures(results)).toEqual([id, ...alsoFailing]);
  });

  it('fails a token URI slower than the deadline (injected: 200 ms, not 4.5 s)', async () => {
    const results = await certify({ hangToken: true }, { deadlineMs: 200 });
    expect(byId(results, 'provider.token.deadline')).toMatchObject({ status: 'fail', detail: 'no answer within 0.2 s' });
  });

  it('passes a provider that takes only body credentials when the scheme is REQUEST_BODY_CREDENTIALS', async () => {
    const results = await certify({ onlyBodyCredentials: true }, { scheme: 'REQUEST_BODY_CREDENTIALS' });
    expect(failures(results)).toEqual([]);
  });

  it('skips, never fails, what needs the internet when offline; a placeholder setting still fails', async () => {
    const results = await checkProvider({
      authorizationUrl: 'https://auth.certify.invalid/authorize', tokenUrl: 'https://auth.certify.invalid/token', clientId: 'c', clientSecret: 's',
      scheme: 'HTTP_BASIC', scopes: [], vendorId: 'V', codeSource: { kind: 'code', code: 'x' }, net: testNet(false), deadlineMs: 4500,
      configProblems: ['client ID is a placeholder'],
    });
    expect(failures(results)).toEqual(['provider.config']);
    expect(byId(results, 'provider.authorize.redirect-uri.pitangui')).toMatchObject({ status: 'skip', detail: 'offline' });
    expect(byId(results, 'provider.authorize.tls-not-lets-encrypt')).toMatchObject({ status: 'skip', detail: 'offline' });
  });

  it('reports placeholder settings and skips the sign-in when no code can be had', async () => {
    const results = await certify({}, { configProblems: ['client ID is a placeholder'], codeSource: { kind: 'none', reason: 'needs an authorization code' } });
    expect(byId(results, 'provider.config')).toMatchObject({ status: 'fail', detail: 'client ID is a placeholder' });
    expect(byId(results, 'provider.token.scheme')).toMatchObject({ status: 'skip' });
  });
});
