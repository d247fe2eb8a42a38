import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveAtUserinfo, SIMULATED_SKILL_LWA_CLIENT_ID, tokeninfoAnswer } from '../../tools/simulator/amazon/tokeninfo.ts';

/** The simulated LWA tokeninfo that `VOICE_ACCOUNT_LINKING=true npm run dev` points the skill at. */
let userinfo: Server;
beforeAll(async () => {
  userinfo = createServer((req, res) => {
    res.writeHead(req.headers.authorization === 'Bearer live-token' ? 200 : 401, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => userinfo.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise((resolve) => userinfo.close(resolve));
});

describe('the simulated Login with Amazon tokeninfo', () => {
  const isLive = () => liveAtUserinfo(`http://127.0.0.1:${(userinfo.address() as AddressInfo).port}/userinfo`);

  it('answers a token the demo service accepts with the simulated skill client as its audience', async () => {
    const answer = await tokeninfoAnswer('live-token', isLive());
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body!)).toMatchObject({ aud: SIMULATED_SKILL_LWA_CLIENT_ID });
  });

  it.each([['a token the service refuses', 'dead-token'], ['no token', '']])('answers %s with 400 invalid_token, as LWA does', async (_, token) => {
    const answer = await tokeninfoAnswer(token, isLive());
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body!)).toMatchObject({ error: 'invalid_token' });
    expect(answer.body).not.toContain(token || 'never');
  });
});
