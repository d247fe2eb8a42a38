import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, playConversation, type TestPki } from 'alexa-skill-workers/testing';
import deModel from '../../skill-package/interactionModels/custom/de-DE.json';
import enModel from '../../skill-package/interactionModels/custom/en-US.json';
import jaModel from '../../skill-package/interactionModels/custom/ja-JP.json';
import orderDe from '../conversations/order.de-DE.json';
import orderEn from '../conversations/order.en-US.json';
import orderJa from '../conversations/order.ja-JP.json';
import { NOW, SkillHarness } from '../support/harness.ts';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

const conversations = [
  ['order.en-US.json', orderEn, enModel],
  ['order.de-DE.json', orderDe, deModel],
  ['order.ja-JP.json', orderJa, jaModel],
] as const;

describe('conversations kept as tests (test/conversations/): played in words against the Worker', () => {
  it.each(conversations)('%s: every answer is the one recorded', async (file, conversation, model) => {
    const skill = new SkillHarness(pki).serveChain();
    const { mismatches } = await playConversation(
      conversation,
      { model, now: () => skill.now, send: (envelope) => skill.send(envelope), link: () => skill.provider.opaqueToken() },
      file,
    );
    expect(mismatches).toEqual([]);
    expect(skill.provider.rides).toHaveLength(1);
  });
});
