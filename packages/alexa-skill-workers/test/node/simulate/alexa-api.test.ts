import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONVERSATION_FORMAT } from '../../../src/testing/conversation/format.ts';
import { serve } from '../oauth/support.ts';
import { cliDone, makeProject } from './support.ts';

/**
 * `simulate`'s local Alexa API (issue #22) against a stub skill over HTTP that calls it the way a
 * skill does: a progressive response sent alongside its answer and finished only after the answer
 * is out, and the rider's given name read before it answers. Permissions and profile values come
 * from the state folder (`grant`, `deny`, `profile`), per account and per `--person`.
 */
const GIVEN_NAME = 'alexa::profile:given_name:read';
const lines = (text: string) => text.trimEnd().split('\n');

type System = { apiEndpoint?: string; apiAccessToken?: string; person?: { personId: string } };

interface StubSkill {
  readonly url: string;
  /** Each request's `context.System`, as received. */
  readonly systems: System[];
  close(): Promise<void>;
}

/**
 * A skill that, for an IntentRequest with an `apiAccessToken`: opens `POST /v1/directives` and sends
 * half its body, reads the given name (the person's when Alexa recognized one), answers, and only
 * then sends the rest of the directive. Its speech says the name, or "no name (<status>)".
 */
async function stubSkill(): Promise<StubSkill> {
  const systems: System[] = [];
  const server = await serve(async (_req, raw, res) => {
    const envelope = JSON.parse(raw) as { request: { type: string; requestId: string }; context: { System: System } };
    const system = envelope.context.System;
    systems.push(system);
    const answer = (speech: string) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ version: '1.0', response: { outputSpeech: { type: 'PlainText', text: speech }, shouldEndSession: true } }));
    if (envelope.request.type !== 'IntentRequest' || !system.apiEndpoint || !system.apiAccessToken) return answer('No API.');
    const endpoint = new URL(system.apiEndpoint);
    const body = JSON.stringify({ header: { requestId: envelope.request.requestId }, directive: { type: 'VoicePlayer.Speak', speech: "<speak>One moment, I'm checking your account.</speak>" } });
    const socket = connect(Number(endpoint.port), endpoint.hostname);
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(`POST /v1/directives HTTP/1.1\r\nHost: ${endpoint.host}\r\nAuthorization: Bearer ${system.apiAccessToken}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 20)}`);
    socket.resume();
    const path = system.person ? '/v2/persons/~current/profile/givenName' : '/v2/accounts/~current/settings/Profile.givenName';
    const name = await fetch(`${system.apiEndpoint}${path}`, { headers: { authorization: `Bearer ${system.apiAccessToken}` } });
    const said = name.status === 200 ? `Done, ${String(await name.json())}.` : `Done, no name (${name.status}).`;
    res.once('finish', () => setImmediate(() => socket.end(body.slice(20))));
    answer(said);
  });
  return { url: `${server.url}/`, systems, close: () => server.close() };
}

