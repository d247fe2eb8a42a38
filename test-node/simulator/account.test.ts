import { X509Certificate, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateDevCa, loadSigningCa, loadState, statePaths, type DevCa } from 'alexa-skill-workers/cli';
import { deviceAccount } from '../../tools/simulator/amazon/account.ts';

const SKILL_ID = 'amzn1.ask.skill.00000000-0000-4000-8000-000000000000';
const CERT_URL = 'https://s3.amazonaws.com/echo.api/echo-api-cert-local-dev.pem';
interface Received { headers: IncomingHttpHeaders; body: string }

let dir: string;
let ca: DevCa;
let skill: Server;
const received: Received[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'amazon-account-'));
  ca = await loadOrCreateDevCa(statePaths(dir).ca);
  skill = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"version":"1.0","response":{}}');
    });
  });
  await new Promise<void>((resolve) => skill.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise((resolve) => skill.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('the simulated Alexa account behind the fake Amazon', () => {
  it('keeps the linked tokens in the simulator\'s state and tells the skill with events signed by the dev CA', async () => {
    const stateFile = join(dir, 'simulator.json');
    const account = await deviceAccount({
      stateFile, skillUrl: `http://127.0.0.1:${(skill.address() as AddressInfo).port}/`, skillId: SKILL_ID, ca: await loadSigningCa(dir),
    });
    expect((await loadState(stateFile)).userId).toBe(account.userId);
    expect(await account.isLinked()).toBe(false);

    await account.linked({ accessToken: 'service-access', refreshToken: 'service-refresh', expiresAt: 1 });
    expect((await loadState(stateFile)).tokens).toEqual({ accessToken: 'service-access', refreshToken: 'service-refresh', expiresAt: 1 });
    expect(await account.isLinked()).toBe(true);

    const events = received.map((r) => JSON.parse(r.body) as { request: { type: string; body: Record<string, unknown> }; context: { System: { user: { userId: string }; application: { applicationId: string } } } });
    expect(events.map((e) => e.request.type)).toEqual(['AlexaSkillEvent.SkillEnabled', 'AlexaSkillEvent.SkillAccountLinked']);
    expect(events[1]!.request.body).toEqual({ accessToken: 'service-access' });
    expect(events[1]!.context.System.user.userId).toBe(account.userId);
    expect(events[1]!.context.System.application.applicationId).toBe(SKILL_ID);
    const leaf = new X509Certificate(ca.chainPem.split(/(?<=-----END CERTIFICATE-----)/)[0]!.trim());
    for (const event of received) {
      expect(event.headers.signaturecertchainurl).toBe(CERT_URL);
      expect(verify('sha256', Buffer.from(event.body), leaf.publicKey, Buffer.from(String(event.headers['signature-256']), 'base64'))).toBe(true);
    }

    await account.disabled();
    expect((await loadState(stateFile)).tokens).toBeUndefined();
    expect(JSON.parse(received.at(-1)!.body)).toMatchObject({ request: { type: 'AlexaSkillEvent.SkillDisabled' } });
  });
});
