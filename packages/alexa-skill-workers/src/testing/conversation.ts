/**
 * Conversations kept as tests: a file of what the user says (typed words, resolved offline from the
 * skill's own interaction model) and what the skill should answer, played turn by turn against the
 * Worker as a device would, the session kept between turns. In the spirit of ask-cli's `.record`
 * files for `ask dialog --replay` (a locale and the user's inputs), with the answers heard kept too,
 * so a replay is a regression test; unlike `ask dialog` it needs no deployed skill and no Amazon login.
 * @see https://developer.amazon.com/en-US/docs/alexa/smapi/ask-cli-command-reference.html (`ask dialog --replay`)
 */
import { AlexaWorkersError } from '../core/errors.ts';
import { NluError } from '../nlu/errors.ts';
import { parseInteractionModel, type InteractionModel } from '../nlu/model.ts';
import { resolveUtterance } from '../nlu/resolve.ts';
import { envelopeFor, SKILL_ID, type EnvelopePerson } from './envelopes.ts';

/** The `format` a conversation file carries, so a later change of shape can be told apart. */
export const CONVERSATION_FORMAT = 'alexa-skill-workers/conversation@1';

/**
 * One step of a conversation:
 * - `{ say, hear?, card?, sessionEnds? }`: the user says `say`; the answer must be heard as `hear`
 *   (the speech without SSML tags, whitespace collapsed), show a card of type `card` (`"none"` for no
 *   card), and end the session or not. What a step leaves out is not checked.
 * - `{ link }`: the user links the account named `link` in the Alexa app (the next requests carry
 *   the access token `PlayOptions.link` gives for that name).
 * - `{ unlink: true }`: the user unlinks (the next requests carry no access token).
 */
export type ConversationStep =
  | {
      readonly say: string;
      readonly hear?: string;
      readonly card?: string;
      readonly sessionEnds?: boolean;
    }
  | { readonly link: string }
  | { readonly unlink: true };

/** A conversation as a file holds it (JSON). */
export interface Conversation {
  readonly format: typeof CONVERSATION_FORMAT;
  /** The locale of every request, and the model the words are resolved with. */
  readonly locale: string;
  /** A recognized speaker for every request (`context.System.person`), by their person ID. */
  readonly person?: string;
  readonly steps: readonly ConversationStep[];
}

/**
 * A conversation file that isn't one (`CONVERSATION_INVALID`): the message names the file and the
 * JSON path (`steps[2].hear: not text`), as a model error does.
 */
