import { beforeAll, describe, expect, it } from 'vitest';
import {
  CONVERSATION_FORMAT,
  ConversationError,
  createTestPki,
  FakeAlexaApi,
  formatConversation,
  hearMatches,
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

const base = { format: CONVERSATION_FORMAT, locale: 'en-US' };

/** Plays `conversation` against the kit's test skill; returns the result and the envelopes sent. */
async function play(conversation: Record<string, unknown>, options: Partial<PlayOptions> = {}) {
  const kit = new KitHarness(pki);
  const outbound = interceptFetch(kit.provider);
  const sent: Record<string, unknown>[] = [];
  try {
    const result = await playConversation({ ...base, ...conversation }, {
      model,
      now: () => NOW,
      send: (envelope) => {
        sent.push(envelope);
        return kit.send(envelope);
      },
      ...options,
    });
    return { ...result, sent };
  } finally {
    outbound.restore();
  }
}

const systemOf = (envelope: Record<string, unknown>) => (envelope.context as { System: { apiAccessToken?: string; apiEndpoint?: string } }).System;

/** What `fake` answers `path` with the token an envelope carried. */
async function ask(fake: FakeAlexaApi, token: string | undefined, path: string): Promise<number> {
  const response = await fake.handle(new Request(`https://api.amazonalexa.com${path}`, { headers: { authorization: `Bearer ${token}` } }));
  return response.status;
}

describe('a step\'s hear: {{number}} for a number that varies, everything else exact', () => {
  const expected = 'Done, Ana. Your ride is on its way and should arrive in about {{number}} minutes.';

  it.each([
    ['the number recorded', 'Done, Ana. Your ride is on its way and should arrive in about 7 minutes.', true],
    ['another number', 'Done, Ana. Your ride is on its way and should arrive in about 12 minutes.', true],
    ['another word', 'Done, Ben. Your ride is on its way and should arrive in about 7 minutes.', false],
    ['no number', 'Done, Ana. Your ride is on its way and should arrive in about  minutes.', false],
    ['words for the number', 'Done, Ana. Your ride is on its way and should arrive in about seven minutes.', false],
    ['a number and more', 'Done, Ana. Your ride is on its way and should arrive in about 7 or 8 minutes.', false],
    ['more at the end', 'Done, Ana. Your ride is on its way and should arrive in about 7 minutes. Bye.', false],
    ['a dot where the text has none', 'Done, Ana. Your ride is on its way and should arrive in about 7 minutes!', false],
  ])('%s: %s', (_, heard, matches) => {
    expect(hearMatches(expected, heard)).toBe(matches);
  });

  it('without a placeholder, only the same text matches; regular-expression characters are plain text', () => {
    expect(hearMatches('count 1', 'count 1')).toBe(true);
    expect(hearMatches('count 1', 'count 2')).toBe(false);
    expect(hearMatches('a.b {{number}} (c)?', 'a.b 3 (c)?')).toBe(true);
    expect(hearMatches('a.b {{number}} (c)?', 'axb 3 (c)?')).toBe(false);
  });

  it('plays it: any number passes, any other difference is a mismatch, and recording keeps the placeholder', async () => {
    const passed = await play({ steps: [{ say: 'ask kit fixture to count', hear: 'count {{number}}', sessionEnds: false }, { say: 'one more', hear: 'count {{number}}' }] });
    expect(passed.mismatches).toEqual([]);
    expect(passed.recorded.steps.map((s) => ('hear' in s ? s.hear : undefined))).toEqual(['count {{number}}', 'count {{number}}']);
    const failed = await play({ steps: [{ say: 'ask kit fixture to count', hear: 'counted {{number}}' }] });
    expect(failed.mismatches).toEqual([{ step: 0, say: 'ask kit fixture to count', field: 'hear', expected: 'counted {{number}}', actual: 'count 1' }]);
    expect(failed.recorded.steps[0]).toMatchObject({ hear: 'count 1' });
  });

  it('refuses any other {{…}}, naming the step', () => {
    expect(() => parseConversation({ ...base, steps: [{ say: 'hi', hear: 'about {{minutes}} minutes' }] }, 'order.json')).toThrow(
      'order.json: steps[0].hear: {{minutes}} is no placeholder: the only one is {{number}} (a number that varies)',
    );
  });
});

describe('a conversation\'s Alexa API permissions: exactly those granted, in the player as in replay', () => {
  it('grants the account exactly the file\'s permissions and answers its profile values; each request has a token of its own', async () => {
    const fake = new FakeAlexaApi();
    const { sent, mismatches } = await play(
      { permissions: ['alexa::profile:given_name:read'], profile: { givenName: 'Ana', email: 'ana@example.com' }, steps: [{ say: 'ask kit fixture what is public', hear: 'public' }, { say: 'ask kit fixture what is public' }] },
      { alexaApi: fake, apiAccessToken: 'ignored-with-alexaApi' },
    );
    expect(mismatches).toEqual([]);
    const [first, second] = sent.map((e) => systemOf(e).apiAccessToken);
    expect(first).not.toBe(second);
    expect(first).not.toBe('ignored-with-alexaApi');
    expect(await ask(fake, first, '/v2/accounts/~current/settings/Profile.givenName')).toBe(200);
    expect(await (await fake.handle(new Request('https://api.amazonalexa.com/v2/accounts/~current/settings/Profile.givenName', { headers: { authorization: `Bearer ${first}` } }))).json()).toBe('Ana');
    // Not granted: the email is set, but the file granted only the given name.
    expect(await ask(fake, first, '/v2/accounts/~current/settings/Profile.email')).toBe(403);
    expect(await ask(fake, first, '/v2/accounts/~current/settings/Profile.name')).toBe(403);
  });

  it('grants nothing when the file names nothing, whatever the fake was given before', async () => {
    const fake = new FakeAlexaApi().user({ userId: 'amzn1.ask.account.TESTUSER', givenName: 'Old', permissions: ['alexa::profile:given_name:read'] });
    const { sent } = await play({ steps: [{ say: 'ask kit fixture what is public' }] }, { alexaApi: fake });
    expect(await ask(fake, systemOf(sent[0]!).apiAccessToken, '/v2/accounts/~current/settings/Profile.givenName')).toBe(403);
  });

  it('grants the recognized speaker their own permissions (personPermissions), apart from the account\'s', async () => {
    const fake = new FakeAlexaApi();
    const { sent } = await play(
      { person: 'amzn1.ask.person.ANA', personPermissions: ['alexa::profile:given_name:read'], profile: { givenName: 'Ana' }, steps: [{ say: 'ask kit fixture what is public' }] },
      { alexaApi: fake },
    );
    const token = systemOf(sent[0]!).apiAccessToken;
    expect(await ask(fake, token, '/v2/persons/~current/profile/givenName')).toBe(200);
    expect(await ask(fake, token, '/v2/accounts/~current/settings/Profile.givenName')).toBe(403);
  });

  it('sends the endpoint the API names (replay\'s local Alexa API)', async () => {
    const fake = new FakeAlexaApi();
    const { sent } = await play({ steps: [{ say: 'ask kit fixture what is public' }] }, { alexaApi: { endpoint: 'http://127.0.0.1:9', user: (u) => fake.user(u), token: (i) => fake.token(i) } });
    expect(systemOf(sent[0]!).apiEndpoint).toBe('http://127.0.0.1:9');
  });

  it('refuses a file that declares permissions played with no alexaApi option', async () => {
    await expect(play({ permissions: ['alexa::profile:given_name:read'], steps: [{ say: 'ask kit fixture what is public' }] })).rejects.toThrow(
      'conversation: permissions: declares what the Alexa API grants, but playConversation was given no alexaApi option (e.g. a FakeAlexaApi)',
    );
  });

  it.each([
    ['permissions that are not a list', { permissions: 'alexa::profile:given_name:read' }, 'permissions: must be a list of permissions, e.g. ["alexa::profile:given_name:read"]'],
    ['an unknown permission', { permissions: ['alexa::profile:given_name:read', 'alexa::devices:all:address:full:read'] }, 'permissions[1]: must be one of alexa::profile:given_name:read, alexa::profile:name:read, alexa::profile:email:read'],
    ['a permission twice', { permissions: ['alexa::profile:name:read', 'alexa::profile:name:read'] }, 'permissions[1]: alexa::profile:name:read is listed twice'],
    ['a person\'s email permission', { person: 'amzn1.ask.person.ANA', personPermissions: ['alexa::profile:email:read'] }, 'personPermissions[0]: must be one of alexa::profile:given_name:read, alexa::profile:name:read'],
    ['personPermissions with no person', { personPermissions: ['alexa::profile:name:read'] }, 'personPermissions: are a recognized speaker\'s: give "person" too'],
    ['a profile that is not an object', { profile: ['Ana'] }, 'profile: must be an object, e.g. { "givenName": "Ana" }'],
    ['an unknown profile value', { profile: { nickname: 'Ana' } }, 'profile.nickname: not a profile value: give givenName, name, email'],
    ['an empty given name', { profile: { givenName: '' } }, 'profile.givenName: must be text'],
  ])('refuses %s, naming the JSON path', (_, head, message) => {
    let error: unknown;
    try {
      parseConversation({ ...base, ...head, steps: [{ say: 'hi' }] }, 'order.json');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConversationError);
    expect(error).toMatchObject({ code: 'CONVERSATION_INVALID', message: `order.json: ${message}` });
  });

  it('keeps the declarations when a conversation is formatted (simulate --save, replay --record)', () => {
    const json = { ...base, permissions: ['alexa::profile:given_name:read'], profile: { givenName: 'Ana' }, steps: [{ say: 'hi', hear: 'x {{number}}' }] };
    expect(parseConversation(JSON.parse(formatConversation(parseConversation(json))))).toEqual(json);
  });
});
