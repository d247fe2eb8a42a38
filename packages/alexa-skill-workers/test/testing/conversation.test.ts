import { beforeAll, describe, expect, it } from 'vitest';
import {
  CONVERSATION_FORMAT,
  ConversationError,
  createTestPki,
  heardOf,
  interceptFetch,
  parseConversation,
  playConversation,
  type PlayOptions,
  type TestPki,
} from '../../src/testing.ts';
import model from '../fixture/en-US.json';
import { KitHarness, NOW } from '../support/harness.ts';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

/** Plays `steps` (en-US) against a fresh isolate of the kit's test skill, its provider intercepted. */
async function play(steps: unknown[], options: Partial<PlayOptions> = {}) {
  const kit = new KitHarness(pki);
  const outbound = interceptFetch(kit.provider);
  const sent: Record<string, unknown>[] = [];
  try {
    const result = await playConversation(
      { format: CONVERSATION_FORMAT, locale: 'en-US', steps },
      {
        model,
        now: () => NOW,
        send: (envelope) => {
          sent.push(envelope);
          return kit.send(envelope);
        },
        link: (name) => kit.provider.issue({ sub: `user-${name}`, name }),
        ...options,
      },
    );
    expect(outbound.unexpected).toEqual([]);
    return { ...result, sent, kit };
  } finally {
    outbound.restore();
  }
}

describe('playConversation: a conversation file played against the Worker', () => {
  it('resolves the words, signs the requests, and holds the answers to what the file expects: unlinked, link, linked', async () => {
    const { mismatches, played, sent } = await play([
      { say: 'ask kit fixture to greet me', hear: 'unlinked', card: 'LinkAccount', sessionEnds: true },
      { link: 'Ana' },
      { say: 'ask kit fixture to say hello', hear: 'Hello, Ana.', card: 'none' },
      { unlink: true },
      { say: 'ask kit fixture to greet me', card: 'LinkAccount' },
    ]);
    expect(mismatches).toEqual([]);
    expect(played.map((p) => p.request?.type)).toEqual(['IntentRequest', undefined, 'IntentRequest', undefined, 'IntentRequest']);
    const users = sent.map((e) => (e.context as { System: { user: { accessToken?: string } } }).System.user);
    expect(users[0]!.accessToken).toBeUndefined();
    expect(users[1]!.accessToken).toMatch(/./);
    expect(users[2]!.accessToken).toBeUndefined();
  });

  it('keeps the session while the skill keeps it open: the same session ID, the attributes sent back, bare words inside it', async () => {
    const { mismatches, sent } = await play([
      { say: 'ask kit fixture to count', hear: 'count 1', sessionEnds: false },
      { say: 'one more', hear: 'count 2', sessionEnds: false },
      { say: 'count again', hear: 'count 3' },
    ]);
    expect(mismatches).toEqual([]);
    const sessions = sent.map((e) => e.session as { sessionId: string; new: boolean; attributes: Record<string, unknown> });
    expect(new Set(sessions.map((s) => s.sessionId)).size).toBe(1);
    expect(sessions.map((s) => s.new)).toEqual([true, false, false]);
    expect(sessions.map((s) => s.attributes)).toEqual([{}, { count: 1 }, { count: 2 }]);
  });

  it('sends the apiAccessToken it is given, and none for null', async () => {
    const token = (sent: Record<string, unknown>[]) => sent.map((e) => (e.context as { System: { apiAccessToken?: string } }).System.apiAccessToken);
    expect(token((await play([{ say: 'ask kit fixture what is public' }], { apiAccessToken: 'api-token-1' })).sent)).toEqual(['api-token-1']);
    expect(token((await play([{ say: 'ask kit fixture what is public' }], { apiAccessToken: null })).sent)).toEqual([undefined]);
  });

  it('starts a new session after one ended: the words must name the skill again', async () => {
    const { mismatches, sent } = await play([
      { say: 'ask kit fixture what is public', hear: 'public', sessionEnds: true },
      { say: 'ask kit fixture to count', hear: 'count 1' },
    ]);
    expect(mismatches).toEqual([]);
    const [first, second] = sent.map((e) => e.session as { sessionId: string; new: boolean });
    expect(second!.new).toBe(true);
    expect(second!.sessionId).not.toBe(first!.sessionId);
    await expect(play([{ say: 'ask kit fixture what is public' }, { say: 'one more' }])).rejects.toThrow(
      /steps\[1\]\.say: "one more" does not name the skill "kit fixture"/,
    );
  });

  it('reports every answer that differs from the file, with the step, and records what was answered', async () => {
    const { mismatches, recorded } = await play([
      { say: 'ask kit fixture to count', hear: 'count 2', card: 'Simple', sessionEnds: true },
      { say: 'one more' },
    ]);
    expect(mismatches).toEqual([
      { step: 0, say: 'ask kit fixture to count', field: 'hear', expected: 'count 2', actual: 'count 1' },
      { step: 0, say: 'ask kit fixture to count', field: 'card', expected: 'Simple', actual: 'none' },
      { step: 0, say: 'ask kit fixture to count', field: 'sessionEnds', expected: true, actual: false },
    ]);
    expect(recorded.steps).toEqual([
      { say: 'ask kit fixture to count', hear: 'count 1', card: 'none', sessionEnds: false },
      { say: 'one more', hear: 'count 2', card: 'none', sessionEnds: false },
    ]);
    // A recording replays clean.
    expect((await play([...recorded.steps])).mismatches).toEqual([]);
  });

  it('reports an HTTP error as a mismatch of the status: a request the skill does not verify', async () => {
    const { mismatches, played } = await play([{ say: 'ask kit fixture what is public', hear: 'public' }], { skillId: 'amzn1.ask.skill.another' });
    expect(played[0]).toMatchObject({ status: 400, heard: '' });
    expect(mismatches.map((m) => m.field)).toEqual(['status', 'hear']);
  });

  it('names the step of words that match nothing, with the closest samples, and a link step with no link option', async () => {
    const noFallback = { interactionModel: { languageModel: { ...model.interactionModel.languageModel, intents: model.interactionModel.languageModel.intents.filter((i) => i.name !== 'AMAZON.FallbackIntent') } } };
    await expect(play([{ say: 'ask kit fixture to greet me' }, { say: 'ask kit fixture to fly to the moon' }], { model: noFallback })).rejects.toThrow(
      /^conversation: steps\[1\]\.say: .*closest samples: /,
    );
    await expect(play([{ link: 'Ana' }], { link: undefined })).rejects.toThrow('conversation: steps[0].link: links an account, but playConversation was given no link option');
  });
});

