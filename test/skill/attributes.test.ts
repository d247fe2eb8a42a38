import { AttributesManagerFactory, ResponseFactory, type HandlerInput } from 'ask-sdk-core';
import type { RequestEnvelope } from 'ask-sdk-model';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  clearPendingOrder,
  pendingOrder,
  rememberDestination,
  rememberedDestination,
  setPendingOrder,
} from '../../src/skill/attributes.ts';
import { KvPersistenceAdapter } from 'alexa-skill-workers/ask-sdk';
import { createTestPki, intentRequest, USER_ID, type TestPki } from 'alexa-skill-workers/testing';
import { NOW, SkillHarness } from '../support/harness.ts';
import { kvKeys, probeKv } from '../support/kv.ts';
import { captureLogs } from '../support/logs.ts';
import { turn } from '../support/talk.ts';

const QUOTED_TO = { level: 'person', id: 'a'.repeat(64) } as const;
const ORDER = { destination: 'work', label: 'Contoso Tower', quotedTo: QUOTED_TO };

/** What a handler gets for `envelope`, with the Worker's persistence adapter on `kv`. */
function handlerInput(envelope: object, kv: KVNamespace = env.CACHE): HandlerInput {
  const requestEnvelope = envelope as RequestEnvelope;
  const persistenceAdapter = new KvPersistenceAdapter({ kv, log: captureLogs() });
  return {
    requestEnvelope,
    attributesManager: AttributesManagerFactory.init({ requestEnvelope, persistenceAdapter }),
    responseBuilder: ResponseFactory.init(),
  };
}

/** A turn whose session carries `attributes`, as a device sends them back. */
const turnWith = (attributes: Record<string, unknown>) =>
  handlerInput(intentRequest('AMAZON.YesIntent', {}, { timestamp: NOW, attributes }));

/** The session attributes a turn answers with, after their trip through the device (JSON). */
const sentBack = (input: HandlerInput) => JSON.parse(JSON.stringify(input.attributesManager.getSessionAttributes())) as Record<string, unknown>;

describe('session attributes', () => {
  it('a pending order round-trips through the session, and other attributes are kept', () => {
    const order = turnWith({ other: 'kept' });
    setPendingOrder(order, ORDER);

    const yes = turnWith(sentBack(order));
    expect(pendingOrder(yes)).toEqual(ORDER);
    clearPendingOrder(yes);
    expect(pendingOrder(yes)).toBeUndefined();
    expect(sentBack(yes)).toEqual({ other: 'kept' });
  });

  it.each([
    ['a string', 'work'],
    ['null', null],
    ['an array', [ORDER]],
    ['no label', { destination: 'work' }],
    ['a numeric destination', { destination: 7, label: 'Contoso Tower' }],
    ['an empty destination', { destination: '', label: 'Contoso Tower' }],
    ['a label that is an object', { destination: 'work', label: { toString: 'x' }, quotedTo: QUOTED_TO }],
    ['without whom it was quoted to', { destination: 'work', label: 'Contoso Tower' }],
    ['quoted to a level that is not a link level', { ...ORDER, quotedTo: { level: 'admin', id: QUOTED_TO.id } }],
    ['quoted to an ID that is not a SHA-256 hex', { ...ORDER, quotedTo: { level: 'account', id: 'amzn1.ask.account.TESTUSER' } }],
    ['quoted to an ID in upper case', { ...ORDER, quotedTo: { level: 'account', id: 'A'.repeat(64) } }],
    ['quoted to a string', { ...ORDER, quotedTo: QUOTED_TO.id }],
  ])('a pending order that is %s reads as absent', (_, pending) => {
    expect(pendingOrder(turnWith({ pending }))).toBeUndefined();
  });

  it('session attributes that are not an object read as empty, and are replaced when written', () => {
    const input = turnWith({});
    input.attributesManager.setSessionAttributes(['pending']);
    expect(pendingOrder(input)).toBeUndefined();
    setPendingOrder(input, ORDER);
    expect(sentBack(input)).toEqual({ pending: ORDER });
  });
});

describe('persistent attributes', () => {
  it('remembers the last destination and keeps what else is stored', async () => {
    await env.CACHE.put(await kvKeys.attributes(USER_ID), JSON.stringify({ lastDestination: 'home', note: 'kept' }));
    expect(await rememberedDestination(turnWith({}))).toBe('home');

    await rememberDestination(turnWith({}), 'work');
    expect(await env.CACHE.get(await kvKeys.attributes(USER_ID), 'json')).toEqual({ lastDestination: 'work', note: 'kept' });
    expect(await rememberedDestination(turnWith({}))).toBe('work');
  });

  it.each([
    ['a number', JSON.stringify({ lastDestination: 7 })],
    ['an empty string', JSON.stringify({ lastDestination: '' })],
    ['an object', JSON.stringify({ lastDestination: { id: 'work' } })],
    ['stored as an array', JSON.stringify(['work'])],
    ['stored as text that is not JSON', 'lastDestination=work'],
  ])('a last destination that is %s reads as absent', async (_, stored) => {
    await env.CACHE.put(await kvKeys.attributes(USER_ID), stored);
    expect(await rememberedDestination(turnWith({}))).toBeUndefined();
  });

  it('after a failed read, remembering a destination writes nothing', async () => {
    await env.CACHE.put(await kvKeys.attributes(USER_ID), JSON.stringify({ lastDestination: 'home', note: 'kept' }));
    const kv = probeKv();
    kv.fail = 'throw';
    const input = handlerInput(intentRequest('AMAZON.YesIntent', {}, { timestamp: NOW, attributes: {} }), kv.kv);
    expect(await rememberedDestination(input)).toBeUndefined();
    await rememberDestination(input, 'work');
    expect(kv.count('put')).toBe(0);
    expect(await env.CACHE.get(await kvKeys.attributes(USER_ID), 'json')).toEqual({ lastDestination: 'home', note: 'kept' });
  });
});

describe('a malformed pending order at the HTTP boundary', () => {
  let pki: TestPki;
  beforeAll(async () => {
    pki = await createTestPki({ now: NOW });
  });

  it.each([
    ['a string', 'work'],
    ['an order without a destination', { label: 'Contoso Tower', quotedTo: QUOTED_TO }],
    ['an order that does not say whom it was quoted to', { destination: 'work', label: 'Contoso Tower' }],
  ])('Yes with a pending order that is %s orders nothing and says nothing is pending', async (_, pending) => {
    const skill = new SkillHarness(pki).serveChain();
    const token = skill.provider.opaqueToken();
    const yes = await turn(skill, intentRequest('AMAZON.YesIntent', {}, { timestamp: NOW, accessToken: token, attributes: { pending } }));
    expect(yes.speech).toContain("There's no ride waiting for a yes");
    expect(skill.provider.rides).toHaveLength(0);
  });
});
