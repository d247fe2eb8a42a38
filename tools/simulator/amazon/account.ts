/**
 * The simulated Alexa account behind the fake Amazon: the device `npm run simulate` talks as (the
 * kit's, `alexa-skill-workers/cli`, its state in `<state>/simulator.json`). A link stores the tokens there and sends the skill
 * `AlexaSkillEvent.SkillEnabled` and `SkillAccountLinked`, signed with the local dev CA like every
 * simulator request, so `npm run simulate -- OrderCar …` uses the token afterwards.
 * Skill events: https://developer.amazon.com/en-US/docs/alexa/smapi/skill-events-in-alexa-skills.html
 */
import { skillEventRequest } from 'alexa-skill-workers/testing';
import { loadState, saveState, sendFromDevice, type Device, type SigningCa } from 'alexa-skill-workers/cli';
import type { AlexaAccount } from './enablement.ts';

export interface DeviceAccountOptions {
  readonly stateFile: string;
  readonly skillUrl: string;
  readonly skillId: string;
  /** The local CA's signing key and certificate URL (loadSigningCa). */
  readonly ca: SigningCa;
  readonly log?: (line: string) => void;
}

/** The account, with the device's user ID (the state file is created if missing, so the ID stays). */
export async function deviceAccount(options: DeviceAccountOptions): Promise<AlexaAccount> {
  const initial = await loadState(options.stateFile);
  await saveState(options.stateFile, initial);

  async function withDevice(change: (device: Device) => Promise<void>): Promise<void> {
    const device: Device = {
      skillUrl: options.skillUrl, skillId: options.skillId, ca: options.ca, state: await loadState(options.stateFile),
      locale: 'en-US', kind: 'speaker', hint: 'start it with `npm run dev`, then try again.', now: () => new Date(),
    };
    await change(device);
    await saveState(options.stateFile, device.state);
  }
  async function event(device: Device, type: string, body: Record<string, unknown>): Promise<void> {
    const answer = await sendFromDevice(device, skillEventRequest(`AlexaSkillEvent.${type}`, new Date(), body));
    options.log?.(`${type} sent to the skill (HTTP ${answer.status})`);
  }

  return {
    userId: initial.userId,
    linked: (tokens) =>
      withDevice(async (device) => {
        device.state.tokens = tokens;
        device.state.session = undefined;
        await event(device, 'SkillEnabled', {});
        await event(device, 'SkillAccountLinked', { accessToken: tokens.accessToken });
      }),
    disabled: () =>
      withDevice(async (device) => {
        await event(device, 'SkillDisabled', { userInformationPersistenceStatus: 'PERSISTED' });
        device.state.tokens = undefined;
        device.state.session = undefined;
      }),
    isLinked: async () => (await loadState(options.stateFile)).tokens !== undefined,
  };
}
