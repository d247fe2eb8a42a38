/**
 * What `simulate`, `link`, `unlink` and `disable` do once their command line is read: a simulated
 * device (device.ts) with its state in the state folder, one command per call; linking through the
 * one OAuth client (../oauth), and the token renewed before a request the way Alexa does (refreshed
 * when it has expired and there is a refresh token). Typed words go through the kit's utterance
 * resolver against the skill's own interaction model (issue #21).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NluError, NoMatchError, parseInteractionModelText, resolveUtterance } from '../../nlu/index.ts';
import { skillEventRequest } from '../../testing/envelopes.ts';
import { CliError, usage } from '../errors.ts';
import type { Net } from '../net.ts';
import { resolveClient, type ClientFlags } from '../oauth/client-config.ts';
import { renewal } from '../oauth/implicit.ts';
import { link } from '../oauth/link.ts';
import { refreshTokens, TOKEN_DEADLINE_MS, type LinkedTokens } from '../oauth/token.ts';
import type { ProjectConfig } from '../project.ts';
import { setPermission, setProfile } from './alexa-api.ts';
import { describe, send, type Answer, type Device } from './device.ts';
import { setTokensFor, speakerFor, tokensFor } from './person.ts';
import { START_DEV } from './skill.ts';
import { completeVoiceLink, isVoiceLinkChoice, noteVoiceLink, VOICE_LINK_CHOICES } from './voice-link.ts';

export interface Session {
  readonly project: ProjectConfig;
  readonly device: Device;
  /** Where the device's state is kept (`<state>/simulator.json`). */
  readonly stateFile: string;
  /**
   * Saves the device's state to `stateFile`: the one writer of it in this process, one save at a
   * time and in order, each writing the state as it is then (`serialSaver`).
   */
  readonly save: () => Promise<void>;
  readonly client: ClientFlags;
  /** The loopback redirect URI `link` listens on. */
  readonly redirectUri: string;
  readonly env: NodeJS.ProcessEnv;
  readonly net: Net;
  /** Prints progress a person reads (the login page's address); stderr under `--json`. */
  readonly say: (line: string) => void;
}

/** What one command did: the text a person reads, and the value `--json` prints. */
export interface Outcome {
  readonly text: string;
  readonly json: Record<string, unknown>;
}

/** The short names of the built-in intents. */
export const SHORT_INTENTS: Readonly<Record<string, string>> = {
  yes: 'AMAZON.YesIntent',
  no: 'AMAZON.NoIntent',
  help: 'AMAZON.HelpIntent',
  stop: 'AMAZON.StopIntent',
  cancel: 'AMAZON.CancelIntent',
  fallback: 'AMAZON.FallbackIntent',
};

const LINK_HINT = 'alexa-skill-workers link';

/** What the device keeps, for `--json` (never a token). */
function kept(session: Session, person: string | undefined): Record<string, unknown> {
  const { state } = session.device;
  const tokens = tokensFor(state, person);
  return {
    session: state.session ? { id: state.session.id, attributes: state.session.attributes } : null,
    linked: tokens ? { grant: tokens.grant ?? 'code', expiresAt: new Date(tokens.expiresAt).toISOString() } : null,
    pendingConnection: state.pendingConnection !== undefined,
    ...(person ? { person } : {}),
  };
}

function answered(session: Session, answer: Answer, person: string | undefined, extra = ''): Outcome {
  let response: unknown = answer.raw;
  try {
    response = JSON.parse(answer.raw);
  } catch {
    // not JSON: kept as text
  }
  const calls = answer.alexaApi && { alexaApi: answer.alexaApi.calls, ...(!answer.alexaApi.settled && { alexaApiUnsettled: true }) };
  return { text: `${describe(answer, LINK_HINT)}${extra}`, json: { status: answer.status, response, ...calls, kept: kept(session, person) } };
}

/**
 * Links an account as Alexa does (the code grant, or the implicit grant with `implicit`), keeps the
 * tokens for `person` (or the shared account), then sends `SkillAccountLinked` with the new token.
 * @throws {LinkError} as `link` (oauth/link.ts); {@link CliError} a provider or skill that does not answer.
 */
async function linkAccount(session: Session, person: string | undefined): Promise<LinkedTokens> {
  const resolved = await resolveClient(session.project, session.client, session.env, session.net, START_DEV);
  const account = session.project.certify.testAccount;
  const who = person ? `${person}'s own account` : account ? `e.g. the test account ${account.username} / ${account.password}` : 'your account';
  return link({
    client: resolved.client, grant: resolved.grant, redirectUri: session.redirectUri, net: session.net, now: () => session.device.now().getTime(),
    defaultTtlSeconds: resolved.defaultTtlSeconds,
    onUrl: (url) => session.say(`Open this page to sign in (${who}):\nLOGIN_URL ${url}`),
  });
}

