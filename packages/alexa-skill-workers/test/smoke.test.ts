import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, intentRequest, interceptFetch, launchRequest, type FetchInterceptor, type TestPki } from '../src/testing.ts';
import { KitHarness, NOW } from './support/harness.ts';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

describe('the kit test skill', () => {
  let outbound: FetchInterceptor;
  const withOutbound = (kit: KitHarness) => {
    outbound = interceptFetch(kit.provider);
    return kit;
  };

  it('answers a verified public intent, and refuses an unsigned request with 400', async () => {
    const kit = withOutbound(new KitHarness(pki));
    try {
      expect(await kit.turn(intentRequest('PublicIntent', {}, { timestamp: NOW }))).toMatchObject({ status: 200, speech: 'public' });
      expect((await kit.fetch(new Request('https://skill.test/', { method: 'POST', body: JSON.stringify(launchRequest({ timestamp: NOW })) }))).status).toBe(400);
      expect(kit.log.codes()).toContain('SIGNATURE_HEADER_MISSING');
    } finally {
      outbound.restore();
    }
  });

  it('gives an unlinked user the card, and greets a linked one, the second time from memory', async () => {
    const kit = withOutbound(new KitHarness(pki));
    try {
      expect(await kit.turn(intentRequest('GreetIntent', {}, { timestamp: NOW }))).toMatchObject({ speech: 'unlinked', card: 'LinkAccount' });
      const accessToken = await kit.provider.issue({ sub: 'user-1', name: 'Ana' });
      for (let i = 0; i < 2; i++) expect(await kit.turn(intentRequest('GreetIntent', {}, { timestamp: NOW, accessToken }))).toMatchObject({ speech: 'Hello, Ana.' });
      expect(kit.provider.calls).toEqual(['userinfo']);
      expect(outbound.unexpected).toEqual([]);
    } finally {
      outbound.restore();
    }
  });
});
