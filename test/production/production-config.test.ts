import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { launchRequest } from '../../packages/alexa-skill-workers/src/testing/envelopes.ts';
import { createTestPki, signBody } from '../../packages/alexa-skill-workers/src/testing/pki.ts';

// This file runs in its own Vitest project, configured from wrangler.toml's [env.production]:
// the Worker under test has exactly the deployable bindings (only ALEXA_SKILL_ID is filled in,
// since the committed value is a placeholder).
describe('the deployable configuration (wrangler.toml [env.production])', () => {
  it('sets neither development trust setting', () => {
    const vars = env as unknown as Record<string, unknown>;
    expect(vars.ALEXA_TRUSTED_ROOTS_PEM).toBeUndefined();
    expect(vars.ALEXA_DEV_CERT_CHAIN_PEM).toBeUndefined();
    expect(vars.OAUTH_USERINFO_URL).toMatch(/^https:\/\//);
  });

  it('refuses a request signed through a development CA, even with its chain served', async () => {
    const devCa = await createTestPki();
    const body = JSON.stringify(launchRequest({ timestamp: new Date(), skillId: String((env as unknown as Record<string, unknown>).ALEXA_SKILL_ID) }));
    const url = 'https://s3.amazonaws.com/echo.api/echo-api-cert-dev.pem';
    const realFetch = globalThis.fetch;
    const fetched: string[] = [];
    globalThis.fetch = (input: RequestInfo | URL) => {
      fetched.push(String(input instanceof Request ? input.url : input));
      return Promise.resolve(new Response(devCa.chainPem));
    };
    try {
      const response = await exports.default.fetch('https://skill.example/', {
        method: 'POST',
        headers: { SignatureCertChainUrl: url, 'Signature-256': await signBody(body, devCa.leaf.privateKey) },
        body,
      });
      expect(response.status).toBe(400);
      expect(fetched).toEqual([url]);
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