export class ConversationError extends AlexaWorkersError<'CONVERSATION_INVALID'> {
  override readonly name = 'ConversationError';
  readonly code = 'CONVERSATION_INVALID' as const;
  constructor(
    readonly file: string,
    readonly path: string,
    problem: string,
  ) {
    super(`${file}: ${path}: ${problem}`);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks that `json` (a parsed file) is a conversation and returns it typed.
 * @throws ConversationError naming `file` and the JSON path of the first problem.
 */
export function parseConversation(json: unknown, file = 'conversation'): Conversation {
  const fail = (path: string, problem: string): never => {
    throw new ConversationError(file, path, problem);
  };
  if (!isObject(json)) return fail('$', 'not an object');
  if (json.format !== CONVERSATION_FORMAT) fail('format', `must be ${JSON.stringify(CONVERSATION_FORMAT)}`);
  if (typeof json.locale !== 'string' || !/^[a-z]{2}-[A-Z]{2}$/.test(json.locale)) fail('locale', 'must be a locale such as "en-US"');
  if (json.person !== undefined && (typeof json.person !== 'string' || json.person === '')) fail('person', 'must be a person ID');
  if (!Array.isArray(json.steps) || json.steps.length === 0) return fail('steps', 'must be a list of steps');
  json.steps.forEach((step: unknown, i) => {
    const at = `steps[${i}]`;
    if (!isObject(step)) return fail(at, 'not an object');
    const keys = Object.keys(step);
    const allowed = 'say' in step ? ['say', 'hear', 'card', 'sessionEnds'] : 'link' in step ? ['link'] : 'unlink' in step ? ['unlink'] : [];
    if (allowed.length === 0) return fail(at, 'says nothing: give "say", "link" or "unlink"');
    const extra = keys.find((k) => !allowed.includes(k));
    if (extra !== undefined) fail(`${at}.${extra}`, `not part of a ${allowed[0]} step`);
    for (const key of ['say', 'hear', 'card', 'link'] as const) {
      if (key in step && (typeof step[key] !== 'string' || (key !== 'hear' && step[key] === ''))) fail(`${at}.${key}`, 'must be text');
    }
    if ('sessionEnds' in step && typeof step.sessionEnds !== 'boolean') fail(`${at}.sessionEnds`, 'must be true or false');
    if ('unlink' in step && step.unlink !== true) fail(`${at}.unlink`, 'must be true');
    return undefined;
  });
  return json as unknown as Conversation;
}

/** How a conversation is played. */
export interface PlayOptions {
  /**
   * The skill's interaction model for the conversation's locale, as the file holds it
   * (`skill-package/interactionModels/custom/<locale>.json`, parsed JSON).
   */
  readonly model: unknown;
  /**
   * Sends one request envelope to the skill and returns its HTTP response: typically signs it with
   * a test PKI and hands it to the Worker (`testWorker(worker, env)(await signedAlexaRequest(pki, envelope))`).
   */
  readonly send: (envelope: Record<string, unknown>) => Promise<Response>;
  /** The access token for an account the conversation links (`{ "link": name }`). */
  readonly link?: (name: string) => string | Promise<string>;
  /** The clock of every request (`request.timestamp`, "today" for AMAZON.DATE). Default the real clock. */
  readonly now?: () => Date;
  /** The skill ID the requests carry. Default the testing entry's `SKILL_ID`. */
  readonly skillId?: string;
  /** The Alexa user ID the requests carry. */
  readonly userId?: string;
  /**
   * `context.System.apiAccessToken` for Alexa's service APIs (e.g. a `FakeAlexaApi`'s token); `null`
   * sends none, so the skill calls none of them. Default as `envelopeFor`.
   */
  readonly apiAccessToken?: string | null;
}

/** One step as it was played: what was sent and what came back, read as a device reads it. */
export interface PlayedStep {
  readonly step: ConversationStep;
  /** The `request` object sent (absent for link and unlink steps). */
  readonly request?: Record<string, unknown>;
  readonly status?: number;
  /** The speech without SSML tags, whitespace collapsed ("" when the answer has none). */
  readonly heard?: string;
  /** The card's type, or "none". */
  readonly card?: string;
  readonly sessionEnds?: boolean;
  /** The response envelope as JSON (absent when the status is not 200 or the body isn't JSON). */
  readonly response?: Record<string, unknown>;
}

/** A difference between what a step expects and what the skill answered. */
export interface Mismatch {
  /** The step's index in `steps`. */
  readonly step: number;
  readonly say: string;
  readonly field: 'status' | 'hear' | 'card' | 'sessionEnds';
  readonly expected: unknown;
  readonly actual: unknown;
}

/** What {@link playConversation} found. */
export interface PlayedConversation {
  readonly played: readonly PlayedStep[];
  /** Every expectation the answers did not meet, in order: a test asserts it is empty. */
  readonly mismatches: readonly Mismatch[];
  /** The conversation with every `say` step's `hear`, `card` and `sessionEnds` as answered now: write it to record one. */
  readonly recorded: Conversation;
}

/**
 * The speech of an `outputSpeech` as a person hears it: SSML tags dropped, the five XML entities
 * decoded, whitespace collapsed. (Amazon, "Speech Synthesis Markup Language (SSML) Reference".)
 */
export function heardOf(outputSpeech: unknown): string {
  if (!isObject(outputSpeech)) return '';
  const text =
    typeof outputSpeech.ssml === 'string' ? outputSpeech.ssml.replace(/<[^>]*>/g, ' ')
    : typeof outputSpeech.text === 'string' ? outputSpeech.text
    : '';
  const decoded = text.replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name]!);
  return decoded.replace(/\s+/g, ' ').trim();
}

