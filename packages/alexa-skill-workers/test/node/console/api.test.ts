import { spawn } from 'node:child_process';
import { copyFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../../src/cli/command.ts';
import { ConsoleApi } from '../../../src/cli/console/api.ts';
import { serveConsole, type RunningConsole } from '../../../src/cli/console/server.ts';
import { openSession } from '../../../src/cli/simulate/open.ts';
import { closedPort, serve, type Running } from '../oauth/support.ts';
import { cli, cliDone, emptyFolder, makeProject, SKILL_ID, standInSkill, type StandInSkill } from '../simulate/support.ts';

/**
 * The console's API over HTTP, as the page calls it: a project with the plan-my-trip model, a
 * stand-in skill that checks every signature, a provider the test signs in to (playing the
 * browser), and the console on an ephemeral port of 127.0.0.1.
 */
const folders: string[] = [];
const stops: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
  folders.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

const RUN_CLI = join(import.meta.dirname, '..', 'simulate', 'run-cli.ts');
const TOKEN = 'at-console-7f3a9c1d2e';
/** A provider that signs the user in at once: /authorize sends the browser back with a code, bound to the PKCE challenge. */
async function instantProvider(): Promise<Running> {
  const challenges = new Map<string, string>();
  return serve(async (req, body, res) => {
    const url = new URL(req.url ?? '/', 'http://p');
    if (url.pathname === '/dev/client') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"clientId":"alexa","clientSecret":"s3cret"}');
    if (url.pathname === '/authorize') {
      challenges.set('the-code', url.searchParams.get('code_challenge') ?? '');
      const back = new URL(url.searchParams.get('redirect_uri')!);
      back.search = new URLSearchParams({ code: 'the-code', state: url.searchParams.get('state')! }).toString();
      return res.writeHead(302, { location: back.href }).end();
    }
    if (url.pathname === '/token') {
      const form = new URLSearchParams(body);
      const digest = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(form.get('code_verifier') ?? ''))).toString('base64url');
      if (challenges.get(form.get('code') ?? '') !== digest) return res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_grant"}');
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: TOKEN, refresh_token: 'rt', token_type: 'Bearer', expires_in: 3600 }));
    }
    return res.writeHead(404).end();
  });
}

async function startConsole(dir: string, flags: Record<string, string>): Promise<RunningConsole> {
  const ctx: CommandContext = { cwd: dir, json: false, debug: false, out: () => undefined, err: () => undefined, onStop: (stop) => void stops.push(stop) };
  let tick = 0;
  const api = new ConsoleApi(await openSession(ctx, flags), { clock: () => (tick += 25) });
  const running = await serveConsole(api, 0);
  stops.push(() => running.close());
  return running;
}

type Json = Record<string, unknown>;
/** An envelope as the page sees it. */
interface Sent {
  readonly request: Json & { type: string };
  readonly context: { System: { user: { accessToken?: string } } };
}
/** What the API answers, the fields these tests read. */
interface Reply {
  readonly error?: string;
  readonly trace: { match: unknown; slots: unknown[] };
  readonly request: unknown;
  readonly sent: Sent;
  readonly signature: string;
  readonly answer?: { status: number; body: { response: { outputSpeech: { text: string } } }; json: boolean };
  readonly closest: unknown[];
  readonly ms: number;
  readonly budgetMs: number;
  readonly loginUrl?: string;
  readonly voiceLink?: boolean;
  readonly event?: unknown;
  readonly kept: { linked: unknown };
}

