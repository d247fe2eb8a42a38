import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../../src/cli/command.ts';
import { ConsoleApi } from '../../../src/cli/console/api.ts';
import { serveConsole } from '../../../src/cli/console/server.ts';
import { openSession } from '../../../src/cli/simulate/open.ts';
import { serve } from '../oauth/support.ts';
import { makeProject } from '../simulate/support.ts';

/**
 * The console's turns against the local Alexa API (issue #22): a stub skill that, for an
 * IntentRequest, sends a progressive response and reads the given name (the speaker's when Alexa
 * recognized one) before it answers; the console shows the calls, and its grant and deny change
 * what the skill is answered, in the state `simulate grant|deny` keeps.
 */
const GIVEN_NAME = 'alexa::profile:given_name:read';
const PERSON_ID = 'alexa::person_id:read';

type System = { apiEndpoint?: string; apiAccessToken?: string; person?: { personId: string } };
type Json = Record<string, unknown>;

interface StubSkill {
  readonly url: string;
  readonly systems: System[];
  close(): Promise<void>;
}

/** A skill that says "Done, <name>." or "Done, no name (<status>)." after calling the Alexa API; "No API." without an apiAccessToken. */
async function stubSkill(): Promise<StubSkill> {
  const systems: System[] = [];
  const server = await serve(async (_req, raw, res) => {
    const envelope = JSON.parse(raw) as { request: { type: string; requestId: string }; context: { System: System } };
    const system = envelope.context.System;
    systems.push(system);
    const answer = (speech: string) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ version: '1.0', response: { outputSpeech: { type: 'PlainText', text: speech }, shouldEndSession: true } }));
    if (envelope.request.type !== 'IntentRequest' || !system.apiEndpoint || !system.apiAccessToken) return answer('No API.');
    const authorization = `Bearer ${system.apiAccessToken}`;
    await fetch(`${system.apiEndpoint}/v1/directives`, {
      method: 'POST', headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ header: { requestId: envelope.request.requestId }, directive: { type: 'VoicePlayer.Speak', speech: '<speak>One moment.</speak>' } }),
    });
    const path = system.person ? '/v2/persons/~current/profile/givenName' : '/v2/accounts/~current/settings/Profile.givenName';
    const name = await fetch(`${system.apiEndpoint}${path}`, { headers: { authorization } });
    answer(name.status === 200 ? `Done, ${String(await name.json())}.` : `Done, no name (${name.status}).`);
  });
  return { url: `${server.url}/`, systems, close: () => server.close() };
}

interface Reply {
  readonly error?: string;
  readonly sent: { context: { System: System } };
  readonly answer?: { status: number; body: { response: { outputSpeech: { text: string } } } };
  readonly alexaApi?: { calls: { method: string; path: string; status: number; speech?: string }[]; settled: boolean };
  readonly permissions?: string[];
}

