import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalAlexaApi, type LocalAlexaApi } from '../../../src/cli/alexa-api/server.ts';

/**
 * The local Alexa API over real HTTP on 127.0.0.1: tokens it issues per request (401 without one,
 * or with one it did not issue), consent per account and per recognized speaker (403 when not
 * granted), the record of every call (never the token), malformed bodies, and when it has settled.
 */
const GIVEN_NAME = 'alexa::profile:given_name:read';
const USER = 'amzn1.ask.account.TEST';
const ANA = 'amzn1.ask.person.ANA';
let api: LocalAlexaApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function started(): Promise<LocalAlexaApi> {
  api = await startLocalAlexaApi();
  return api;
}

const user = (permissions: string[] = [], anaPermissions: string[] = []) => ({
  userId: USER, givenName: 'Alex', permissions, persons: { [ANA]: { givenName: 'Ana', permissions: anaPermissions } },
});
const get = (local: LocalAlexaApi, path: string, token?: string) => fetch(`${local.endpoint}${path}`, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
const directive = (local: LocalAlexaApi, token: string, body: string) =>
  fetch(`${local.endpoint}/v1/directives`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
const speak = (speech: string) => JSON.stringify({ header: { requestId: 'amzn1.echo-api.request.1' }, directive: { type: 'VoicePlayer.Speak', speech } });

describe('startLocalAlexaApi', () => {
  it('listens on 127.0.0.1 on an ephemeral port, and frees it when closed (twice is fine)', async () => {
    const local = await started();
    expect(local.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await local.close();
    await local.close();
    await expect(fetch(`${local.endpoint}/v1/directives`)).rejects.toThrow();
  });

  it('issues a different token per request, each answering for its own account and speaker', async () => {
    const local = await started();
    const account = local.issue(user([GIVEN_NAME], [GIVEN_NAME]), { userId: USER });
    const ana = local.issue(user([GIVEN_NAME], [GIVEN_NAME]), { userId: USER, personId: ANA });
    expect(account).not.toBe(ana);
    expect(await (await get(local, '/v2/accounts/~current/settings/Profile.givenName', account)).json()).toBe('Alex');
    expect(await (await get(local, '/v2/persons/~current/profile/givenName', ana)).json()).toBe('Ana');
    // The account's token speaks for no recognized speaker.
    expect((await get(local, '/v2/persons/~current/profile/givenName', account)).status).toBe(403);
  });

  it.each([
    ['no Authorization header', undefined],
    ['a token it did not issue', 'fake-alexa-api.00000000-0000-4000-8000-000000000000'],
    ['an empty bearer', ''],
  ])('answers 401, as Amazon would, for %s', async (_, token) => {
    const local = await started();
    local.issue(user([GIVEN_NAME]), { userId: USER });
    const response = await get(local, '/v2/accounts/~current/settings/Profile.givenName', token);
    expect(response.status).toBe(401);
    expect(local.calls).toEqual([{ method: 'GET', path: '/v2/accounts/~current/settings/Profile.givenName', status: 401 }]);
  });

  it.each([
    ['the account has not granted it', [], [GIVEN_NAME], undefined, '/v2/accounts/~current/settings/Profile.givenName'],
    ['the recognized speaker has not granted it (the account did)', [GIVEN_NAME], [], ANA, '/v2/persons/~current/profile/givenName'],
  ])('answers 403 when %s, and 200 once granted', async (_, accountGrants, anaGrants, personId, path) => {
    const local = await started();
    const denied = local.issue(user(accountGrants, anaGrants), { userId: USER, ...(personId && { personId }) });
    const response = await get(local, path, denied);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ code: 'ACCESS_DENIED', message: 'The authentication token does not have access to resource.' });
    const granted = local.issue(user([GIVEN_NAME], [GIVEN_NAME]), { userId: USER, ...(personId && { personId }) });
    expect((await get(local, path, granted)).status).toBe(200);
  });

  it('records every call with its method, path and status, and the progressive response\'s speech; never the token', async () => {
    const local = await started();
    const token = local.issue(user(), { userId: USER });
    expect((await directive(local, token, speak("<speak>One moment, I'm checking your account.</speak>"))).status).toBe(204);
    expect((await get(local, '/v2/accounts/~current/settings/Profile.givenName?x=1', token)).status).toBe(403);
    expect((await get(local, '/v9/nothing', token)).status).toBe(404);
    expect(local.calls).toEqual([
      { method: 'POST', path: '/v1/directives', status: 204, speech: "One moment, I'm checking your account." },
      { method: 'GET', path: '/v2/accounts/~current/settings/Profile.givenName', status: 403 },
      { method: 'GET', path: '/v9/nothing', status: 404 },
    ]);
    expect(JSON.stringify(local.calls)).not.toContain(token);
  });

  it.each([
    ['not JSON', '{"header":', undefined],
    ['a directive without <speak>', speak('One moment.'), 'One moment.'],
    ['no requestId', JSON.stringify({ directive: { type: 'VoicePlayer.Speak', speech: '<speak>Hi</speak>' } }), 'Hi'],
  ])('answers 400 for a directive body that is %s', async (_, body, speech) => {
    const local = await started();
    const response = await directive(local, local.issue(user(), { userId: USER }), body);
    expect(response.status).toBe(400);
    expect(local.calls).toEqual([{ method: 'POST', path: '/v1/directives', status: 400, ...(speech !== undefined && { speech }) }]);
  });

  it('answers 413 for a body over 64 KiB, without reading it all', async () => {
    const local = await started();
    const response = await directive(local, local.issue(user(), { userId: USER }), speak(`<speak>${'a'.repeat(70_000)}</speak>`));
    expect(response.status).toBe(413);
    expect(local.calls).toEqual([{ method: 'POST', path: '/v1/directives', status: 413 }]);
  });

  it('answers every token of an account per the account\'s latest consent: a grant applies at once', async () => {
    const local = await started();
    const before = local.issue(user(), { userId: USER });
    const after = local.issue(user([GIVEN_NAME]), { userId: USER });
    expect((await get(local, '/v2/accounts/~current/settings/Profile.givenName', after)).status).toBe(200);
    expect((await get(local, '/v2/accounts/~current/settings/Profile.givenName', before)).status).toBe(200);
  });
});

describe('settled', () => {
  it('is true at once when no call is in flight', async () => {
    const local = await started();
    await expect(local.settled(60_000)).resolves.toBe(true);
  });

  it('waits for a call in flight, resolving true when it ends, with its record in', async () => {
    const local = await started();
    const token = local.issue(user(), { userId: USER });
    const body = speak('<speak>One moment.</speak>');
    const socket = connect(Number(new URL(local.endpoint).port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    // Headers and half the body: the call is in flight until the rest comes.
    socket.write(`POST /v1/directives HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`);
    const settled = local.settled(60_000);
    let done = false;
    void settled.then(() => (done = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    expect(local.calls).toEqual([]);
    socket.end(body.slice(10));
    socket.resume();
    await expect(settled).resolves.toBe(true);
    expect(local.calls).toEqual([{ method: 'POST', path: '/v1/directives', status: 204, speech: 'One moment.' }]);
  });

  it('is false when the limit passes with a call still in flight', async () => {
    const local = await started();
    const socket = connect(Number(new URL(local.endpoint).port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('POST /v1/directives HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{');
    try {
      await expect(local.settled(20)).resolves.toBe(false);
    } finally {
      socket.destroy();
    }
  });
});