describe('simulate with its local Alexa API', () => {
  let skill: StubSkill;
  let dir: string;
  let base: string[];
  beforeAll(async () => {
    dir = (await makeProject({})).dir;
    skill = await stubSkill();
    base = ['simulate', '--url', skill.url];
  });
  afterAll(async () => {
    await skill.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => skill.systems.splice(0));
  const run = (...args: string[]) => cliDone([...base, ...args], dir);

  it('sends every request an apiEndpoint on 127.0.0.1 and a token of its own, never printed', async () => {
    const first = await run('--json', 'OrderCar');
    const second = await run('launch');
    expect(first.code, first.err).toBe(0);
    expect(second.code, second.err).toBe(0);
    const [a, b] = skill.systems;
    expect(a!.apiEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(a!.apiAccessToken).toMatch(/\S{20,}/);
    expect(b!.apiAccessToken).not.toBe(a!.apiAccessToken);
    for (const printedText of [first.out, first.err, second.out, second.err]) expect(printedText).not.toContain(a!.apiAccessToken);
    expect(readFileSync(join(dir, '.state', 'simulator.json'), 'utf8')).not.toContain(a!.apiAccessToken);
  });

  it('waits for the progressive response the skill finished after its answer, and records it with the 403 of a permission not granted', async () => {
    const { code, out, err } = await run('--json', 'OrderCar');
    expect(code, err).toBe(0);
    const json = JSON.parse(out) as { response: { response: { outputSpeech: { text: string } } }; alexaApi: unknown };
    expect(json.response.response.outputSpeech.text).toBe('Done, no name (403).');
    expect(json.alexaApi).toEqual([
      { method: 'GET', path: '/v2/accounts/~current/settings/Profile.givenName', status: 403 },
      { method: 'POST', path: '/v1/directives', status: 204, speech: "One moment, I'm checking your account." },
    ]);
    expect(json).not.toHaveProperty('alexaApiUnsettled');
  });

  it('prints one line per call before the answer', async () => {
    const { out } = await run('OrderCar');
    expect(lines(out)).toEqual([
      'Alexa API: GET /v2/accounts/~current/settings/Profile.givenName 403',
      'Alexa API: POST /v1/directives 204 "One moment, I\'m checking your account."',
      'Alexa: Done, no name (403).',
      'Session: ended',
    ]);
  });

  it('answers the account\'s given name once granted (a default, or the one profile sets), and 403 again once denied', async () => {
    const grant = await run('grant', GIVEN_NAME);
    expect(grant.code, grant.err).toBe(0);
    expect(grant.out).toContain(`Granted ${GIVEN_NAME} for the account`);
    expect((await run('OrderCar')).out).toContain('Alexa: Done, Alex.');
    expect((await run('profile', 'givenName=Bea', 'name=Bea_Lima')).out).toContain('  name: Bea Lima');
    const named = await run('--json', 'OrderCar');
    expect((JSON.parse(named.out) as { alexaApi: unknown[] }).alexaApi).toContainEqual({ method: 'GET', path: '/v2/accounts/~current/settings/Profile.givenName', status: 200 });
    expect(named.out).toContain('Done, Bea.');
    expect((await run('deny', GIVEN_NAME)).code).toBe(0);
    expect((await run('OrderCar')).out).toContain('Alexa: Done, no name (403).');
  });

  it('keeps a recognized speaker\'s consent apart from the account\'s, their name from --person by default', async () => {
    await run('grant', GIVEN_NAME);
    expect((await run('--person', 'ana', 'OrderCar')).out).toContain('Alexa API: GET /v2/persons/~current/profile/givenName 403');
    expect((await run('--person', 'ana', 'grant', GIVEN_NAME)).out).toContain(`Granted ${GIVEN_NAME} for ana`);
    expect((await run('--person', 'ana', 'OrderCar')).out).toContain('Alexa: Done, Ana.');
    expect((await run('--person', 'ben', 'OrderCar')).out).toContain('Alexa: Done, no name (403).');
    expect((await run('OrderCar')).out).toContain('Alexa: Done, Bea.');
    const state = JSON.parse(readFileSync(join(dir, '.state', 'simulator.json'), 'utf8')) as { alexaApi: unknown };
    expect(state.alexaApi).toEqual({ account: { permissions: [GIVEN_NAME], profile: { givenName: 'Bea', name: 'Bea Lima' } }, persons: { ana: { permissions: [GIVEN_NAME] } } });
  });

  it('says in status what is granted, or that the API is off', async () => {
    expect((await run('--person', 'ana', 'status')).out).toContain(`Alexa API: local, granted ${GIVEN_NAME} (ana: ${GIVEN_NAME})`);
    expect((await run('--person', 'ben', 'status')).out).toContain(`Alexa API: local, granted ${GIVEN_NAME} (ben: nothing)`);
    expect((await run('--no-alexa-api', 'status')).out).toContain('Alexa API: off (--no-alexa-api)');
    const json = JSON.parse((await run('--json', 'status')).out) as { alexaApi: unknown };
    expect(json.alexaApi).toEqual({ permissions: [GIVEN_NAME], persons: { ana: { permissions: [GIVEN_NAME] } } });
  });

  it('keeps the API up through an interactive session, each turn with its own calls', async () => {
    const { code, out } = await cliDone([...base], dir, { input: 'OrderCar\nlaunch\nOrderCar\nquit\n' });
    expect(code).toBe(0);
    expect(out.match(/Alexa API: POST \/v1\/directives 204/g)).toHaveLength(2);
    expect(skill.systems[0]!.apiEndpoint).toBe(skill.systems[2]!.apiEndpoint);
  });

  it('with --no-alexa-api sends neither apiEndpoint nor apiAccessToken, and prints no calls', async () => {
    const { code, out } = await run('--no-alexa-api', '--json', 'OrderCar');
    expect(code).toBe(0);
    expect(skill.systems[0]).not.toHaveProperty('apiEndpoint');
    expect(skill.systems[0]).not.toHaveProperty('apiAccessToken');
    const json = JSON.parse(out) as Record<string, unknown>;
    expect(json).not.toHaveProperty('alexaApi');
    expect((json.response as { response: { outputSpeech: { text: string } } }).response.outputSpeech.text).toBe('No API.');
  });

  it.each([
    [['grant'], /^Error: grant needs a permission the local Alexa API answers for the account: alexa::profile:given_name:read, /],
    [['deny', 'alexa::devices:all:address:full:read'], /^Error: deny needs a permission /],
    [['--person', 'ana', 'grant', 'alexa::profile:email:read'], /^Error: grant needs a permission the local Alexa API answers for a recognized speaker \(--person\): alexa::profile:given_name:read, alexa::profile:name:read$/],
    [['grant', GIVEN_NAME, GIVEN_NAME], /^Error: grant takes one permission/],
    [['profile', 'nickname=Al'], /^Error: profile takes key=value pairs, keys givenName, name, email, timeZone/],
    [['profile', 'givenName='], /^Error: profile takes key=value pairs/],
  ])('refuses %j with exit 2 in one line', async (args, line) => {
    const { code, err } = await run(...args);
    expect(code).toBe(2);
    expect(lines(err)).toHaveLength(1);
    expect(err.trim()).toMatch(line);
  });
});

describe('replay with a local Alexa API of its own: exactly the conversation\'s permissions, whatever simulator.json holds', () => {
  let skill: StubSkill;
  let dir: string;
  beforeAll(async () => {
    dir = (await makeProject({})).dir;
    skill = await stubSkill();
    // The simulator's own consent grants the given name and names the account Bea: replay ignores both.
    expect((await cliDone(['simulate', 'grant', GIVEN_NAME], dir)).code).toBe(0);
    expect((await cliDone(['simulate', 'profile', 'givenName=Bea'], dir)).code).toBe(0);
  });
  afterAll(async () => {
    await skill.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const replay = (head: Record<string, unknown>, hear: string) => {
    const file = join(dir, `consent-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify({ format: CONVERSATION_FORMAT, locale: 'en-US', ...head, steps: [{ intent: 'OrderCar', hear }] }));
    return cliDone(['replay', '--url', skill.url, '--json', file], dir);
  };

  it('grants nothing when the file names nothing: the profile call answers 403', async () => {
    const { code, out, err } = await replay({}, 'Done, no name (403).');
    expect(code, err + out).toBe(0);
    expect(skill.systems.at(-1)!.apiEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('grants the given name the file names, with the file\'s value', async () => {
    const { code, out, err } = await replay({ permissions: [GIVEN_NAME], profile: { givenName: 'Ana' } }, 'Done, Ana.');
    expect(code, err + out).toBe(0);
    expect(out).not.toContain(skill.systems.at(-1)!.apiAccessToken);
  });

  it('grants a recognized speaker only what the file grants them: the account\'s permission is not theirs', async () => {
    const { code, out, err } = await replay({ person: 'amzn1.ask.person.ANA', permissions: [GIVEN_NAME], profile: { givenName: 'Ana' } }, 'Done, no name (403).');
    expect(code, err + out).toBe(0);
    const granted = await replay({ person: 'amzn1.ask.person.ANA', personPermissions: [GIVEN_NAME], profile: { givenName: 'Ana' } }, 'Done, Ana.');
    expect(granted.code, granted.err + granted.out).toBe(0);
  });

  it('simulate --save records what was granted at the start, so replay grants the same and the file replays as saved', async () => {
    const file = join(dir, `saved-${Math.random().toString(36).slice(2)}.json`);
    const saved = await cliDone(['simulate', '--url', skill.url, '--save', file, 'OrderCar'], dir);
    expect(saved.code, saved.err).toBe(0);
    expect(saved.out).toContain('Alexa: Done, Bea.');
    const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(json).toMatchObject({ permissions: [GIVEN_NAME], profile: { givenName: 'Bea' }, steps: [{ intent: 'OrderCar', hear: 'Done, Bea.' }] });
    expect(json).not.toHaveProperty('personPermissions');
    const replayed = await cliDone(['replay', '--url', skill.url, file], dir);
    expect(replayed.code, replayed.out).toBe(0);
  });

  it('names the JSON path of a permission it does not know, in one line, exit 1', async () => {
    const { code, err } = await replay({ permissions: ['alexa::devices:all:address:full:read'] }, 'x');
    expect(code).toBe(1);
    expect(err.trim()).toMatch(/^Error: \S*consent-\w+\.json: permissions\[0\]: must be one of alexa::profile:given_name:read, /);
  });
});
