import { beforeAll, describe, expect, it, vi } from 'vitest';
import { replayKey } from '../../packages/alexa-skill-workers/src/lib/kv-keys.ts';
import { REPLAY_RECORD_TTL_SECONDS } from '../../packages/alexa-skill-workers/src/ask-sdk/replay-guard.ts';
import { TIMESTAMP_TOLERANCE_MS } from '../../packages/alexa-skill-workers/src/verification/timestamp.ts';
import { intentRequest } from '../../packages/alexa-skill-workers/src/testing/envelopes.ts';
import { createTestPki, type TestPki } from '../../packages/alexa-skill-workers/src/testing/pki.ts';
import { NOW, SkillHarness } from '../support/harness.ts';
import { probeKv } from '../support/kv.ts';
import { turn } from '../support/talk.ts';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

/** An isolate (its own memory) on the shared test KV, and a signed Yes that confirms a pending ride. */
async function linkedYes(kv = probeKv()) {
  const skill = new SkillHarness(pki, { CACHE: kv.kv }).serveChain();
  const token = skill.provider.opaqueToken();
  // Validates the token once, so the Yes turns below differ only in what the guard does.
  const { attributes } = await turn(skill, intentRequest('OrderCar', { destination: 'work' }, { timestamp: NOW, accessToken: token }));
  const yes = intentRequest('AMAZON.YesIntent', {}, { timestamp: NOW, accessToken: token, attributes });
  return { skill, kv, token, attributes, yes, requestId: (yes.request as { requestId: string }).requestId };
}

const replayed = (skill: SkillHarness) => skill.logs.lines.filter((line) => line.event === 'side_effect_replayed');

describe('a request never does twice what the user asked once', () => {
  it('answers a replayed Yes (the same signed body, same isolate) from memory, without ordering again', async () => {
    const { skill, kv, yes } = await linkedYes();
    const first = await turn(skill, yes);
    const attributeWrites = kv.ops.filter((op) => op.startsWith('put attr:')).length;

    const again = await turn(skill, yes);
    expect(first.speech).toContain('Your ride to Contoso Tower is on its way');
    expect(again.body).toEqual(first.body);
    expect(skill.provider.rides).toHaveLength(1);
    expect(kv.ops.filter((op) => op.startsWith('put attr:'))).toHaveLength(attributeWrites);
    expect(replayed(skill).map((line) => line.source)).toEqual(['memory']);
  });

  it('answers a replay sent to another isolate from KV, without ordering again', async () => {
    const { skill, kv, yes } = await linkedYes();
    const first = await turn(skill, yes);
    const attributeWrites = kv.ops.filter((op) => op.startsWith('put attr:')).length;

    const otherIsolate = new SkillHarness(pki, { CACHE: kv.kv }, skill.provider);
    const again = await turn(otherIsolate, yes);
    expect(again.body).toEqual(first.body);
    expect(skill.provider.rides).toHaveLength(1);
    expect(kv.ops.filter((op) => op.startsWith('put attr:'))).toHaveLength(attributeWrites);
    expect(replayed(otherIsolate).map((line) => line.source)).toEqual(['kv']);
  });

  it('orders once when two copies of a Yes arrive at the same moment in one isolate', async () => {
    const { skill, yes } = await linkedYes();
    const release = skill.provider.holdNextRide();
    const answers = Promise.all([turn(skill, yes), turn(skill, yes)]);
    // The first order is held until the second copy has either joined it or ordered on its own.
    await vi.waitFor(() => expect(replayed(skill).length + skill.provider.calls('rides')).toBeGreaterThanOrEqual(2), {
      timeout: 15_000,
      interval: 5,
    });
    release();
    const [a, b] = await answers;
    expect(skill.provider.rides).toHaveLength(1);
    expect(b.body).toEqual(a.body);
    expect(replayed(skill).map((line) => line.source)).toEqual(['inflight']);
  });

  it('sends an Idempotency-Key derived from the request ID, the same from every isolate', async () => {
    const { skill, yes, requestId } = await linkedYes();
    await turn(skill, yes);
    // Another location, where KV has not seen the record yet: it must order again, and say it is the same order.
    const elsewhere = probeKv();
    elsewhere.fail = 'throw';
    await turn(new SkillHarness(pki, { CACHE: elsewhere.kv }, skill.provider), yes);

    const [first, second] = skill.provider.rides;
    expect(first?.idempotencyKey).toMatch(/^"[0-9a-f]{64}"$/);
    expect(second?.idempotencyKey).toBe(first?.idempotencyKey);
    expect(first?.idempotencyKey).not.toContain(requestId);
    expect(first?.idempotencyKey).not.toContain((await replayKey(requestId)).slice('done:'.length));
  });

  it('gives each request its own Idempotency-Key', async () => {
    const { skill, token, attributes, yes } = await linkedYes();
    await turn(skill, yes);
    await turn(skill, intentRequest('AMAZON.YesIntent', {}, { timestamp: NOW, accessToken: token, attributes }));
    const [first, second] = skill.provider.rides;
    expect(second?.idempotencyKey).not.toBe(first?.idempotencyKey);
  });

  it('keeps the record in KV under a hashed key for the whole replay window, plus a margin', async () => {
    const { skill, kv, token, yes, requestId } = await linkedYes();
    await turn(skill, yes);
    const key = await replayKey(requestId);
    expect(key).toMatch(/^done:[0-9a-f]{64}$/);
    expect(kv.putOptions.get(key)).toEqual({ expirationTtl: REPLAY_RECORD_TTL_SECONDS });
    // A request stamped 150 s ahead of the clock is accepted at once and replayable until 150 s after its stamp.
    expect(REPLAY_RECORD_TTL_SECONDS * 1000).toBeGreaterThan(2 * TIMESTAMP_TOLERANCE_MS);
    const stored = await kv.kv.get(key, 'text');
    expect(stored).toContain('on its way');
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(requestId);
  });

  it('remembers nothing for requests without side effects', async () => {
    const kv = probeKv();
    const skill = new SkillHarness(pki, { CACHE: kv.kv }).serveChain();
    const token = skill.provider.opaqueToken();
    const { attributes } = await turn(skill, intentRequest('OrderCar', { destination: 'work' }, { timestamp: NOW, accessToken: token }));
    await turn(skill, intentRequest('AMAZON.NoIntent', {}, { timestamp: NOW, accessToken: token, attributes }));
    expect(kv.ops.filter((op) => op.includes('done:'))).toEqual([]);
  });
});
