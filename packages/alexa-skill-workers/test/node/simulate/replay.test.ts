import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONVERSATION_FORMAT } from '../../../src/testing/conversation/format.ts';
import { closedPort, type Running } from '../oauth/support.ts';
import { cli, cliDone, makeProject, printed, standInSkill, startProvider, type Cli, type StandInSkill } from './support.ts';

/**
 * `simulate --save <file>` and `replay <file>` as a user runs them, against the stand-in skill (it
 * refuses any request whose signature does not verify with the local CA) and a provider the test
 * signs in to, playing the browser.
 */
const folders: string[] = [];
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

let skill: StandInSkill;
let provider: Running;
let dir: string;
let base: string[];
beforeAll(async () => {
  const project = await makeProject({});
  dir = project.dir;
  folders.push(dir);
  skill = await standInSkill(project.publicKey);
  provider = await startProvider();
  base = ['--url', skill.url, '--provider-url', provider.url, '--redirect-uri', `http://localhost:${await closedPort()}/callback`];
});
afterAll(async () => {
  await skill.close();
  await provider.close();
});
afterEach(() => skill.received.splice(0));

/** Signs in at the LOGIN_URL `running` prints, as the test provider's browser would. */
async function signIn(running: Cli): Promise<void> {
  const [, loginUrl] = await printed(running, /^LOGIN_URL (\S+)$/m);
  const approve = new URL(loginUrl!);
  approve.pathname = '/approve';
  const back = await fetch(approve, { redirect: 'manual' });
  await (await fetch(back.headers.get('location')!)).text();
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as { steps: unknown[] };

describe('simulate --save, then replay', () => {
  it('saves each turn (words, a named intent, launch, link) and replay plays the file with every answer as recorded', async () => {
    const file = join(dir, 'trip.en-US.json');
    expect((await cliDone(['simulate', ...base, '--save', file, 'launch'], dir)).code).toBe(0);
    expect((await cliDone(['simulate', ...base, '--save', file, 'PlanMyTripIntent', 'toCity=new_york'], dir)).code).toBe(0);
    const linking = cli(['simulate', ...base, '--save', file, 'link'], dir);
    await signIn(linking);
    expect(await linking.code).toBe(0);
    expect((await cliDone(['simulate', ...base, '--save', file, 'ask plan my trip i want to visit portland'], dir)).code).toBe(0);
    expect((await cliDone(['simulate', ...base, '--save', file, 'status'], dir)).code).toBe(0);
    expect(readJson(file)).toEqual({
      format: CONVERSATION_FORMAT,
      locale: 'en-US',
      steps: [
        { say: 'open plan my trip', hear: 'Welcome.', card: 'none', sessionEnds: false },
        { intent: 'PlanMyTripIntent', slots: { toCity: 'new york' }, hear: 'Please link.', card: 'LinkAccount', sessionEnds: true },
        { link: 'account' },
        { say: 'ask plan my trip i want to visit portland', hear: 'Linked: PlanMyTripIntent.', card: 'none', sessionEnds: false },
      ],
    });
    skill.received.splice(0);

    const replay = cli(['replay', ...base, file], dir);
    await signIn(replay);
    expect(await replay.code).toBe(0);
    expect(replay.out).toContain('✓ 1. say "open plan my trip"\n     Alexa: Welcome.');
    expect(replay.out).toContain('· 3. link account');
    expect(replay.out.trimEnd().split('\n').at(-1)).toBe('All 3 answers as recorded.');
    // A conversation starts unlinked, whatever the simulator's device holds; the link step links anew.
    const types = skill.received.map((e) => e.request.type);
    expect(types).toEqual(['LaunchRequest', 'IntentRequest', 'AlexaSkillEvent.SkillAccountLinked', 'IntentRequest']);
    expect(skill.received[1]!.context.System.user.accessToken).toBeUndefined();
    expect(skill.received[3]!.context.System.user.accessToken).toMatch(/^at-\d+$/);
    expect(skill.received[0]!.session!.sessionId).toBe(skill.received[1]!.session!.sessionId);
  });

  it('saves the turns of an interactive session; a device already linked starts the file with a link step', async () => {
    const file = join(dir, 'typed.en-US.json');
    const { code } = await cliDone(['simulate', ...base, '--save', file], dir, { input: 'launch\nhelp\nquit\n' });
    expect(code).toBe(0);
    expect(readJson(file).steps).toEqual([
      { link: 'account' },
      { say: 'open plan my trip', hear: 'Welcome.', card: 'none', sessionEnds: false },
      { intent: 'AMAZON.HelpIntent', hear: 'Linked: AMAZON.HelpIntent.', card: 'none', sessionEnds: false },
    ]);
    const replay = cli(['replay', ...base, file], dir);
    await signIn(replay);
    expect(await replay.code).toBe(0);
  });
});

describe('simulate --save: what it refuses, in one line', () => {
  it.each([
    ['a file that is not a conversation', '{"format":"ask-cli"}', /^Error: .*other\.json: format: must be "alexa-skill-workers\/conversation@1" \(--save adds only to a conversation file\)$/],
    ['a conversation of another locale', JSON.stringify({ format: CONVERSATION_FORMAT, locale: 'de-DE', steps: [{ say: 'öffne plan my trip' }] }), /^Error: .*other\.json is a de-DE conversation: run with --locale de-DE, or save to another file$/],
  ])('%s', async (_, text, line) => {
    const file = join(dir, 'other.json');
    writeFileSync(file, text);
    const { code, err } = await cliDone(['simulate', ...base, '--save', file, 'launch'], dir);
    expect(code).toBe(1);
    expect(err.trim()).toMatch(line);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});

describe('replay: a difference exits 1', () => {
  const differing = () => {
    const file = join(dir, `differs-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify({ format: CONVERSATION_FORMAT, locale: 'en-US', steps: [{ say: 'open plan my trip', hear: 'Goodbye.', sessionEnds: false }, { intent: 'AMAZON.StopIntent', card: 'none' }] }));
    return file;
  };

  it('names the step and what differs, in words', async () => {
    const { code, out } = await cliDone(['replay', ...base, differing()], dir);
    expect(code).toBe(1);
    expect(out).toContain('✗ 1. say "open plan my trip"\n     Alexa: Welcome.\n     hear: expected "Goodbye.", got "Welcome."');
    expect(out).toContain('✗ 2. intent AMAZON.StopIntent\n     Alexa: Please link. [card LinkAccount]\n     card: expected "none", got "LinkAccount"');
    expect(out.trimEnd().split('\n').at(-1)).toBe(`2 of 2 answers differ from ${out.match(/Replaying (\S+):/)![1]}.`);
  });

  it('prints one document with --json', async () => {
    const { code, out } = await cliDone(['replay', ...base, '--json', differing()], dir);
    expect(code).toBe(1);
    const report = JSON.parse(out) as Record<string, unknown>;
    expect(report).toMatchObject({ passed: false, recorded: false, steps: [{ index: 0, input: 'say "open plan my trip"', status: 200, heard: 'Welcome.', card: 'none', sessionEnds: false }, { index: 1 }] });
    expect(report.mismatches).toEqual([
      { step: 0, say: 'open plan my trip', field: 'hear', expected: 'Goodbye.', actual: 'Welcome.' },
      { step: 1, say: 'AMAZON.StopIntent', field: 'card', expected: 'none', actual: 'LinkAccount' },
    ]);
  });

  it('writes what was heard back into the file with --record, so the next replay passes', async () => {
    const file = differing();
    const recording = await cliDone(['replay', ...base, '--record', file], dir);
    expect(recording.code).toBe(0);
    expect(recording.out).toContain('(2 differed from what it held)');
    expect(readJson(file).steps[0]).toEqual({ say: 'open plan my trip', hear: 'Welcome.', card: 'none', sessionEnds: false });
    expect((await cliDone(['replay', ...base, file], dir)).code).toBe(0);
  });
});

describe('replay: what it refuses, in one line', () => {
  it('prints its usage with --help, touching nothing', async () => {
    const { code, out, err } = await cliDone(['replay', '--help'], dir);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: alexa-skill-workers replay <file> /);
    for (const text of ['--url <url>', '--record', '--json', 'LOGIN_URL', '\nExample:\n']) expect(out).toContain(text);
  });

  it.each([
    [[], 2, /^Error: replay takes one conversation file, e\.g\. replay test\/conversations\/order\.en-US\.json$/],
    [['missing.json'], 1, /^Error: .*missing\.json: no such conversation file \(record one with `simulate --save .*missing\.json`\)$/],
    [['bad.json'], 1, /^Error: bad\.json: steps\[0\]\.connection: must be one of accept, decline, unmet, fail$/],
    [['nonsense.json'], 1, /^Error: .*nonsense\.json: not JSON/],
  ])('replay %j exits %i', async (args, exit, line) => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ format: CONVERSATION_FORMAT, locale: 'en-US', steps: [{ connection: 'maybe' }] }));
    writeFileSync(join(dir, 'nonsense.json'), 'say hello');
    const { code, out, err } = await cliDone(['replay', ...base, ...args], dir);
    expect(code).toBe(exit);
    expect(out).toBe('');
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err.trim()).toMatch(line);
  });
});