describe('parseConversation: the file is checked before anything is sent', () => {
  const base = { format: CONVERSATION_FORMAT, locale: 'en-US' };
  it.each([
    ['not an object', [], '$: not an object'],
    ['another format', { ...base, format: 'ask-cli', steps: [{ say: 'hi' }] }, 'format: must be "alexa-skill-workers/conversation@1"'],
    ['a locale that is not one', { ...base, locale: 'english', steps: [{ say: 'hi' }] }, 'locale: must be a locale such as "en-US"'],
    ['no steps', { ...base, steps: [] }, 'steps: must be a list of steps'],
    ['a step that says nothing', { ...base, steps: [{ hear: 'x' }] }, 'steps[0]: says nothing: give "say", "intent", "connection", "link" or "unlink"'],
    ['a key that is not part of the step', { ...base, steps: [{ say: 'hi', heard: 'x' }] }, 'steps[0].heard: not part of a say step'],
    ['words that are not text', { ...base, steps: [{ say: 3 }] }, 'steps[0].say: must be text'],
    ['an empty link', { ...base, steps: [{ link: '' }] }, 'steps[0].link: must be text'],
    ['sessionEnds that is not a boolean', { ...base, steps: [{ say: 'hi', sessionEnds: 'yes' }] }, 'steps[0].sessionEnds: must be true or false'],
    ['unlink that is not true', { ...base, steps: [{ unlink: false }] }, 'steps[0].unlink: must be true'],
  ])('refuses %s, naming the file and the JSON path', (_, json, message) => {
    let error: unknown;
    try {
      parseConversation(json, 'order.json');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConversationError);
    expect(error).toMatchObject({ code: 'CONVERSATION_INVALID', file: 'order.json', message: `order.json: ${message}` });
  });

  it('accepts a whole conversation as it is', () => {
    const json = { ...base, person: 'amzn1.ask.person.BEN', steps: [{ say: 'hi', hear: '', card: 'none', sessionEnds: true }, { link: 'ben' }, { unlink: true }] };
    expect(parseConversation(json)).toEqual(json);
  });
});

describe('heardOf: the speech as a person hears it', () => {
  it.each([
    [{ type: 'SSML', ssml: '<speak>Your ride to <emphasis>work</emphasis> &amp; back.  <break time="1s"/>Bye.</speak>' }, 'Your ride to work & back. Bye.'],
    [{ type: 'PlainText', text: ' Hello\n there ' }, 'Hello there'],
    [{ type: 'SSML', ssml: '<speak>&lt;3 &quot;x&quot; &apos;y&apos;</speak>' }, '<3 "x" \'y\''],
    [undefined, ''],
  ])('%j is heard as %j', (speech, heard) => {
    expect(heardOf(speech)).toBe(heard);
  });
});
