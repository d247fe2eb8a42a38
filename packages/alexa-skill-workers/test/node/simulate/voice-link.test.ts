import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestPki } from '../../../src/testing/pki.ts';
import type { SigningCa } from '../../../src/cli/ca.ts';
import { send, type Device } from '../../../src/cli/simulate/device.ts';
import { completeVoiceLink, noteVoiceLink, resumedRequestFor } from '../../../src/cli/simulate/voice-link.ts';

/**
 * The simulator's side of voice-forward linking (src/cli/simulate/voice-link.ts) against a stand-in
 * skill: the StartConnection answer suspends the session, and each choice resumes it with
 * the SessionResumedRequest Amazon's page describes.
 */
const SKILL_ID = 'amzn1.ask.skill.00000000-0000-4000-8000-000000000000';
const START = {
  type: 'Connections.StartConnection',
  uri: 'connection://AMAZON.AskForAccountLinking/1',
  input: { '@version': '1', '@type': 'AskForAccountLinking' },
  onCompletion: 'RESUME_SESSION',
  token: 'ask-for-account-linking:{"i":"OrderCar","s":{"destination":"work"},"r":{}}',
};
type Envelope = { request: Record<string, unknown> & { type: string }; session?: { sessionId: string; attributes: Record<string, unknown> }; context: { System: { user: { accessToken?: string } } } };

let ca: SigningCa;
let skill: Server;
let received: Envelope[] = [];

beforeAll(async () => {
  ca = { signingKey: (await createTestPki({ label: 'Voice link test' })).leaf.privateKey, certUrl: 'https://s3.amazonaws.com/echo.api/echo-api-cert-local-dev.pem' };
  skill = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const envelope = JSON.parse(body) as Envelope;
      received.push(envelope);
      const response =
        envelope.request.type === 'IntentRequest'
          ? { outputSpeech: { type: 'PlainText', text: 'Ride Hailer needs to know who you are.' }, directives: [START] }
          : { outputSpeech: { type: 'PlainText', text: `resumed ${JSON.stringify(envelope.request.cause ?? null)}` }, shouldEndSession: true };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ version: '1.0', sessionAttributes: { kept: 1 }, response }));
    });
  });
  await new Promise<void>((resolve) => skill.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise((resolve) => skill.close(resolve));
});
beforeEach(() => {
  received = [];
});

function device(): Device {
  return {
    skillUrl: `http://127.0.0.1:${(skill.address() as AddressInfo).port}/`,
    skillId: SKILL_ID,
    locale: 'en-US',
    kind: 'speaker',
    hint: 'start it',
    now: () => new Date(),
    ca,
    state: { userId: 'amzn1.ask.account.VOICE', deviceId: 'amzn1.ask.device.VOICE', session: undefined, tokens: undefined },
  };
}

async function startLinking(d: Device): Promise<string> {
  const intent = { name: 'OrderCar', confirmationStatus: 'NONE', slots: {} };
  const answer = await send(d, { type: 'IntentRequest', dialogState: 'COMPLETED', intent });
  expect(noteVoiceLink(d, answer)).toBe(true);
  expect(d.state.session).toBeDefined();
  return d.state.session!.id;
}

describe('voice-forward linking in the simulator', () => {
  it('accept: links, sends SkillAccountLinked, then resumes the same session with LINKED and the new token', async () => {
    const d = device();
    const sessionId = await startLinking(d);
    const tokens = { accessToken: 'new-access', refreshToken: 'new-refresh', expiresAt: Date.now() + 3_600_000 };
    await completeVoiceLink(d, 'accept', { linkAccount: () => Promise.resolve(tokens) });
    const [, linked, resumed] = received;
    expect(linked!.request.type).toBe('AlexaSkillEvent.SkillAccountLinked');
    expect(resumed!.request).toMatchObject({
      type: 'SessionResumedRequest',
      cause: { type: 'ConnectionCompleted', token: START.token, status: { code: '200' }, result: { status: 'LINKED' } },
    });
    expect(resumed!.session).toMatchObject({ sessionId, attributes: { kept: 1 } });
    expect(resumed!.context.System.user.accessToken).toBe('new-access');
    expect(d.state.pendingConnection).toBeUndefined();
  });

  it.each([
    ['decline', { code: '200' }, { status: 'DENIED' }],
    ['unmet', { code: '200' }, { status: 'USER_REQUIREMENTS_NOT_MET' }],
    ['fail', { code: '500' }, undefined],
  ] as const)('%s: resumes with Amazon\'s status, links nothing', async (choice, status, result) => {
    const d = device();
    await startLinking(d);
    await completeVoiceLink(d, choice, { linkAccount: () => Promise.reject(new Error('must not link')) });
    expect(received.map((e) => e.request.type)).toEqual(['IntentRequest', 'SessionResumedRequest']);
    const cause = received[1]!.request.cause as Record<string, unknown>;
    expect(cause.status).toMatchObject(status);
    expect(cause.result).toEqual(result);
    expect(received[1]!.context.System.user.accessToken).toBeUndefined();
    expect(d.state.tokens).toBeUndefined();
  });

  it('refuses to complete a connection nobody started', async () => {
    await expect(completeVoiceLink(device(), 'decline', { linkAccount: () => Promise.reject(new Error('no')) })).rejects.toThrow(/no voice-linking connection/);
    expect(received).toEqual([]);
  });

  it('builds the request as the workerd tests and the kit expect it', () => {
    expect(resumedRequestFor('t', 'accept')).toEqual({
      type: 'SessionResumedRequest',
      cause: { type: 'ConnectionCompleted', token: 't', status: { code: '200', message: 'OK' }, result: { status: 'LINKED' } },
    });
  });
});
