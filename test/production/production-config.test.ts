import { env, exports } from 'cloudflare:workers';
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { createTestPki, launchRequest, signBody, type TestPki } from 'alexa-skill-workers/testing';
import { captureLogs } from '../support/logs.ts';

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

  it('is built with development trust off (wrangler.toml [env.production] define)', () => {
    expect(__DEVELOPMENT_TRUST__).toBe(false);
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

/** The settings `npm run dev` gives the skill, as a production Worker might be handed them by mistake. */
const DEVELOPMENT_SETTINGS: [string, (ca: TestPki) => Record<string, string>][] = [
  // The issue's `wrangler dev --env production --var ALEXA_TRUSTED_ROOTS_PEM:… --var ALEXA_DEV_CERT_CHAIN_PEM:…`.
  ['ALEXA_TRUSTED_ROOTS_PEM', (ca) => ({ ALEXA_TRUSTED_ROOTS_PEM: ca.rootPem.replace(/\n/g, '\\n'), ALEXA_DEV_CERT_CHAIN_PEM: ca.chainPem.replace(/\n/g, '\\n') })],
  ['ALEXA_TRUSTED_ROOTS_PEM', (ca) => ({ ALEXA_TRUSTED_ROOTS_PEM: ca.rootPem })],
  ['ALEXA_DEV_CERT_CHAIN_PEM', (ca) => ({ ALEXA_DEV_CERT_CHAIN_PEM: ca.chainPem })],
  ['LWA_TOKENINFO_URL', () => ({ LWA_CLIENT_ID: 'amzn1.application-oa2-client.dev', LWA_TOKENINFO_URL: 'http://localhost:8791/auth/o2/tokeninfo' })],
];

describe('the production build refuses every development trust setting at startup', () => {
  it.each(DEVELOPMENT_SETTINGS)('answers 500 and logs config_invalid naming %s, never its value, before any download', async (setting, settings) => {
    const devCa = await createTestPki();
    const given = settings(devCa);
    const vars = env as unknown as Record<string, unknown>;
    const body = JSON.stringify(launchRequest({ timestamp: new Date(), skillId: String(vars.ALEXA_SKILL_ID) }));
    const request = new Request('https://skill.example/', {
      method: 'POST',
      headers: { SignatureCertChainUrl: 'https://s3.amazonaws.com/echo.api/echo-api-cert-dev.pem', 'Signature-256': await signBody(body, devCa.leaf.privateKey) },
      body,
    });
    const realFetch = globalThis.fetch;
    const fetched: string[] = [];
    globalThis.fetch = (input: RequestInfo | URL) => {
      fetched.push(String(input instanceof Request ? input.url : input));
      return Promise.resolve(new Response(devCa.chainPem));
    };
    const log = captureLogs();
    try {
      const ctx = createExecutionContext();
      const response = await createApp({ log }).fetch(request, { ...vars, ...given }, ctx);
      await waitOnExecutionContext(ctx);
      expect(response.status).toBe(500);
      expect(log.lines).toContainEqual(expect.objectContaining({ event: 'config_invalid', setting }));
      expect(fetched).toEqual([]);
      const logged = JSON.stringify(log.lines);
      for (const value of Object.values(given).filter((v) => !v.startsWith('amzn1.'))) expect(logged).not.toContain(value.slice(0, 40));
      expect(logged).not.toContain('BEGIN CERTIFICATE');
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
