import { AttributesManagerFactory, ResponseFactory, type HandlerInput } from 'ask-sdk-core';
import type { RequestEnvelope } from 'ask-sdk-model';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { idempotencyKeyOf, restoreSession, sessionSnapshot } from '../../src/ask-sdk/answer-once.ts';
import { REPLAY_RECORD_TTL_SECONDS } from '../../src/ask-sdk/replay-guard.ts';
import { replayKey } from '../../src/lib/kv-keys.ts';
import { TIMESTAMP_TOLERANCE_MS } from '../../src/verification/timestamp.ts';
import { createTestPki, intentRequest, skillEvent, type TestPki } from '../../src/testing.ts';
import { KitHarness, NOW } from '../support/harness.ts';
import { probeKv } from '../support/kv.ts';
import { FakeProvider } from '../support/provider.ts';

/**
 * answerOnce and ReplayGuard, through the fixture's ActIntent (a call to the user's service with
 * the request's Idempotency-Key, then the session and persistent attributes): a replayed copy of
 * a signed request gets the first copy's answer and session, and the side effect does not run again.
 */
let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

/** An isolate (its own memory) on the test KV, and a signed ActIntent from a user whose token it validated once. */
async function linkedAct(kv = probeKv()) {
  const provider = new FakeProvider().install();
  const kit = new KitHarness(pki, { kv: kv.kv });
  const token = provider.opaqueToken();
  // Validates the token once, so the turns below differ only in what the guard does.
  await kit.turn(intentRequest('GreetIntent', {}, { timestamp: NOW, accessToken: token }));
  const act = intentRequest('ActIntent', {}, { timestamp: NOW, accessToken: token, attributes: { kept: 'yes' } });
  return { provider, kit, kv, token, act, requestId: (act.request as { requestId: string }).requestId };
}

const replayed = (kit: KitHarness) => kit.log.lines.filter((line) => line.event === 'side_effect_replayed');
const attributeWrites = (kv: ReturnType<typeof probeKv>) => kv.ops.filter((op) => op.startsWith('put attr:')).length;

