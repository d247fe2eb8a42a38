import { describe, expect, it, vi } from 'vitest';
import { callWithToken } from '../../src/linking/provider-http.ts';
import { createAlexaVerifier } from '../../src/verification/verifier.ts';
import { createTestPki } from '../../src/testing/pki.ts';
import { signedAlexaRequest } from '../../src/testing/requests.ts';
import { launchRequest, SKILL_ID } from '../../src/testing/envelopes.ts';
import { NOW } from '../support/harness.ts';
import { contextAt } from '../support/logs.ts';

// A kit user passes the runtime's own `fetch` in an options object ({ fetch, kv, ... }). workerd's
// fetch throws "Illegal invocation" when called as a method of another object, so the kit must
// call it unbound. The real fetch is used here (the interceptor is removed); the test config's
// outbound service answers every request with 599.
describe('the runtime fetch passed in options', () => {
  it('reaches the network from a provider call', async () => {
    vi.restoreAllMocks();
    const error: unknown = await callWithToken({ fetch, timeoutMs: 5000 }, 'https://provider.test/userinfo', 'token').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', message: 'provider answered 599' });
  });

  it('reaches the network for a certificate download', async () => {
    vi.restoreAllMocks();
    const pki = await createTestPki({ now: NOW });
    const ctx = contextAt(NOW);
    const verifier = createAlexaVerifier({ skillId: SKILL_ID, trustedRootsPem: pki.rootPem, allowDevelopmentTrust: true, fetch, log: ctx.log });
    const request = await signedAlexaRequest(pki, launchRequest({ timestamp: NOW }));
    await expect(verifier.verify(request, ctx)).rejects.toMatchObject({
      code: 'CERT_FETCH_FAILED',
      message: 'certificate download answered 599',
    });
  });
});
