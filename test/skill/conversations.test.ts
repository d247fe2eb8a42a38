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

/** The fake Ride Hailer service's ETA (test/support/provider.ts): what `{{number}}` must be here, where it does not vary. */
const FAKE_ETA = '7';

describe('conversations kept as tests (test/conversations/): played in words against the Worker', () => {
  it.each(conversations)('%s: every answer is the one recorded, the ETA the fake service\'s, the given name granted by the file', async (file, conversation, model) => {
    const skill = new SkillHarness(pki).serveChain();
    const { mismatches, played } = await playConversation(
      conversation,
      { model, now: () => skill.now, send: (envelope) => skill.send(envelope), link: () => skill.provider.opaqueToken(), alexaApi: skill.alexa },
      file,
    );
    expect(mismatches).toEqual([]);
    expect(skill.provider.rides).toHaveLength(1);
    // In vitest the ETA does not vary: the placeholder's number is the fake's, exactly.
    const last = conversation.steps.at(-1) as { hear: string };
    expect(played.at(-1)!.heard).toBe(last.hear.replace('{{number}}', FAKE_ETA));
    // The file grants the given name, and only that: the Customer Profile API answered the Yes with it.
    expect(skill.alexa.calls.filter((c) => c.api !== 'directives').map((c) => `${c.api} ${c.status}`)).toEqual(['Profile.givenName 200']);
  });

  it('order.en-US.json without its permissions: nothing granted, so the Yes adds the consent sentence and the AskForPermissionsConsent card', async () => {
    const skill = new SkillHarness(pki).serveChain();
    const ungranted: Record<string, unknown> = { ...orderEn };
    delete ungranted.permissions;
    delete ungranted.profile;
    const { mismatches, played } = await playConversation(
      ungranted,
      { model: enModel, now: () => skill.now, send: (envelope) => skill.send(envelope), link: () => skill.provider.opaqueToken(), alexaApi: skill.alexa },
      'order.en-US.json',
    );
    expect(mismatches.map((m) => `${m.step} ${m.field}`)).toEqual(['4 hear', '4 card']);
    expect(played[4]).toMatchObject({ card: 'AskForPermissionsConsent' });
    expect(skill.alexa.calls.filter((c) => c.api !== 'directives').map((c) => `${c.api} ${c.status}`)).toEqual(['Profile.givenName 403']);
  });

  it('voice-link.en-US.json: voice-forward linking (Connections.StartConnection to AskForAccountLinking) accepted, then the ride ordered', async () => {
    const skill = new SkillHarness(pki, { LWA_CLIENT_ID, VOICE_ACCOUNT_LINKING: 'true' }).serveChain();
    const { mismatches, played } = await playConversation(
      voiceLinkEn,
      { model: enModel, now: () => skill.now, send: (envelope) => skill.send(envelope), link: () => skill.provider.opaqueToken(), alexaApi: skill.alexa },
      'voice-link.en-US.json',
    );
    expect(mismatches).toEqual([]);
    expect(played[0]).toMatchObject({ connection: 'connection://AMAZON.AskForAccountLinking/1', card: 'none' });
    expect(played[1]!.request).toMatchObject({ type: 'SessionResumedRequest', cause: { result: { status: 'LINKED' } } });
    expect(skill.provider.rides).toHaveLength(1);
  });
});
