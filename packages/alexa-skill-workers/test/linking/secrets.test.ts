import { beforeAll, describe, expect, it } from 'vitest';
import { JwtValidator } from '../../src/linking.ts';
import { createTestPki, intentRequest, signBody, skillEvent, type TestPki } from '../../src/testing.ts';
import { KitHarness, NOW } from '../support/harness.ts';
import { testKv } from '../support/kv.ts';
import { AUDIENCE, FakeProvider, ISSUER, URLS } from '../support/provider.ts';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

describe('secrets stay out of logs and KV', () => {
  it('no access token, signature or request body appears in any log line, KV key or KV value', async () => {
    const provider = new FakeProvider().install();
    const opaque = new KitHarness(pki);
    const jwt = new KitHarness(pki, { validator: (env) => new JwtValidator({ jwksUrl: URLS.jwks, issuer: ISSUER, audience: AUDIENCE, kv: env.CACHE }) });
    const opaqueToken = provider.opaqueToken();
    const jwtToken = await provider.jwt(NOW);
    const secrets = [opaqueToken, opaqueToken.slice(5), jwtToken, jwtToken.split('.')[2]!, 'Atza|refused-token'];
    const bodies: string[] = [];

    const send = async (kit: KitHarness, envelope: object) => {
      const text = JSON.stringify(envelope);
      bodies.push(text);
      secrets.push(await signBody(text, pki.leaf.privateKey));
      const answer = await kit.turn(envelope);
      expect(answer.status).toBe(200);
      return answer;
    };
    for (const [kit, token] of [[opaque, opaqueToken], [jwt, jwtToken]] as const) {
      const options = { timestamp: NOW, accessToken: token };
      await send(kit, skillEvent('AlexaSkillEvent.SkillAccountLinked', options));
      await send(kit, intentRequest('PublicIntent', {}, options));
      await send(kit, intentRequest('GreetIntent', {}, options));
      expect((await send(kit, intentRequest('ActIntent', {}, options))).speech).toMatch(/^done /);
    }
    await send(opaque, intentRequest('GreetIntent', {}, { timestamp: NOW, accessToken: 'Atza|refused-token' }));
    provider.override('userinfo', () => new Response('down', { status: 500 }));
    await send(opaque, intentRequest('GreetIntent', {}, { timestamp: NOW, accessToken: provider.opaqueToken() }));
    await send(opaque, skillEvent('AlexaSkillEvent.SkillDisabled', { timestamp: NOW }, { userInformationPersistenceStatus: 'NOT_PERSISTED' }));

    const logged = JSON.stringify([...opaque.log.lines, ...jwt.log.lines]);
    const keys = (await testKv.list()).keys.map((k) => k.name);
    const values = await Promise.all(keys.map((k) => testKv.get(k)));
    const stored = JSON.stringify([keys, values]);
    const events = new Set([...opaque.log.lines, ...jwt.log.lines].map((line) => line.event));
    for (const event of ['token_validated', 'token_rejected', 'provider_unavailable', 'skill_event']) {
      expect(events).toContain(event);
    }
    for (const secret of [...secrets, ...bodies]) {
      expect(logged).not.toContain(secret);
      expect(stored).not.toContain(secret);
    }
  });
});