describe('the console against a skill and a provider', () => {
  let skill: StandInSkill;
  let dir: string;
  let consoleUrl: string;
  let received: StandInSkill['received'];
  const post = async (path: string, body: Json, settings: Json = {}): Promise<{ status: number; body: Reply }> => {
    const response = await fetch(new URL(path, consoleUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ settings: { locale: 'en-US', ...settings }, ...body }) });
    const text = await response.text();
    expect(text).not.toContain(TOKEN);
    return { status: response.status, body: JSON.parse(text) as Reply };
  };
  const say = async (text: string, settings: Json = {}) => (await post('/api/say', { text }, settings)).body;

  beforeAll(async () => {
    const project = await makeProject({});
    dir = project.dir;
    folders.push(dir);
    const models = join(dir, 'skill-package', 'interactionModels', 'custom');
    copyFileSync(join(models, 'en-US.json'), join(models, 'en-GB.json'));
    skill = await standInSkill(project.publicKey);
    stops.push(() => skill.close());
    received = skill.received;
    const provider = await instantProvider();
    stops.push(() => provider.close());
    const redirectUri = `http://localhost:${await closedPort()}/callback`;
    consoleUrl = (await startConsole(dir, { url: skill.url, 'provider-url': provider.url, 'redirect-uri': redirectUri })).url;
  });

  it('serves one self-contained page on 127.0.0.1: its script and CSS inline, nothing from elsewhere', async () => {
    expect(consoleUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const response = await fetch(consoleUrl);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'sha256-[^']+'; style-src 'sha256-[^']+'; connect-src 'self';/);
    const page = await response.text();
    expect(page).toContain('<script type="module">(function consoleApp()');
    expect(page).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
  });

  it('lists the locales the skill package has, the invocation name and the samples to click', async () => {
    const info = (await (await fetch(new URL('/api/info?locale=en-GB', consoleUrl))).json()) as Json;
    expect(info.locales).toEqual(['en-US', 'en-GB']);
    expect(info.locale).toBe('en-GB');
    expect(info.invocationName).toBe('plan my trip');
    expect(info.samples).toContainEqual({ intent: 'PlanMyTripIntent', text: 'i want to visit {toCity}' });
    expect(info.kept).toMatchObject({ session: null, linked: null });
  });

  it('resolves typed words, signs the request, and shows the trace, the request and the LinkAccount card', async () => {
    const turn = await say('ask plan my trip i want to visit paris');
    expect(turn.trace.match).toMatchObject({ intent: 'PlanMyTripIntent', sample: 'i want to visit {toCity}', source: 'model' });
    expect(turn.trace.slots[0]).toMatchObject({ name: 'toCity', spoken: 'paris', value: 'paris' });
    expect(turn.request).toMatchObject({ type: 'IntentRequest', intent: { name: 'PlanMyTripIntent' } });
    expect(turn.sent.request).toEqual(received.at(-1)!.request);
    expect(turn.signature).toBe('signed by the local CA');
    expect(turn.answer!.status).toBe(200);
    expect(turn.answer!.body.response).toMatchObject({ card: { type: 'LinkAccount' }, outputSpeech: { text: 'Please link.' } });
    expect(turn.ms).toBe(25);
    expect(turn.budgetMs).toBe(8000);
  });

  it('sends the locale and the device the page chose', async () => {
    await say('open plan my trip', { locale: 'en-GB', device: 'screen' });
    const sent = received.at(-1)!;
    expect(sent.request).toMatchObject({ type: 'LaunchRequest', locale: 'en-GB' });
    expect(Object.keys(sent.context.System.device.supportedInterfaces)).toContain('Alexa.Presentation.APL');
  });

  it('says which samples are closest when nothing matches and the model has no fallback', async () => {
    await post('/api/session', { action: 'new' });
    const turn = await say('ask plan my trip to sing a song about the sea');
    expect(turn.error).toMatch(/^no intent of "plan my trip" \(en-US\) matches/);
    expect(turn.closest.length).toBeGreaterThan(0);
    expect(turn.answer).toBeUndefined();
  });

  it.each([
    ['unsigned', 400],
    ['forged', 400],
  ])('sends a request %s when the tamper switch says so, and shows the skill refusing it', async (tamper, status) => {
    const before = received.length;
    const turn = await say('open plan my trip', { tamper });
    expect(turn.answer).toEqual({ status, body: 'bad signature', json: false });
    expect(received.length).toBe(before);
  });

  it('dates a stale request five minutes back, signed', async () => {
    await say('open plan my trip', { tamper: 'stale' });
    const age = Date.now() - Date.parse(String(received.at(-1)!.request.timestamp));
    expect(age).toBeGreaterThanOrEqual(5 * 60_000);
  });

  it('links an account with the OAuth client (PKCE), sends SkillAccountLinked, and never shows the token', async () => {
    const started = await post('/api/link', {});
    const loginUrl = started.body.loginUrl!;
    expect(new URL(loginUrl).searchParams.get('code_challenge_method')).toBe('S256');
    // The browser: to the provider, and back to the loopback redirect URI.
    const back = await fetch(loginUrl);
    expect(await back.text()).toContain('Linked');
    // The page may ask after the linking has ended: the outcome waits for it. The linking goes on
    // after the redirect (the code exchange, SkillAccountLinked, the state saved): the poll waits
    // for its end (up to the project's expect.poll timeout, vitest.projects.ts).
    await expect.poll(async () => ((await (await fetch(new URL('/api/info', consoleUrl))).json()) as { linking: boolean }).linking).toBe(false);
    const result = (await (await fetch(new URL('/api/link/result', consoleUrl))).json()) as Json;
    expect(result).toMatchObject({ done: true, linked: true, grant: 'code', event: { status: 200 } });
    expect(received.at(-1)!.request.type).toBe('AlexaSkillEvent.SkillAccountLinked');

    const turn = await say('ask plan my trip i want to visit rome');
    expect(received.at(-1)!.context.System.user.accessToken).toBe(TOKEN);
    expect(turn.sent.context.System.user.accessToken).toBe(`(token, ${TOKEN.length} characters)`);
    expect(turn.answer!.body.response.outputSpeech.text).toBe('Linked: PlanMyTripIntent.');
  });

  it('shares the device with simulate: the link made in the page is simulate\'s, and simulate\'s unlink is the page\'s', async () => {
    const status = await cliDone(['simulate', '--url', skill.url, 'status'], dir);
    expect(status.out).toMatch(/^Linked: {2}yes \(code grant\)/m);
    const unlinked = await cliDone(['simulate', '--url', skill.url, 'unlink'], dir);
    expect(unlinked.code).toBe(0);
    expect(((await (await fetch(new URL('/api/info', consoleUrl))).json()) as Reply).kept.linked).toBeNull();
    // Linked again, for the tests below.
    await fetch((await post('/api/link', {})).body.loginUrl!);
    expect(((await (await fetch(new URL('/api/link/result', consoleUrl))).json()) as Json).linked).toBe(true);
  });

  it('resends an edited request signed, with the token the page never saw put back', async () => {
    const turn = await say('ask plan my trip i want to visit oslo');
    const envelope: Sent = { ...turn.sent, request: { ...turn.sent.request, intent: { name: 'AMAZON.HelpIntent', confirmationStatus: 'NONE' } } };
    const resent = (await post('/api/resend', { envelope })).body;
    expect(received.at(-1)!.request.intent).toEqual({ name: 'AMAZON.HelpIntent', confirmationStatus: 'NONE' });
    expect(received.at(-1)!.context.System.user.accessToken).toBe(TOKEN);
    expect(resent.answer!.body.response.outputSpeech.text).toBe('Linked: AMAZON.HelpIntent.');
  });

  it('ends the session with SessionEndedRequest (USER_INITIATED)', async () => {
    await say('open plan my trip');
    const turn = (await post('/api/session', { action: 'end' })).body;
    expect(turn.request).toMatchObject({ type: 'SessionEndedRequest', reason: 'USER_INITIATED' });
  });

  it.each([
    ['unlink', 'PERSISTED'],
    ['disable', 'NOT_PERSISTED'],
  ])('%s sends SkillDisabled (%s) and forgets the token', async (action, persistence) => {
    const outcome = (await post('/api/unlink', { action })).body;
    expect(outcome.event).toEqual({ status: 200, persistence });
    expect(received.at(-1)!.request).toMatchObject({ type: 'AlexaSkillEvent.SkillDisabled', body: { userInformationPersistenceStatus: persistence } });
    expect(outcome.kept.linked).toBeNull();
  });

  it('refuses settings the skill cannot take, naming them', async () => {
    expect(await post('/api/say', { text: 'hi' }, { locale: 'fr-FR' })).toEqual({ status: 400, body: { error: 'the skill has no model for "fr-FR" (it has en-US, en-GB)' } });
    expect((await post('/api/say', { text: 'hi' }, { tamper: 'maybe' })).status).toBe(400);
  });

  it('answers only its loopback address, and only JSON posts', async () => {
    const { port } = new URL(consoleUrl);
    const rebound = await new Promise<number>((resolve, reject) => {
      // fetch cannot set Host: node:http can.
      void import('node:http').then(({ request }) => request({ host: '127.0.0.1', port, path: '/', headers: { host: `evil.example:${port}` } }, (res) => resolve(res.statusCode!)).on('error', reject).end());
    });
    expect(rebound).toBe(421);
    const form = await fetch(new URL('/api/say', consoleUrl), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'text=hi' });
    expect(form.status).toBe(400);
  });
});