/** `link`: see {@link linkAccount}. */
export async function runLink(session: Session, person: string | undefined): Promise<Outcome> {
  const tokens = await linkAccount(session, person);
  setTokensFor(session.device.state, person, tokens);
  const event = await send(session.device, skillEventRequest('AlexaSkillEvent.SkillAccountLinked', session.device.now(), { accessToken: tokens.accessToken }), speakerFor(session.device.state, person));
  return {
    text: `Linked${person ? ` for ${person}` : ''} (${tokens.grant ?? 'code'} grant). SkillAccountLinked sent (HTTP ${event.status}); later requests${person ? ` with --person ${person}` : ''} carry the token.`,
    json: { linked: true, grant: tokens.grant ?? 'code', expiresAt: new Date(tokens.expiresAt).toISOString(), event: { status: event.status }, kept: kept(session, person) },
  };
}

/**
 * `unlink` (the user unlinked: `SkillDisabled` with `PERSISTED`, the skill may keep what it stored)
 * or `disable` (the user disabled the skill: `NOT_PERSISTED`); the tokens and the session are forgotten.
 * Amazon: "Skill Events in Alexa Skills", https://developer.amazon.com/en-US/docs/alexa/smapi/skill-events-in-alexa-skills.html
 */
export async function runDisable(session: Session, command: 'unlink' | 'disable'): Promise<Outcome> {
  const persistence = command === 'unlink' ? 'PERSISTED' : 'NOT_PERSISTED';
  const { state } = session.device;
  const answer = await send(session.device, skillEventRequest('AlexaSkillEvent.SkillDisabled', session.device.now(), { userInformationPersistenceStatus: persistence }));
  state.tokens = undefined;
  state.persons = undefined;
  state.session = undefined;
  return { text: `SkillDisabled sent (${persistence}, HTTP ${answer.status}); the token is forgotten.`, json: { event: { status: answer.status, persistence }, kept: kept(session, undefined) } };
}

/** Renews the stored token before a request, like Alexa: refreshed when expired, left as it is when it cannot be. */
async function renew(session: Session, person: string | undefined): Promise<void> {
  const { state } = session.device;
  const linked = tokensFor(state, person);
  const now = session.device.now().getTime();
  const step = linked ? renewal(linked, now) : 'use';
  if (step === 'refresh' && linked) {
    const { client } = await resolveClient(session.project, session.client, session.env, session.net, START_DEV);
    if (!client.tokenUrl) throw new CliError('the stored token has expired and there is no token URL to refresh it: link again');
    const tokenClient = { tokenUrl: client.tokenUrl, clientId: client.clientId, clientSecret: client.clientSecret, scheme: client.scheme, net: session.net, deadlineMs: TOKEN_DEADLINE_MS };
    setTokensFor(state, person, await refreshTokens(tokenClient, linked, () => session.device.now().getTime()));
  } else if (step === 'expired-no-refresh') {
    // Like Alexa: an implicit grant's token has no refresh token, so it is sent as it is and the skill asks to link again.
    session.say('The access token has expired and cannot be refreshed (implicit grant, no refresh token): link again with `link --implicit`.');
  }
}

/** True for an intent and its slots as typed (`OrderCar destination=work`), not words to resolve. */
export function isIntentCommand(words: readonly string[]): boolean {
  const [first = '', ...rest] = words;
  return /^(AMAZON\.)?[A-Z][A-Za-z0-9_]*$/.test(first) && rest.every((w) => w.includes('='));
}

/** The request Alexa would send for `utterance`, from the skill's model for the device's locale. */
function resolveWords(session: Session, utterance: string): Record<string, unknown> {
  const { locale } = session.device;
  const file = join(session.project.skillPackage, 'interactionModels', 'custom', `${locale}.json`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`${file}: no interaction model for ${locale}, so typed words cannot be resolved (name an intent instead: OrderCar destination=work)`);
  }
  try {
    const model = parseInteractionModelText(text, { file });
    const { request } = resolveUtterance(model, utterance, { locale, now: session.device.now(), inSession: session.device.state.session !== undefined, skillId: session.device.skillId });
    return request as unknown as Record<string, unknown>;
  } catch (error) {
    if (error instanceof NoMatchError) {
      const near = error.closest.slice(0, 3).map((c) => `"${c.sample}" (${c.intent})`).join(', ');
      throw new CliError(`${error.message}${near ? `; closest samples: ${near}` : ''}`);
    }
    if (error instanceof NluError) throw new CliError(error.message);
    throw error;
  }
}

/** Voice-forward linking: Alexa and Amazon's linking skill answer the connection the skill started. */
async function voiceLink(session: Session, choice: string | undefined, person: string | undefined): Promise<Outcome> {
  if (!isVoiceLinkChoice(choice)) {
    const text = `Amazon asks to link your account by voice. Answer with: voice-link ${VOICE_LINK_CHOICES.join('|')}`;
    return { text, json: { pending: 'voice-link', choices: VOICE_LINK_CHOICES, kept: kept(session, person) } };
  }
  return answered(session, await completeVoiceLink(session.device, choice, { linkAccount: () => linkAccount(session, undefined) }), person);
}

