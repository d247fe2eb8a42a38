/**
 * Voice-forward account linking, played locally: when the skill answers with
 * `Connections.StartConnection` to `connection://AMAZON.AskForAccountLinking/1`, the simulator plays
 * Alexa and Amazon's linking skill. `accept` links the account (the grant against the provider,
 * standing in for the consent and one-time code Amazon asks for by voice), sends
 * `SkillAccountLinked`, then resumes the skill with `SessionResumedRequest` status `LINKED` and the
 * new token in `context.System.user.accessToken`; `decline` resumes it with `DENIED`, `unmet` with
 * `USER_REQUIREMENTS_NOT_MET`, `fail` with a connection status of 500.
 * https://developer.amazon.com/en-US/docs/alexa/account-linking/voice-forward-account-linking-implementation-details.html
 */
import { ASK_FOR_ACCOUNT_LINKING_URI, CONNECTION_CHOICES, connectionCause, type ConnectionChoice } from '../../testing/conversation/connections.ts';
import { skillEventRequest } from '../../testing/envelopes.ts';
import { send, type Answer, type Device } from './device.ts';
import type { LinkedTokens } from '../oauth/token.ts';

export const VOICE_LINK_CHOICES = CONNECTION_CHOICES;
export type VoiceLinkChoice = ConnectionChoice;

export function isVoiceLinkChoice(word: string | undefined): word is VoiceLinkChoice {
  return (VOICE_LINK_CHOICES as readonly string[]).includes(word ?? '');
}

/** The `request` of the SessionResumedRequest Alexa sends back for `choice` (Amazon's `cause` shape, shared with the conversation player). */
export function resumedRequestFor(token: string | undefined, choice: VoiceLinkChoice): Record<string, unknown> {
  return { type: 'SessionResumedRequest', cause: connectionCause(ASK_FOR_ACCOUNT_LINKING_URI, choice, token) };
}

export interface VoiceLinkDeps {
  /** Links the account as `link` does (prints the provider's login page); used on `accept` only. */
  readonly linkAccount: () => Promise<LinkedTokens>;
}

/**
 * Completes the pending AskForAccountLinking connection with `choice` and returns the skill's answer
 * to the SessionResumedRequest (on `accept`, the original request's answer).
 * @throws {Error} when no connection is pending.
 */
/** Remembers the connection an answer starts, when it is voice-forward linking; true if it did. */
export function noteVoiceLink(device: Device, answer: Answer): boolean {
  if (answer.connection?.uri !== ASK_FOR_ACCOUNT_LINKING_URI) return false;
  device.state.pendingConnection = { token: answer.connection.token };
  return true;
}

export async function completeVoiceLink(device: Device, choice: VoiceLinkChoice, deps: VoiceLinkDeps): Promise<Answer> {
  const pending = device.state.pendingConnection;
  if (!pending) throw new Error('no voice-linking connection is pending: ask for something that needs the account first');
  device.state.pendingConnection = undefined;
  if (choice === 'accept') {
    device.state.tokens = await deps.linkAccount();
    await send(device, skillEventRequest('AlexaSkillEvent.SkillAccountLinked', new Date(), { accessToken: device.state.tokens.accessToken }));
  }
  return send(device, resumedRequestFor(pending.token, choice));
}
