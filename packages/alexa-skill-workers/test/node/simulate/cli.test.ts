import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, type Running } from '../oauth/support.ts';
import { cli, cliDone, emptyFolder, makeProject, printed, SECRET, SKILL_ID, standInSkill, startProvider, type StandInSkill } from './support.ts';

/**
 * `simulate`, `link`, `unlink` and `disable` as a user runs them: before `dev` ever ran, with the
 * skill or the provider down (one line each, naming what to start), and against a stand-in skill
 * that checks every signature and a provider the test signs in to, playing the browser.
 */
const folders: string[] = [];
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const lines = (text: string) => text.trimEnd().split('\n');

describe('before dev ever ran', () => {
  it.each([[['simulate', '--help']], [['simulate', '-h']], [['simulate', 'launch', '--help']], [['simulate', '--locale', 'de-DE', '--help']], [['link', '--help']], [['unlink', '--help']], [['disable', '--help']]])('%j prints the usage, and touches nothing', async (args) => {
    const dir = emptyFolder();
    folders.push(dir);
    const { code, out, err } = await cliDone(args, dir);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(new RegExp(`^Usage: alexa-skill-workers ${args[0]} `));
    expect(out).toMatch(/\nExample:\n/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('lists what simulate does: commands, words, events, linking, the device options', async () => {
    const { out } = await cliDone(['simulate', '--help'], emptyFolder());
    for (const text of ['launch', '<Intent> [slot=value…]', '"<words>"', 'event <Name>', 'link [--implicit]', 'status', '--locale <tag>', '--person <name>', '--device speaker|screen', '--skill-id <id>', '--url <url>', '--json']) expect(out).toContain(text);
  });

  it('says in one line where the skill ID goes', async () => {
    const { dir } = await makeProject({}, { devVars: false });
    folders.push(dir);
    const { code, out, err } = await cliDone(['simulate', 'launch'], dir);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(lines(err)).toEqual([`Error: no skill ID: pass --skill-id, or set ALEXA_SKILL_ID in ${join(dir, '.dev.vars')} (\`dev\` creates it from .dev.vars.example)`]);
  });

  it('says in one line that there is no local CA yet, and to start dev', async () => {
    const { dir } = await makeProject({}, { ca: false });
    folders.push(dir);
    const { code, err } = await cliDone(['simulate', 'launch'], dir);
    expect(code).toBe(1);
    expect(lines(err)).toEqual([`Error: there is no local CA at ${join(dir, '.state', 'ca.json')} yet: start the skill with \`dev\` (npm run dev) once, which makes it`]);
  });

  it.each([
    [['simulate', '--locale', 'not a locale', 'launch'], /^Error: --locale "not a locale" is not a BCP 47 locale such as de-DE or ja-JP$/],
    [['simulate', '--locale'], /^Error: Option '--locale <value>' argument missing\. See: alexa-skill-workers simulate --help$/],
    [['simulate', '--device', 'watch', 'launch'], /^Error: --device must be speaker or screen, not "watch"$/],
    [['simulate', '--voice-link', 'maybe', 'OrderCar'], /^Error: --voice-link must be one of accept, decline, unmet, fail$/],
    [['link', '--redirect-uri', 'https://example.com/cb'], /^Error: --redirect-uri must be an http URL on this machine/],
    [['link', 'now'], /^Error: link takes no words \(now\)/],
  ])('refuses %j with exit 2, saying what to type', async (args, line) => {
    const { dir } = await makeProject({});
    folders.push(dir);
    const { code, err } = await cliDone(args, dir);
    expect(code).toBe(2);
    expect(lines(err)).toHaveLength(1);
    expect(err.trim()).toMatch(line);
  });
});

describe('with the skill or the provider down', () => {
  it('says in one line that the skill is not answering at its URL, and to start dev', async () => {
    const port = await closedPort();
    const { dir } = await makeProject({ skill: { port } });
    folders.push(dir);
    const { code, err } = await cliDone(['simulate', 'launch'], dir);
    expect(code).toBe(1);
    expect(lines(err)).toEqual([
      `Error: The skill is not answering at http://localhost:${port} (ECONNREFUSED): start it with \`alexa-skill-workers dev\` (npm run dev) in another terminal, then try again.`,
    ]);
  });

  it('says in one line that the provider is not answering when linking', async () => {
    const port = await closedPort();
    const { dir } = await makeProject({ provider: { worker: { config: 'provider.toml', port } } });
    folders.push(dir);
    const { code, err } = await cliDone(['link'], dir);
    expect(code).toBe(1);
    expect(lines(err)).toEqual([
      `Error: The provider is not answering at http://localhost:${port} (ECONNREFUSED): start it with \`alexa-skill-workers dev\` (npm run dev) in another terminal, then try again.`,
    ]);
  });

  it('says it in the interactive session too, and goes on', async () => {
    const port = await closedPort();
    const { dir } = await makeProject({ skill: { port } });
    folders.push(dir);
    const { code, out } = await cliDone(['simulate'], dir, { input: 'launch\nstatus\nquit\n' });
    expect(code).toBe(0);
    expect(out).toContain(`Error: The skill is not answering at http://localhost:${port} (ECONNREFUSED): start it with \`alexa-skill-workers dev\``);
    expect(out).toContain(`Skill:   http://localhost:${port}/ (${SKILL_ID})`);
    expect(out).not.toContain('Error: Error');
  });
});

describe('against a skill and a provider', () => {
  let skill: StandInSkill;
  let provider: Running;
  let dir: string;
  let redirectUri: string;
  let base: string[];

  beforeAll(async () => {
    const project = await makeProject({});
    dir = project.dir;
    folders.push(dir);
    skill = await standInSkill(project.publicKey);
    provider = await startProvider();
    redirectUri = `http://localhost:${await closedPort()}/callback`;
    base = ['--url', skill.url, '--provider-url', provider.url, '--redirect-uri', redirectUri];
  });
  afterAll(async () => {
    await skill.close();
    await provider.close();
  });
  afterEach(() => skill.received.splice(0));

  it('launches with a signed request, names the skill ID from .dev.vars, and keeps the session for the next turn', async () => {
    const first = await cliDone(['simulate', ...base, 'launch'], dir);
    expect(first.out).toBe('Alexa: Welcome.\nSession: open, waiting for your answer\n');
    const second = await cliDone(['simulate', ...base, 'help'], dir);
    expect(second.code).toBe(0);
    const [launch, help] = skill.received;
    expect(launch!.context.System.application.applicationId).toBe(SKILL_ID);
    expect(launch!.request.locale).toBe('en-US');
    expect(help!.request).toMatchObject({ type: 'IntentRequest', intent: { name: 'AMAZON.HelpIntent' } });
    expect(help!.session).toMatchObject({ sessionId: launch!.session!.sessionId, new: false, attributes: { turn: 1 } });
  });

  it('sends the locale, canonical, and a screen device declares APL', async () => {
    await cliDone(['simulate', ...base, '--locale', 'pt-br', '--device', 'screen', 'launch'], dir);
    const [launch] = skill.received;
    expect(launch!.request.locale).toBe('pt-BR');
    expect(launch!.context.System.device.supportedInterfaces).toHaveProperty(['Alexa.Presentation.APL']);
  });

  it('resolves typed words against the skill\'s model (issue #21), and takes slots name=value as typed', async () => {
    const words = await cliDone(['simulate', ...base, 'ask plan my trip i want to visit seattle'], dir);
    expect(words.code, words.err).toBe(0);
    const typed = await cliDone(['simulate', ...base, 'PlanMyTripIntent', 'toCity=New_York'], dir);
    expect(typed.code).toBe(0);
    expect(skill.received.map((e) => e.request.intent)).toMatchObject([
      { name: 'PlanMyTripIntent', slots: { toCity: { value: 'seattle' } } },
      { name: 'PlanMyTripIntent', slots: { toCity: { value: 'New York' } } },
    ]);
  });

  it('says in one line when typed words match nothing, naming the closest samples', async () => {
    const { code, err } = await cliDone(['simulate', ...base, '--skill-id', SKILL_ID, 'ask nobody for anything'], dir);
    expect(code).toBe(1);
    expect(lines(err)).toHaveLength(1);
  });

  it('links with the code grant (PKCE, HTTP Basic), sends SkillAccountLinked, and later requests carry the token; unlink and disable send SkillDisabled', async () => {
    const before = await cliDone(['simulate', ...base, 'PlanMyTripIntent'], dir);
    expect(before.out).toContain('Card:  LinkAccount (run: alexa-skill-workers link)');

    const linking = cli(['link', ...base], dir);
    const [, loginUrl] = await printed(linking, /^LOGIN_URL (\S+)$/m);
    const approve = new URL(loginUrl!);
    approve.pathname = '/approve';
    const back = await fetch(approve, { redirect: 'manual' });
    const page = await fetch(back.headers.get('location')!);
    expect(await page.text()).toContain('Linked');
    expect(await linking.code).toBe(0);
    expect(linking.out).toMatch(/^Linked \(code grant\)\. SkillAccountLinked sent \(HTTP 200\); later requests carry the token\.$/m);
    expect(skill.received.at(-1)!.request).toMatchObject({ type: 'AlexaSkillEvent.SkillAccountLinked', body: { accessToken: 'at-1' } });

    const order = await cliDone(['simulate', ...base, '--json', 'PlanMyTripIntent'], dir);
    expect(order.code).toBe(0);
    expect(skill.received.at(-1)!.context.System.user.accessToken).toBe('at-1');
    const json = JSON.parse(order.out) as { status: number; response: { response: { outputSpeech: { text: string } } }; kept: { linked: { grant: string } } };
    expect(json.status).toBe(200);
    expect(json.response.response.outputSpeech.text).toBe('Linked: PlanMyTripIntent.');
    expect(json.kept.linked.grant).toBe('code');
    for (const text of [order.out, linking.out, linking.err]) {
      expect(text).not.toContain('at-1');
      expect(text).not.toContain('rt-1');
      expect(text).not.toContain(SECRET);
    }
    const state = readFileSync(join(dir, '.state', 'simulator.json'), 'utf8');
    expect(state).toContain('"accessToken": "at-1"');

    const unlink = await cliDone(['unlink', ...base.slice(0, 2)], dir);
    expect(unlink.out).toBe('SkillDisabled sent (PERSISTED, HTTP 200); the token is forgotten.\n');
    expect(skill.received.at(-1)!.request).toMatchObject({ type: 'AlexaSkillEvent.SkillDisabled', body: { userInformationPersistenceStatus: 'PERSISTED' } });
    await cliDone(['disable', ...base.slice(0, 2)], dir);
    expect(skill.received.at(-1)!.request).toMatchObject({ body: { userInformationPersistenceStatus: 'NOT_PERSISTED' } });
    await cliDone(['simulate', ...base, 'PlanMyTripIntent'], dir);
    expect(skill.received.at(-1)!.context.System.user.accessToken).toBeUndefined();
  });

  it.each([
    ['sends the browser to another redirect URI', { redirectElsewhere: true }, /^Error: the provider at http:\/\/127\.0\.0\.1:\d+ sent the browser to https:\/\/pitangui\.amazon\.com\/api\/skill\/link\/M1, not to the redirect URI http:\/\/localhost:\d+\/callback$/],
  ])('a provider that %s: one line, and no login page printed', async (_name, mode, line) => {
    const odd = await startProvider(mode);
    try {
      const { code, out, err } = await cliDone(['link', ...base.slice(0, 2), '--provider-url', odd.url, '--redirect-uri', redirectUri], dir);
      expect(code).toBe(1);
      expect(out).toBe('');
      expect(lines(err)).toHaveLength(1);
      expect(err.trim()).toMatch(line);
    } finally {
      await odd.close();
    }
  });

  it("listens, without --redirect-uri, on the redirect port dev keeps free and gives the provider (dev.redirectPort)", async () => {
    const port = await closedPort();
    const other = await makeProject({ dev: { redirectPort: port } });
    folders.push(other.dir);
    const odd = await startProvider({ redirectElsewhere: true });
    try {
      const { code, err } = await cliDone(['link', '--url', skill.url, '--provider-url', odd.url], other.dir);
      expect(code).toBe(1);
      expect(err.trim()).toMatch(new RegExp(`, not to the redirect URI http://localhost:${port}/callback$`));
    } finally {
      await odd.close();
    }
  });

  it('a provider whose token URI answers garbage: one line, nothing linked', async () => {
    const odd = await startProvider({ garbageToken: true });
    try {
      const linking = cli(['link', ...base.slice(0, 2), '--provider-url', odd.url, '--redirect-uri', redirectUri], dir);
      const [, loginUrl] = await printed(linking, /^LOGIN_URL (\S+)$/m);
      const approve = new URL(loginUrl!);
      approve.pathname = '/approve';
      await fetch((await fetch(approve, { redirect: 'manual' })).headers.get('location')!);
      expect(await linking.code).toBe(1);
      expect(linking.err.trim()).toMatch(/^Error: the token endpoint at http:\/\/127\.0\.0\.1:\d+ answered 200 with no JSON object \(text\/html\)$/);
      expect(skill.received.map((e) => e.request.type)).not.toContain('AlexaSkillEvent.SkillAccountLinked');
    } finally {
      await odd.close();
    }
  });

  it('takes the provider from accountLinking.json and the secret from the environment only, never printing it', async () => {
    const { code, err } = await cliDone(['link', ...base.slice(0, 2), '--authorize-url', `${provider.url}/authorize`, '--token-url', `${provider.url}/token`, '--client-id', 'alexa', '--redirect-uri', redirectUri], dir, { env: { ALEXA_CLIENT_SECRET: '' } });
    expect(code).toBe(1);
    expect(lines(err)).toEqual(['Error: no client secret: put it in the environment variable ALEXA_CLIENT_SECRET (--client-secret-env names another); it is never read from a flag or a file']);
  });
});
