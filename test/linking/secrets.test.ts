import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, intentRequest, launchRequest, signBody, skillEvent, type TestPki } from 'alexa-skill-workers/testing';
import { NOW, SkillHarness } from '../support/harness.ts';
import { FakeRideHailer, JWT_ENV } from '../support/provider.ts';
import { turn } from '../support/talk.ts';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

describe('secrets stay out of logs and KV', () => {
  it('no access token, signature or request body appears in any log line, KV key or KV value', async () => {
    const provider = new FakeRideHailer().install();
    const opaque = new SkillHarness(pki, {}, provider).serveChain();
    const jwt = new SkillHarness(pki, { ...JWT_ENV, OAUTH_USERINFO_URL: undefined }, provider);
    const opaqueToken = provider.opaqueToken();
    const jwtToken = await provider.jwt(NOW);
    const secrets = [opaqueToken, opaqueToken.slice(5), jwtToken, jwtToken.split('.')[2]!, 'Atza|refused-token'];
    const bodies: string[] = [];

    const send = async (skill: SkillHarness, envelope: object) => {
      const text = JSON.stringify(envelope);
      bodies.push(text);
      secrets.push(await signBody(text, pki.leaf.privateKey));
      return turn(skill, envelope);
    };
    for (const [skill, token] of [[opaque, opaqueToken], [jwt, jwtToken]] as const) {
      const options = { timestamp: NOW, accessToken: token };
      await send(skill, skillEvent('AlexaSkillEvent.SkillAccountLinked', options));
      await send(skill, launchRequest(options));
      const ask = await send(skill, intentRequest('OrderCar', { destination: 'work' }, options));
      await send(skill, intentRequest('AMAZON.YesIntent', {}, { ...options, attributes: ask.attributes }));
    }
    await send(opaque, intentRequest('OrderCar', { destination: 'work' }, { timestamp: NOW, accessToken: 'Atza|refused-token' }));
    provider.override('userinfo', () => new Response('down', { status: 500 }));
    await send(opaque, intentRequest('OrderCar', { destination: 'home' }, { timestamp: NOW, accessToken: provider.opaqueToken() }));
    await send(opaque, skillEvent('AlexaSkillEvent.SkillDisabled', { timestamp: NOW }, { userInformationPersistenceStatus: 'NOT_PERSISTED' }));

    const logged = JSON.stringify([...opaque.logs.lines, ...jwt.logs.lines]);
    const keys = (await env.CACHE.list()).keys.map((k) => k.name);
    const values = await Promise.all(keys.map((k) => env.CACHE.get(k)));
    const stored = JSON.stringify([keys, values]);
    const events = new Set([...opaque.logs.lines, ...jwt.logs.lines].map((line) => line.event));
    for (const event of ['token_validated', 'token_rejected', 'provider_unavailable', 'skill_event']) {
      expect(events).toContain(event);
    }
    for (const secret of [...secrets, ...bodies]) {
      expect(logged).not.toContain(secret);
      expect(stored).not.toContain(secret);
    }
  });
});
