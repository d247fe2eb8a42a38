import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, playConversation, type TestPki } from 'alexa-skill-workers/testing';
import deModel from '../../skill-package/interactionModels/custom/de-DE.json';
import enModel from '../../skill-package/interactionModels/custom/en-US.json';
import jaModel from '../../skill-package/interactionModels/custom/ja-JP.json';
import orderDe from '../conversations/order.de-DE.json';
import orderEn from '../conversations/order.en-US.json';
import orderJa from '../conversations/order.ja-JP.json';
import voiceLinkEn from '../conversations/voice-link.en-US.json';
import { NOW, SkillHarness } from '../support/harness.ts';
import { LWA_CLIENT_ID } from '../support/provider.ts';

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

  it('voice-link.en-US.json: voice-forward linking (Connections.StartConnection to AskForAccountLinking) accepted, then the ride ordered', async () => {
    const skill = new SkillHarness(pki, { LWA_CLIENT_ID, VOICE_ACCOUNT_LINKING: 'true' }).serveChain();
    const { mismatches, played } = await playConversation(
      voiceLinkEn,
      { model: enModel, now: () => skill.now, send: (envelope) => skill.send(envelope), link: () => skill.provider.opaqueToken() },
      'voice-link.en-US.json',
    );
    expect(mismatches).toEqual([]);
    expect(played[0]).toMatchObject({ connection: 'connection://AMAZON.AskForAccountLinking/1', card: 'none' });
    expect(played[1]!.request).toMatchObject({ type: 'SessionResumedRequest', cause: { result: { status: 'LINKED' } } });
    expect(skill.provider.rides).toHaveLength(1);
  });
});
