/**
 * `simulate --save <file>`: each turn of a simulate run appended to a conversation file
 * (alexa-skill-workers/conversation@1, the testing entry's format), so `replay <file>` plays it
 * again and holds the skill to what was heard. Words are kept as words, a named intent as an intent
 * step, `launch` as "open <invocation name>", `link`/`unlink` as link/unlink steps, a voice-forward
 * linking answer as a connection step; `status`, `event` and `end` are not part of a conversation.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONVERSATION_FORMAT, ConversationError, formatConversation, isObject, parseConversation, type Conversation, type ConversationStep, type Expected } from '../../testing/conversation/format.ts';
import { ACCOUNT_PERMISSIONS, PERSON_PERMISSIONS } from '../../testing/conversation/consent.ts';
import { heardOf } from '../../testing/conversation/played.ts';
import { profileOf } from './alexa-api.ts';
import { CliError } from '../errors.ts';
import { personIdFor, tokensFor } from './person.ts';
import { isIntentCommand, SHORT_INTENTS, type Outcome, type Session } from './session.ts';

/** What a conversation step expects of an answer, from the `--json` value of a command (`{ status, response, kept }`). */
function expectedOf(json: Record<string, unknown>): Expected {
  const envelope = isObject(json.response) ? json.response : {};
  const out = isObject(envelope.response) ? envelope.response : {};
  const kept = isObject(json.kept) ? json.kept : {};
  return {
    hear: heardOf(out.outputSpeech),
    card: isObject(out.card) && typeof out.card.type === 'string' ? out.card.type : 'none',
    sessionEnds: kept.session === null || kept.session === undefined,
  };
}

/** The skill's invocation name for the device's locale (what "launch" is said as). */
function invocationName(session: Session): string {
  const file = join(session.project.skillPackage, 'interactionModels', 'custom', `${session.device.locale}.json`);
  try {
    const model = JSON.parse(readFileSync(file, 'utf8')) as { interactionModel?: { languageModel?: { invocationName?: unknown } } };
    const name = model.interactionModel?.languageModel?.invocationName;
    if (typeof name === 'string' && name) return name;
  } catch {
    // refused below
  }
  throw new CliError(`${file}: no invocation name for ${session.device.locale}, so "launch" cannot be saved as words`);
}

/** The account name a saved link step gives (replay signs in whoever opens LOGIN_URL; a test's `link` option maps it to a token). */
const accountOf = (session: Session, person: string | undefined) => person ?? session.project.certify.testAccount?.username ?? 'account';

/** The steps one command adds: none for a command that is not part of a conversation. */
function stepsOf(session: Session, words: readonly string[], person: string | undefined, outcome: Outcome, voiceChoice?: string): ConversationStep[] {
  const [command = '', ...rest] = words;
  if (command === 'status' || command === 'event' || command === 'end') return [];
  if (command === 'link') return [{ link: accountOf(session, person) }];
  if (command === 'unlink' || command === 'disable') return [{ unlink: true }];
  if (command === 'voice-link') {
    const choice = rest[0];
    if (choice !== 'accept' && choice !== 'decline' && choice !== 'unmet' && choice !== 'fail') return [];
    return [{ connection: choice, ...(choice === 'accept' && { link: accountOf(session, undefined) }), ...expectedOf(outcome.json) }];
  }
  const expected = expectedOf(outcome.json);
  const short = SHORT_INTENTS[command.toLowerCase()];
  const step: ConversationStep =
    command === 'launch' ? { say: `open ${invocationName(session)}`, ...expected }
    : short && rest.length === 0 ? { intent: short, ...expected }
    : isIntentCommand(words) ? { intent: command, slots: Object.fromEntries(rest.map((pair) => [pair.split('=')[0]!, pair.split('=').slice(1).join('=').replace(/_/g, ' ')])), ...expected }
    : { say: words.join(' '), ...expected };
  const linking = isObject(outcome.json.voiceLink) ? outcome.json.voiceLink : undefined;
  // --voice-link answered the connection in the same command.
  if (!linking || !('status' in linking) || voiceChoice === undefined) return [step];
  return [step, ...stepsOf(session, ['voice-link', voiceChoice], person, { text: '', json: linking })];
}

/**
 * What the local Alexa API granted when a saved conversation starts, so replay grants the same:
 * the account's permissions, the recognized speaker's own, and the values the skill then reads
 * (the speaker's when there is one, else the account's). Nothing when nothing is granted.
 */
function consentOf(session: Session, person: string | undefined): Pick<Conversation, 'permissions' | 'personPermissions' | 'profile'> {
  const { state } = session.device;
  if (!session.device.alexaApi) return {};
  const known = (list: readonly string[] | undefined, scopes: readonly string[]) => (list ?? []).filter((p) => scopes.includes(p));
  const permissions = known(state.alexaApi?.account?.permissions, ACCOUNT_PERMISSIONS);
  const personPermissions = person === undefined ? [] : known(state.alexaApi?.persons?.[person]?.permissions, PERSON_PERMISSIONS);
  if (permissions.length === 0 && personPermissions.length === 0) return {};
  const { givenName, name, email } = profileOf(state, person);
  const profile = { ...(givenName && { givenName }), ...(name && { name }), ...(person === undefined && email && { email }) };
  return { ...(permissions.length > 0 && { permissions }), ...(personPermissions.length > 0 && { personPermissions }), profile };
}

/**
 * Appends the steps of one command to `file` (created with the device's locale and speaker, and the
 * Alexa API's permissions granted then, when it does not exist; a device already linked then starts with a link step, since a conversation starts unlinked).
 * @throws {CliError} a file that is not a conversation, or one of another locale.
 */
export function saveTurn(file: string, session: Session, words: readonly string[], person: string | undefined, outcome: Outcome, voiceChoice?: string): void {
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // a new file
  }
  const { locale, state } = session.device;
  let conversation: Conversation;
  if (text === undefined) {
    const linked = tokensFor(state, person) !== undefined && words[0] !== 'link';
    conversation = {
      format: CONVERSATION_FORMAT,
      locale,
      ...(person && { person: personIdFor(state.userId, person) }),
      ...consentOf(session, person),
      steps: linked ? [{ link: accountOf(session, person) }] : [],
    };
  } else {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new CliError(`${file}: not JSON, so --save cannot add to it (give a new file)`);
    }
    try {
      conversation = parseConversation(json, file);
    } catch (error) {
      throw error instanceof ConversationError ? new CliError(`${error.message} (--save adds only to a conversation file)`) : error;
    }
    if (conversation.locale !== locale) throw new CliError(`${file} is a ${conversation.locale} conversation: run with --locale ${conversation.locale}, or save to another file`);
  }
  const steps = [...conversation.steps, ...stepsOf(session, words, person, outcome, voiceChoice)];
  if (steps.length === conversation.steps.length && (text !== undefined || steps.length === 0)) return;
  writeFileSync(file, formatConversation({ ...conversation, steps }));
}