describe('the console for a skill made by new', () => {
  it('lists its locales and samples, and sends its words to it signed', async () => {
    const project = await makeProject({});
    folders.push(project.dir);
    const made = join(project.dir, 'made');
    expect((await cliDone(['new', made, '--name', 'Trip Notes', '--locale', 'fr-FR'], project.dir)).code).toBe(0);
    const skill = await standInSkill(project.publicKey);
    stops.push(() => skill.close());
    const running = await startConsole(made, { url: skill.url, 'skill-id': SKILL_ID, state: join(project.dir, '.state') });
    const info = (await (await fetch(new URL('/api/info', running.url))).json()) as { locales: string[]; invocationName: string; samples: unknown[] };
    expect(info.locales).toEqual(['en-US', 'fr-FR']);
    expect(info.invocationName).toBe('trip notes');
    expect(info.samples.length).toBeGreaterThan(0);
    const turn = (await (await fetch(new URL('/api/say', running.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"open trip notes"}' })).json()) as Reply;
    expect(turn.answer).toMatchObject({ status: 200, json: true });
    expect(skill.received.at(-1)!.request.type).toBe('LaunchRequest');
  });
});

describe('the console with a model that does not parse', () => {
  it('names the file and the JSON path, in the samples and for typed words, and the other locales still work', async () => {
    const project = await makeProject({});
    folders.push(project.dir);
    const models = join(project.dir, 'skill-package', 'interactionModels', 'custom');
    writeFileSync(join(models, 'de-DE.json'), JSON.stringify({ interactionModel: { languageModel: { invocationName: 'reise', intents: [{ name: 'X', samples: 'not a list' }] } } }));
    const running = await startConsole(project.dir, { url: `http://127.0.0.1:${await closedPort()}/` });
    const info = (await (await fetch(new URL('/api/info?locale=de-DE', running.url))).json()) as { modelError: string };
    expect(info.modelError).toBe(`${join(models, 'de-DE.json')}: interactionModel.languageModel.intents[0].samples: expected an array, found the string "not a list"`);
    const turn = (await (await fetch(new URL('/api/say', running.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'öffne reise', settings: { locale: 'de-DE' } }) })).json()) as Reply;
    expect(turn.error).toBe(info.modelError);
    expect((await (await fetch(new URL('/api/info?locale=en-US', running.url))).json()) as Json).toMatchObject({ invocationName: 'plan my trip' });
  });
});

describe('the console with a skill that is down or answers garbage', () => {
  it('shows the one line for a skill that does not answer, then the status and body of garbage, and keeps working', async () => {
    const project = await makeProject({});
    folders.push(project.dir);
    let up = false;
    const garbage = await serve((_req, _body, res) => res.writeHead(500, { 'content-type': 'text/html' }).end(up ? '<h1>oops</h1>' : ''));
    stops.push(() => garbage.close());
    const down = `http://127.0.0.1:${await closedPort()}/`;
    const consoles = [await startConsole(project.dir, { url: down }), await startConsole(project.dir, { url: `${garbage.url}/` })];
    const say = async (at: RunningConsole) => (await (await fetch(new URL('/api/say', at.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"open plan my trip"}' })).json()) as Reply;
    const first = await say(consoles[0]!);
    expect(first.error).toMatch(/^The skill is not answering at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\): start it with/);
    expect((await say(consoles[0]!)).error).toBe(first.error);
    up = true;
    expect((await say(consoles[1]!)).answer).toEqual({ status: 500, body: '<h1>oops</h1>', json: false });
  });
});

describe('alexa-skill-workers console', () => {
  it('prints its usage with --help, needing no project and touching nothing', async () => {
    const dir = emptyFolder();
    folders.push(dir);
    const { code, out, err } = await cliDone(['console', '--help'], dir);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toMatch(/^Usage: alexa-skill-workers console \[--port <n>\]/);
    for (const option of ['--port <n>', '--url <url>', '--locale <tag>', '--redirect-uri <uri>', '--json']) expect(out).toContain(option);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('prints its URL as JSON, serves the page, and stops on SIGTERM', async () => {
    const project = await makeProject({});
    folders.push(project.dir);
    const child = spawn(process.execPath, [RUN_CLI, 'console', '--port', '0', '--json', '--url', 'http://127.0.0.1:9/'], { cwd: project.dir, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
    stops.push(() => void child.kill('SIGKILL'));
    const line = await new Promise<string>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())));
    expect(line).toMatch(/^\{"url":"http:\/\/127\.0\.0\.1:\d+\/"\}$/);
    expect((await fetch((JSON.parse(line) as { url: string }).url)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
  });

  it('stops on SIGTERM while a sign-in is awaited, and leaves the redirect URI free', async () => {
    const project = await makeProject({});
    folders.push(project.dir);
    const provider = await serve((req, _body, res) => {
      if (req.url === '/dev/client') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"clientId":"alexa","clientSecret":"s"}');
      return res.writeHead(200, { 'content-type': 'text/html' }).end('<form>sign in</form>');
    });
    stops.push(() => provider.close());
    const redirectPort = await closedPort();
    const child = spawn(process.execPath, [RUN_CLI, 'console', '--port', '0', '--json', '--provider-url', provider.url, '--redirect-uri', `http://localhost:${redirectPort}/callback`], { cwd: project.dir, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    stops.push(() => void child.kill('SIGKILL'));
    const line = await new Promise<string>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())));
    const { url } = JSON.parse(line) as { url: string };
    const started = (await (await fetch(new URL('/api/link', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as Reply;
    expect(started.loginUrl).toContain(provider.url);
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer().once('error', () => resolve(false)).listen(redirectPort, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    expect(free).toBe(true);
  });

  it.each([
    [['console', '--port', 'eighty'], /^Error: --port must be a port number \(0 for a free one\), not "eighty"$/],
    [['console', 'hello'], /^Error: console takes no words \(hello\)/],
  ])('refuses %j with exit 2', async (args, line) => {
    const project = await makeProject({});
    folders.push(project.dir);
    const running = cli(args, project.dir);
    expect(await running.code).toBe(2);
    expect(running.err.trim()).toMatch(line);
  });
});

/** A skill that asks to link by voice (Connections.StartConnection) when unlinked, and says how it was resumed and who spoke. */
async function voiceLinkingSkill(seen: Json[]): Promise<Running> {
  return serve((_req, body, res) => {
    const envelope = JSON.parse(body) as { request: { type: string; cause?: { result?: { status?: string } } }; context: { System: { user: { accessToken?: string }; person?: { accessToken?: string } } } };
    seen.push(envelope);
    const { request, context } = envelope;
    const say = (text: string, extra: Json = {}) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ version: '1.0', response: { outputSpeech: { type: 'PlainText', text }, ...extra } }));
    if (request.type === 'SessionResumedRequest') return say(`Resumed: ${request.cause?.result?.status ?? 'no result'}, ${context.System.user.accessToken ? 'linked' : 'unlinked'}.`);
    if (request.type !== 'IntentRequest') return say('OK.');
    if (context.System.person) return say(`Speaker ${context.System.person.accessToken ? 'with their own link' : 'without a link'}.`);
    if (context.System.user.accessToken) return say('Linked already.');
    return say('', { directives: [{ type: 'Connections.StartConnection', uri: 'connection://AMAZON.AskForAccountLinking/1', input: {}, token: 'echo-me' }], shouldEndSession: undefined });
  });
}

describe('the console with voice-forward linking and recognized speakers', () => {
  const seen: Json[] = [];
  let consoleUrl: string;
  const post = async (path: string, body: Json, settings: Json = {}) => {
    const response = await fetch(new URL(path, consoleUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ settings, ...body }) });
    const text = await response.text();
    expect(text).not.toContain(TOKEN);
    return JSON.parse(text) as Reply & { status?: number; response?: { response: { outputSpeech: { text: string } } } };
  };
  const signIn = async (loginUrl: string | undefined) => {
    expect(await (await fetch(loginUrl!)).text()).toContain('Linked');
    return (await (await fetch(new URL('/api/link/result', consoleUrl))).json()) as Reply & { response: { response: { outputSpeech: { text: string } } } };
  };

  beforeAll(async () => {
    const project = await makeProject({});
    folders.push(project.dir);
    const skill = await voiceLinkingSkill(seen);
    stops.push(() => skill.close());
    const provider = await instantProvider();
    stops.push(() => provider.close());
    consoleUrl = (await startConsole(project.dir, { url: `${skill.url}/`, 'provider-url': provider.url, 'redirect-uri': `http://localhost:${await closedPort()}/callback` })).url;
  });

  it('shows the StartConnection waiting for Amazon; decline resumes the skill with DENIED', async () => {
    const turn = await post('/api/say', { text: 'ask plan my trip i want to visit paris' });
    expect(turn.voiceLink).toBe(true);
    const resumed = await post('/api/voice-link', { choice: 'decline' });
    expect(resumed.status).toBe(200);
    expect(resumed.response!.response.outputSpeech.text).toBe('Resumed: DENIED, unlinked.');
    expect(seen.at(-1)!.request).toMatchObject({ type: 'SessionResumedRequest', cause: { token: 'echo-me' } });
  });

  it('accept signs in through the same OAuth client, sends SkillAccountLinked, and resumes with LINKED and the token', async () => {
    expect((await post('/api/say', { text: 'ask plan my trip i want to visit paris' })).voiceLink).toBe(true);
    const resumed = await signIn((await post('/api/link', { voice: true })).loginUrl);
    expect(resumed.response.response.outputSpeech.text).toBe('Resumed: LINKED, linked.');
    expect(seen.map((e) => (e.request as { type: string }).type).slice(-2)).toEqual(['AlexaSkillEvent.SkillAccountLinked', 'SessionResumedRequest']);
  });

  it('links a recognized speaker with their own account, apart from the account\'s link', async () => {
    expect((await post('/api/say', { text: 'ask plan my trip i want to visit oslo' }, { person: 'Ben' })).answer!.body.response.outputSpeech.text).toBe('Speaker without a link.');
    await signIn((await post('/api/link', {}, { person: 'ben' })).loginUrl);
    const turn = await post('/api/say', { text: 'ask plan my trip i want to visit oslo' }, { person: 'ben' });
    expect(turn.answer!.body.response.outputSpeech.text).toBe('Speaker with their own link.');
    expect((turn.sent.context.System as { person?: { accessToken?: string } }).person?.accessToken).toBe(`(token, ${TOKEN.length} characters)`);
    expect((await post('/api/say', { text: 'ask plan my trip i want to visit oslo' }, { person: 'ana' })).answer!.body.response.outputSpeech.text).toBe('Speaker without a link.');
  });
});