/**
 * Plays `conversation` against a skill: each `say` is resolved from the model as Alexa's
 * understanding of speech would (outside a session the words must name the skill, "ask ride hailer
 * to …"; inside one they are bare), wrapped in an envelope with the session so far (its ID, the
 * attributes the skill returned) and sent. The session continues only when the answer says
 * `shouldEndSession: false`, as on a device without a screen. Every request carries the linked
 * account's token, if any. Resolves when every step was played, whatever was answered.
 * @throws ConversationError when the file is not a conversation; ModelError when the model is not
 *   Amazon's shape; a `say` that resolves to nothing (not invoked, no match without a
 *   fallback) as ConversationError naming the step, as is a `link` step without `options.link`.
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-and-response-json-reference.html
 */
export async function playConversation(json: unknown, options: PlayOptions, file = 'conversation'): Promise<PlayedConversation> {
  const conversation = parseConversation(json, file);
  const model: InteractionModel = parseInteractionModel(options.model, { file: `${conversation.locale}.json` });
  const now = options.now ?? (() => new Date());
  const person: EnvelopePerson | undefined = conversation.person !== undefined ? { personId: conversation.person } : undefined;
  const played: PlayedStep[] = [];
  const mismatches: Mismatch[] = [];
  let accessToken: string | undefined;
  let session: { id: string; attributes: Record<string, unknown>; isNew: boolean } | undefined;

  for (const [index, step] of conversation.steps.entries()) {
    if ('link' in step) {
      if (!options.link) throw new ConversationError(file, `steps[${index}].link`, 'links an account, but playConversation was given no link option');
      accessToken = await options.link(step.link);
      played.push({ step });
      continue;
    }
    if ('unlink' in step) {
      accessToken = undefined;
      played.push({ step });
      continue;
    }
    let request: Record<string, unknown>;
    try {
      request = { ...resolveUtterance(model, step.say, { locale: conversation.locale, now: now(), inSession: session !== undefined, skillId: options.skillId ?? SKILL_ID }).request };
    } catch (error) {
      // A NoMatchError's message already lists the closest samples.
      if (error instanceof NluError) throw new ConversationError(file, `steps[${index}].say`, error.message);
      throw error;
    }
    if (session === undefined || request.type === 'LaunchRequest') session = { id: `amzn1.echo-api.session.${crypto.randomUUID()}`, attributes: {}, isNew: true };
    const envelope = envelopeFor(
      request,
      {
        timestamp: now(),
        locale: conversation.locale,
        skillId: options.skillId ?? SKILL_ID,
        ...(options.userId !== undefined && { userId: options.userId }),
        ...(options.apiAccessToken !== undefined && { apiAccessToken: options.apiAccessToken }),
        ...(accessToken !== undefined && { accessToken }),
        ...(person && { person }),
        sessionId: session.id,
        attributes: session.attributes,
        newSession: session.isNew,
      },
      true,
    );
    const response = await options.send(envelope);
    const text = await response.text();
    let body: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(text);
      if (isObject(parsed)) body = parsed;
    } catch {
      // not JSON: the status tells
    }
    const out = response.status === 200 && isObject(body?.response) ? body.response : undefined;
    const heard = heardOf(out?.outputSpeech);
    const card = isObject(out?.card) && typeof out.card.type === 'string' ? out.card.type : 'none';
    const sessionEnds = out?.shouldEndSession !== false;
    session = sessionEnds ? undefined : { id: session.id, attributes: isObject(body?.sessionAttributes) ? body.sessionAttributes : {}, isNew: false };
    played.push({ step, request, status: response.status, heard, card, sessionEnds, ...(out && body && { response: body }) });
    const miss = (field: Mismatch['field'], expected: unknown, actual: unknown) => mismatches.push({ step: index, say: step.say, field, expected, actual });
    if (response.status !== 200) miss('status', 200, response.status);
    if (step.hear !== undefined && step.hear !== heard) miss('hear', step.hear, heard);
    if (step.card !== undefined && step.card !== card) miss('card', step.card, card);
    if (step.sessionEnds !== undefined && step.sessionEnds !== sessionEnds) miss('sessionEnds', step.sessionEnds, sessionEnds);
  }

  const recorded: Conversation = {
    ...conversation,
    steps: played.map(({ step, heard, card, sessionEnds }) => ('say' in step ? { say: step.say, hear: heard ?? '', card: card ?? 'none', sessionEnds: sessionEnds ?? true } : step)),
  };
  return { played, mismatches, recorded };
}
