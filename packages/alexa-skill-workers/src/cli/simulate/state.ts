/**
 * What the simulated device remembers between runs, like an Echo would: its user and device IDs, the
 * open session, the linked tokens (the shared account's and each recognized speaker's), the Alexa API
 * permissions granted (alexa-api.ts). Kept in the
 * state folder (`<state>/simulator.json`, mode 0600: it holds tokens), never printed.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { LinkedTokens } from '../oauth/token.ts';
import type { AlexaApiState } from './alexa-api.ts';
import { statePaths } from '../state.ts';

export interface SimulatorState {
  userId: string;
  deviceId: string;
  /** The open session, if the skill kept it open. */
  session: { id: string; attributes: Record<string, unknown> } | undefined;
  /** The shared account's link (`context.System.user.accessToken`). */
  tokens: LinkedTokens | undefined;
  /** A voice-forward linking connection the skill started and Alexa has not completed yet (its echo-back token). */
  pendingConnection?: { token: string | undefined };
  /** Recognized speakers by name (`--person`), each with their own link if they made one (person.ts). */
  persons?: Record<string, { tokens: LinkedTokens | undefined }>;
  /** What the local Alexa API answers: the permissions granted and the profile values, per account and per person (alexa-api.ts). */
  alexaApi?: AlexaApiState;
}

/** The simulator's file in the state folder `state`. */
export const stateFile = (state: string) => statePaths(state).simulator;

/** The state in `file`, or a new device (fresh user and device IDs) when there is none or it does not parse. */
export async function loadState(file: string): Promise<SimulatorState> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as SimulatorState;
  } catch {
    const id = crypto.randomUUID().replace(/-/g, '').toUpperCase();
    return {
      userId: `amzn1.ask.account.SIMULATOR${id}`,
      deviceId: `amzn1.ask.device.SIMULATOR${id}`,
      session: undefined,
      tokens: undefined,
    };
  }
}

export async function saveState(file: string, state: SimulatorState): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(state, null, 2), { mode: 0o600 });
}
