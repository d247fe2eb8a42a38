import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, intentRequest, type TestPki } from 'alexa-skill-workers/testing';
import { NOW, SkillHarness } from '../support/harness.ts';
import { probeKv } from '../support/kv.ts';
import { turn } from '../support/talk.ts';

/**
 * Ride Hailer's Yes orders a ride through the kit's answerOnce: a replayed Yes orders once, and the
 * rides API hears the request's Idempotency-Key. How answerOnce and ReplayGuard keep that promise
 * (memory, in flight, KV, the record's lifetime) is the kit's test
 * (packages/alexa-skill-workers/test/ask-sdk/replays.test.ts).
 */
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
  });

  it('gives each request its own Idempotency-Key', async () => {
    const { skill, token, attributes, yes } = await linkedYes();
    await turn(skill, yes);
    await turn(skill, intentRequest('AMAZON.YesIntent', {}, { timestamp: NOW, accessToken: token, attributes }));
    const [first, second] = skill.provider.rides;
    expect(second?.idempotencyKey).not.toBe(first?.idempotencyKey);
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
