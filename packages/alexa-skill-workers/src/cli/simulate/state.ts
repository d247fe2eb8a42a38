/**
 * What the simulated device remembers between runs, like an Echo would: its user and device IDs, the
 * open session, the linked tokens (the shared account's and each recognized speaker's), the Alexa API
 * permissions granted (alexa-api.ts). Kept in the
 * state folder (`<state>/simulator.json`, mode 0600: it holds tokens), never printed.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { LinkedTokens } from '../oauth/token.ts';
import type { AlexaApiState } from './alexa-api.ts';
import { CliError } from '../errors.ts';
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

/**
 * The state in `file`, or a new device (fresh user and device IDs) when there is no file. A file
 * that is not a device's state is refused, naming it: starting a new device would lose its links,
 * and the next save would write the new device over it.
 * @throws {CliError} the file is not JSON, or not an object with a `userId` and a `deviceId`.
 */
export async function loadState(file: string): Promise<SimulatorState> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return newDevice();
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw notAState(file, 'not JSON');
  }
  const { userId, deviceId } = (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : {}) as Partial<SimulatorState>;
  if (typeof userId !== 'string' || typeof deviceId !== 'string') throw notAState(file, 'no userId and deviceId');
  return parsed as SimulatorState;
}

const notAState = (file: string, why: string) => new CliError(`${file} is not a simulator state (${why}): fix it, or remove it to start a new device`);

function newDevice(): SimulatorState {
  const id = crypto.randomUUID().replace(/-/g, '').toUpperCase();
  return {
    userId: `amzn1.ask.account.SIMULATOR${id}`,
    deviceId: `amzn1.ask.device.SIMULATOR${id}`,
    session: undefined,
    tokens: undefined,
  };
}

/**
 * Writes `state` to `file` (mode 0600) whole or not at all: into a new file beside it, then renamed
 * over it (rename(2) replaces atomically), so a `simulate` or console reading it meanwhile sees the
 * old state or the new one, never a file cut short.
 */
export async function saveState(file: string, state: SimulatorState): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const partial = `${file}.${crypto.randomUUID()}.tmp`;
  try {
    await writeFile(partial, JSON.stringify(state, null, 2), { mode: 0o600 });
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * Saves of one state object, one at a time and in order, each writing the state as it is when
 * its turn comes: the file ends with the latest state, whichever save was asked for first. A save
 * that fails rejects its own caller only; the next one still runs. For a process that saves from
 * more than one place (the console: after each turn, when a linking ends, and on its way out).
 * `write` is {@link saveState} but in tests.
 */
export function serialSaver(file: string, state: SimulatorState, write = saveState): () => Promise<void> {
  let last: Promise<void> = Promise.resolve();
  return () => (last = last.catch(() => undefined).then(() => write(file, state)));
}
