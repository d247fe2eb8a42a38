import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { alexaVerifier, type AlexaVariables } from '../../src/hono/middleware.ts';
import { createTestPki } from '../../src/testing/pki.ts';
import { signedAlexaRequest } from '../../src/testing/requests.ts';
import { launchRequest, SKILL_ID } from '../../src/testing/envelopes.ts';
import { NOW } from '../support/harness.ts';
import { captureLogs } from '../support/logs.ts';

describe('alexaVerifier (Hono middleware)', () => {
  function app(source: Parameters<typeof alexaVerifier<{ SKILL?: string }>>[0], log = captureLogs()) {
    const hono = new Hono<{ Bindings: { SKILL?: string }; Variables: AlexaVariables }>();
    hono.post('/', alexaVerifier(source, { now: () => NOW, log }), (c) => c.json({ type: c.var.alexa.request.type, at: c.var.alexaContext.now.toISOString() }));
    return { hono, log };
  }

  it('throws at creation for static options that are wrong, naming the option', () => {
    expect(() => app({ skillId: 'nope' })).toThrow(expect.objectContaining({ setting: 'skillId' }));
  });

  it('puts the verified envelope and the request context on the Hono context', async () => {
    const pki = await createTestPki({ now: NOW });
    const { hono } = app({ skillId: SKILL_ID, ...pki.trust });
    const response = await hono.request(await signedAlexaRequest(pki, launchRequest({ timestamp: NOW })));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ type: 'LaunchRequest', at: NOW.toISOString() });
  });

  it('answers 400 with the generic body, and logs the code, for a request that fails', async () => {
    const pki = await createTestPki({ now: NOW });
    const { hono, log } = app({ skillId: SKILL_ID, ...pki.trust });
    const request = await signedAlexaRequest(pki, launchRequest({ timestamp: NOW, skillId: 'amzn1.ask.skill.someone-else' }));
    const response = await hono.request(request);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'bad_request', message: 'The request could not be verified.' });
    expect(log.lines).toContainEqual(expect.objectContaining({ event: 'request_rejected', code: 'SKILL_ID_MISMATCH' }));
  });

  it('options from bindings: a bad one answers 500 naming it, and is not remembered once fixed', async () => {
    const pki = await createTestPki({ now: NOW });
    const { hono, log } = app((env) => ({ skillId: env.SKILL, ...pki.trust }));
    const env: { SKILL?: string } = {};
    const send = async () => hono.request(await signedAlexaRequest(pki, launchRequest({ timestamp: NOW })), undefined, env);
    expect((await send()).status).toBe(500);
    expect(log.lines).toContainEqual(expect.objectContaining({ event: 'config_invalid', setting: 'skillId' }));
    env.SKILL = SKILL_ID;
    expect((await send()).status).toBe(200);
  });
});