describe('the console with the local Alexa API', () => {
  const stops: (() => Promise<void> | void)[] = [];
  let dir: string;
  let skill: StubSkill;
  let consoleUrl: string;
  beforeAll(async () => {
    dir = (await makeProject({})).dir;
    writeFileSync(join(dir, 'skill-package', 'skill.json'), JSON.stringify({ manifest: { permissions: [{ name: PERSON_ID }, { name: GIVEN_NAME }] } }));
    skill = await stubSkill();
    stops.push(() => skill.close());
    const ctx: CommandContext = { cwd: dir, json: false, debug: false, out: () => undefined, err: () => undefined, onStop: (stop) => void stops.push(stop) };
    let tick = 0;
    const api = new ConsoleApi(await openSession(ctx, { url: skill.url }), { clock: () => (tick += 25) });
    const running = await serveConsole(api, 0);
    stops.push(() => running.close());
    consoleUrl = running.url;
  });
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => skill.systems.splice(0));

  const post = async (path: string, body: Json, settings: Json = {}): Promise<{ status: number; body: Reply }> => {
    const response = await fetch(new URL(path, consoleUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ settings: { locale: 'en-US', ...settings }, ...body }) });
    const text = await response.text();
    for (const system of skill.systems) if (system.apiAccessToken) expect(text).not.toContain(system.apiAccessToken);
    return { status: response.status, body: JSON.parse(text) as Reply };
  };
  const say = async (text: string, settings: Json = {}) => (await post('/api/say', { text }, settings)).body;
  const info = async (person = '') => (await (await fetch(new URL(`/api/info?person=${person}`, consoleUrl))).json()) as Json;
  const stored = () => (JSON.parse(readFileSync(join(dir, '.state', 'simulator.json'), 'utf8')) as { alexaApi?: unknown }).alexaApi;

  it('shows the calls the skill made for a turn, with the progressive response\'s speech and the 403 of a permission not granted', async () => {
    const turn = await say('ask plan my trip i want to visit paris');
    expect(turn.answer!.body.response.outputSpeech.text).toBe('Done, no name (403).');
    expect(turn.alexaApi).toEqual({
      calls: [
        { method: 'POST', path: '/v1/directives', status: 204, speech: 'One moment.' },
        { method: 'GET', path: '/v2/accounts/~current/settings/Profile.givenName', status: 403 },
      ],
      settled: true,
    });
    expect(skill.systems[0]!.apiAccessToken).toMatch(/\S{20,}/);
    expect(JSON.stringify(turn.sent)).not.toContain(skill.systems[0]!.apiAccessToken);
  });

  it('lists the permissions skill.json declares; granting one for the account answers the call, kept where simulate keeps it', async () => {
    const listed = await info();
    expect(listed).toMatchObject({ permissions: [PERSON_ID, GIVEN_NAME], alexaApi: { permissions: [] } });
    expect(listed.answered).toMatchObject({ account: expect.arrayContaining([GIVEN_NAME]) as unknown, speaker: expect.arrayContaining([GIVEN_NAME]) as unknown });
    expect((listed.answered as { account: string[] }).account).not.toContain(PERSON_ID);
    const granted = await post('/api/permission', { permission: GIVEN_NAME, grant: true });
    expect(granted).toMatchObject({ status: 200, body: { permission: GIVEN_NAME, granted: true, permissions: [GIVEN_NAME] } });
    expect(await info()).toMatchObject({ alexaApi: { permissions: [GIVEN_NAME] } });
    expect(stored()).toEqual({ account: { permissions: [GIVEN_NAME] } });
    const turn = await say('ask plan my trip i want to visit paris');
    expect(turn.answer!.body.response.outputSpeech.text).toBe('Done, Alex.');
    expect(turn.alexaApi!.calls[1]).toEqual({ method: 'GET', path: '/v2/accounts/~current/settings/Profile.givenName', status: 200 });
    await post('/api/permission', { permission: GIVEN_NAME, grant: false });
    await info();
    expect(stored()).toEqual({ account: { permissions: [] } });
    expect((await say('ask plan my trip i want to visit paris')).answer!.body.response.outputSpeech.text).toBe('Done, no name (403).');
  });

  it("grants for the recognized speaker apart from the account, answering the speaker's own name", async () => {
    await post('/api/permission', { permission: GIVEN_NAME, grant: true });
    expect((await say('ask plan my trip i want to visit paris', { person: 'ana' })).answer!.body.response.outputSpeech.text).toBe('Done, no name (403).');
    const granted = await post('/api/permission', { permission: GIVEN_NAME, grant: true, speaker: true }, { person: 'ana' });
    expect(granted.body).toMatchObject({ person: 'ana', granted: true, permissions: [GIVEN_NAME] });
    expect(await info('ana')).toMatchObject({ person: 'ana', alexaApi: { persons: { ana: { permissions: [GIVEN_NAME] } } } });
    const turn = await say('ask plan my trip i want to visit paris', { person: 'ana' });
    expect(turn.answer!.body.response.outputSpeech.text).toBe('Done, Ana.');
    expect(turn.alexaApi!.calls[1]).toEqual({ method: 'GET', path: '/v2/persons/~current/profile/givenName', status: 200 });
    await post('/api/permission', { permission: GIVEN_NAME, grant: false, speaker: true }, { person: 'ana' });
    await post('/api/permission', { permission: GIVEN_NAME, grant: false });
  });

  it.each([
    [{ permission: PERSON_ID, grant: true }, {}, /grant needs a permission the local Alexa API answers for the account: .*given_name/],
    [{ permission: GIVEN_NAME }, {}, /grant must be true/],
    [{ grant: true }, {}, /permission must name one/],
    [{ permission: GIVEN_NAME, grant: true, speaker: true }, {}, /name the recognized speaker first/],
  ])('refuses %j with the one line naming what to fix', async (body, settings, error) => {
    const answer = await post('/api/permission', body, settings);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(error);
  });

  it('resends an edited request with a token freshly issued by the local Alexa API, and shows its calls', async () => {
    const turn = await say('ask plan my trip i want to visit paris');
    expect(turn.sent.context.System.apiAccessToken).toMatch(/^\(token, \d+ characters\)$/);
    const resent = (await post('/api/resend', { envelope: turn.sent })).body;
    const [first, second] = skill.systems;
    expect(second!.apiAccessToken).toMatch(/\S{20,}/);
    expect(second!.apiAccessToken).not.toBe(first!.apiAccessToken);
    expect(second!.apiEndpoint).toBe(first!.apiEndpoint);
    expect(resent.answer!.body.response.outputSpeech.text).toBe('Done, no name (403).');
    expect(resent.alexaApi!.calls.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual(['POST /v1/directives 204', 'GET /v2/accounts/~current/settings/Profile.givenName 403']);
  });

  it('sends a token the page typed in as typed: the local Alexa API answers it 401', async () => {
    const turn = await say('ask plan my trip i want to visit paris');
    const envelope = { ...turn.sent, context: { System: { ...turn.sent.context.System, apiAccessToken: 'made-up' } } };
    const resent = (await post('/api/resend', { envelope })).body;
    expect(skill.systems[1]!.apiAccessToken).toBe('made-up');
    expect(resent.alexaApi!.calls.map((c) => c.status)).toEqual([401, 401]);
  });
});