describe('a request never does twice what the user asked once', () => {
  it('answers a replayed request (the same signed body, same isolate) from memory, with its session, without acting again', async () => {
    const { provider, kit, kv, act } = await linkedAct();
    const first = await kit.turn(act);
    const writes = attributeWrites(kv);

    const again = await kit.turn(act);
    expect(first.speech).toBe('done {"id":"act-1"}');
    expect(first.attributes).toEqual({ kept: 'yes', acted: 'act-1' });
    expect(again.body).toEqual(first.body);
    expect(provider.acts).toHaveLength(1);
    expect(attributeWrites(kv)).toBe(writes);
    expect(replayed(kit).map((line) => line.source)).toEqual(['memory']);
  });

  it('answers a replay sent to another isolate from KV, without acting again', async () => {
    const { provider, kit, kv, act } = await linkedAct();
    const first = await kit.turn(act);
    const writes = attributeWrites(kv);

    const otherIsolate = new KitHarness(pki, { kv: kv.kv });
    const again = await otherIsolate.turn(act);
    expect(again.body).toEqual(first.body);
    expect(provider.acts).toHaveLength(1);
    expect(attributeWrites(kv)).toBe(writes);
    expect(replayed(otherIsolate).map((line) => line.source)).toEqual(['kv']);
  });

  it('acts once when two copies of a request arrive at the same moment in one isolate', async () => {
    const { provider, kit, act } = await linkedAct();
    const service = provider.hold('service');
    const answers = Promise.all([kit.turn(act), kit.turn(act)]);
    // The first call is held until the second copy has either joined it or called on its own.
    await service.reached;
    await vi.waitFor(() => expect(replayed(kit).length + provider.calls('service')).toBeGreaterThanOrEqual(2), { timeout: 15_000, interval: 5 });
    service.release();
    const [a, b] = await answers;
    expect(provider.acts).toHaveLength(1);
    expect(b.body).toEqual(a.body);
    expect(replayed(kit).map((line) => line.source)).toEqual(['inflight']);
  });

  it('sends an Idempotency-Key derived from the request ID, the same from every isolate', async () => {
    const { provider, kit, act, requestId } = await linkedAct();
    await kit.turn(act);
    // Another location, where KV has not seen the record yet: it must act again, and say it is the same request.
    const elsewhere = probeKv();
    elsewhere.fail = 'throw';
    await new KitHarness(pki, { kv: elsewhere.kv }).turn(act);

    const [first, second] = provider.acts;
    expect(first?.idempotencyKey).toMatch(/^"[0-9a-f]{64}"$/);
    expect(first?.idempotencyKey).toBe(`"${await idempotencyKeyOf(requestId)}"`);
    expect(second?.idempotencyKey).toBe(first?.idempotencyKey);
    expect(first?.idempotencyKey).not.toContain(requestId);
    expect(first?.idempotencyKey).not.toContain((await replayKey(requestId)).slice('done:'.length));
  });

  it('gives each request its own Idempotency-Key', async () => {
    const { provider, kit, token, act } = await linkedAct();
    await kit.turn(act);
    await kit.turn(intentRequest('ActIntent', {}, { timestamp: NOW, accessToken: token }));
    const [first, second] = provider.acts;
    expect(second?.idempotencyKey).not.toBe(first?.idempotencyKey);
  });

  it('keeps the record in KV under a hashed key for the whole replay window, plus a margin', async () => {
    const { kit, kv, token, act, requestId } = await linkedAct();
    await kit.turn(act);
    const key = await replayKey(requestId);
    expect(key).toMatch(/^done:[0-9a-f]{64}$/);
    expect(kv.putOptions.get(key)).toEqual({ expirationTtl: REPLAY_RECORD_TTL_SECONDS });
    // A request stamped 150 s ahead of the clock is accepted at once and replayable until 150 s after its stamp.
    expect(REPLAY_RECORD_TTL_SECONDS * 1000).toBeGreaterThan(2 * TIMESTAMP_TOLERANCE_MS);
    const stored = await kv.kv.get(key, 'text');
    expect(stored).toContain('act-1');
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(requestId);
  });

  it('keeps no record of an act that threw: a copy after it acts again', async () => {
    const { provider, kit, kv, act } = await linkedAct();
    // The call to the service is handed something that is not a Response: reading it throws a TypeError (a bug).
    vi.mocked(fetch).mockImplementationOnce(() => Promise.resolve(undefined as unknown as Response));
    expect((await kit.turn(act)).speech).toBe('error');
    expect(kv.ops.filter((op) => op.startsWith('put done:'))).toEqual([]);
    expect((await kit.turn(act)).speech).toBe('done {"id":"act-1"}');
    expect(provider.acts).toHaveLength(1);
    expect(replayed(kit)).toEqual([]);
  });

  it('remembers nothing for requests without side effects', async () => {
    const { kit, kv, token } = await linkedAct();
    await kit.turn(intentRequest('GreetIntent', {}, { timestamp: NOW, accessToken: token }));
    await kit.turn(intentRequest('PublicIntent', {}, { timestamp: NOW }));
    expect(kv.ops.filter((op) => op.includes('done:'))).toEqual([]);
  });
});

describe('the session a replayed copy gets back (sessionSnapshot, restoreSession)', () => {
  function handlerInput(envelope: object): HandlerInput {
    const requestEnvelope = envelope as RequestEnvelope;
    return { requestEnvelope, attributesManager: AttributesManagerFactory.init({ requestEnvelope }), responseBuilder: ResponseFactory.init() };
  }

  it('session attributes that are not an object are remembered as {}', () => {
    const input = handlerInput(intentRequest('ActIntent', {}, { timestamp: NOW, attributes: {} }));
    input.attributesManager.setSessionAttributes(['acted']);
    expect(sessionSnapshot(input)).toEqual({});
  });

  it('a request without a session has no snapshot, and restoring one changes nothing', () => {
    const input = handlerInput(skillEvent('AlexaSkillEvent.SkillEnabled', { timestamp: NOW }));
    expect(sessionSnapshot(input)).toBeUndefined();
    expect(() => restoreSession(input, { acted: 'act-1' })).not.toThrow();
    expect(input.requestEnvelope.session).toBeUndefined();
  });
});