/**
 * Runs one command: `words` as typed (`launch`, `OrderCar destination=work`, `get me a ride to
 * work`, `event SkillEnabled`, `link`, `status`, …), as `person` when given; `voiceChoice` answers
 * a voice-forward linking the answer starts.
 * @throws {CliError} one line: what does not answer, what cannot be resolved, what is missing.
 */
export async function runWords(session: Session, words: readonly string[], person: string | undefined, voiceChoice?: string): Promise<Outcome> {
  const [command = '', ...rest] = words;
  const { device } = session;
  if (command === 'link') return runLink(session, person);
  if (command === 'unlink' || command === 'disable') return runDisable(session, command);
  if (command === 'status') {
    const { state } = device;
    const text = [
      `Skill:   ${device.skillUrl} (${device.skillId})`,
      `Locale:  ${device.locale}`,
      `Device:  ${device.kind}`,
      `User:    ${state.userId}`,
      `Linked:  ${state.tokens ? `yes (${state.tokens.grant ?? 'code'} grant), token valid until ${new Date(state.tokens.expiresAt).toISOString()}` : 'no'}`,
      `Persons: ${Object.entries(state.persons ?? {}).map(([name, p]) => `${name} (${p.tokens ? 'own link' : 'shared account'})`).join(', ') || 'none'}`,
      `Session: ${state.session ? 'open' : 'none'}`,
      `Alexa API: ${device.alexaApi ? `local, granted ${state.alexaApi?.account?.permissions?.join(', ') || 'nothing'}${person ? ` (${person}: ${state.alexaApi?.persons?.[person]?.permissions?.join(', ') || 'nothing'})` : ''}` : 'off (--no-alexa-api)'}`,
    ].join('\n');
    const alexaApi = device.alexaApi ? { permissions: state.alexaApi?.account?.permissions ?? [], persons: state.alexaApi?.persons ?? {} } : null;
    return { text, json: { skill: { url: device.skillUrl, id: device.skillId }, locale: device.locale, device: device.kind, user: state.userId, alexaApi, kept: kept(session, person) } };
  }
  if (command === 'voice-link') return voiceLink(session, rest[0], person);
  if (command === 'grant' || command === 'deny') {
    if (rest.length > 1) throw usage(`${command} takes one permission, e.g. ${command} alexa::profile:given_name:read`);
    const done = setPermission(device.state, command, rest[0], person);
    return { text: done.text, json: { ...done.json, kept: kept(session, person) } };
  }
  if (command === 'profile') {
    const done = setProfile(device.state, rest, person);
    return { text: done.text, json: { ...done.json, kept: kept(session, person) } };
  }
  await renew(session, person);
  const speaker = speakerFor(device.state, person);
  let request: Record<string, unknown>;
  if (command === 'launch') request = { type: 'LaunchRequest' };
  else if (command === 'end') request = { type: 'SessionEndedRequest', reason: 'USER_INITIATED' };
  else if (command === 'event') request = skillEventRequest(`AlexaSkillEvent.${rest[0] ?? 'SkillEnabled'}`, device.now(), {});
  else if (SHORT_INTENTS[command.toLowerCase()] && rest.length === 0) request = intentRequest(SHORT_INTENTS[command.toLowerCase()]!, []);
  else if (isIntentCommand(words)) request = intentRequest(command, rest);
  else request = resolveWords(session, words.join(' '));
  return sendAs(session, request, speaker, person, voiceChoice);
}

/**
 * Sends `request` (a resolved utterance, an intent, an event) as `person` when given, with the
 * token renewed first as Alexa does; a voice-forward linking the answer starts is remembered and,
 * with `voiceChoice`, answered. The outcome carries the skill's answer as it came.
 * @throws {CliError} as {@link runWords}.
 */
export async function runRequest(session: Session, request: Record<string, unknown>, person: string | undefined, voiceChoice?: string): Promise<Outcome & { answer: Answer }> {
  await renew(session, person);
  return sendAs(session, request, speakerFor(session.device.state, person), person, voiceChoice);
}

async function sendAs(session: Session, request: Record<string, unknown>, speaker: ReturnType<typeof speakerFor>, person: string | undefined, voiceChoice: string | undefined): Promise<Outcome & { answer: Answer }> {
  const { device } = session;
  const answer = await send(device, request, speaker);
  if (!noteVoiceLink(device, answer)) return { ...answered(session, answer, person), answer };
  const linking = await voiceLink(session, voiceChoice, person);
  return { text: `${describe(answer, LINK_HINT)}\n${linking.text}`, json: { ...answered(session, answer, person).json, voiceLink: linking.json }, answer };
}

/** An IntentRequest with its slots `name=value` (underscores for spaces), dialog COMPLETED. */
function intentRequest(name: string, pairs: readonly string[]): Record<string, unknown> {
  const slots = Object.fromEntries(pairs.map((pair) => {
    const [slot = '', ...value] = pair.split('=');
    return [slot, { name: slot, value: value.join('=').replace(/_/g, ' '), confirmationStatus: 'NONE' }];
  }));
  return { type: 'IntentRequest', dialogState: 'COMPLETED', intent: { name, confirmationStatus: 'NONE', slots } };
}
