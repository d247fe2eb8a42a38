/**
 * The conversation player: a conversation file (format.ts) played turn by turn against a skill as a
 * device would, the session kept between turns, and every answer held to what the file expects.
 * The same code plays a file in vitest (the testing entry's `playConversation`, its `send` handing
 * envelopes to a Worker) and from the command line (`replay`, its `send` signing and posting to a
 * running skill). No Node API here.
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-and-response-json-reference.html
 */
import { NluError } from '../../nlu/errors.ts';
import { answerDialog, delegateDialog, startDialog, type DialogSession, type DialogStep } from '../../nlu/dialog.ts';
import { parseInteractionModel, type InteractionModel } from '../../nlu/model.ts';
import type { AlexaIntent, IntentRequestBody } from '../../nlu/request.ts';
import { resolveUtterance } from '../../nlu/resolve.ts';
import { envelopeFor, SKILL_ID, USER_ID, type EnvelopePerson } from '../envelopes.ts';
import { ASK_FOR_ACCOUNT_LINKING_URI, connectionCause, isKnownConnection, VERIFY_PERSON_URI } from './connections.ts';
import { alexaUserOf, declaresAlexaApi } from './consent.ts';
import { ConversationError, hearMatches, isObject, parseConversation, type Conversation, type Expected } from './format.ts';
import { heardOf, type Mismatch, type PlayedConversation, type PlayedStep, type PlayOptions } from './played.ts';

type Json = Record<string, unknown>;
interface Session {
  readonly id: string;
  attributes: Json;
  isNew: boolean;
  /** A delegated dialog waiting on the user's answer to Alexa's prompt. */
  dialog?: DialogSession;
  /** A connection the skill started and the next step answers. */
  connection?: { readonly uri: string; readonly token: string | undefined };
}

/** What the skill (or Alexa, speaking a prompt) answered one step. */
type Heard = Omit<PlayedStep, 'step'>;

const directivesOf = (out: Json | undefined): Json[] => (Array.isArray(out?.directives) ? (out.directives as unknown[]).filter(isObject) : []);

/**
 * Plays `conversation` against a skill: each `say` is resolved from the model as Alexa's
 * understanding of speech would (outside a session the words must name the skill, "ask ride hailer
 * to …"; inside one they are bare), wrapped in an envelope with the session so far (its ID, the
 * attributes the skill returned) and sent. The session continues only when the answer says
 * `shouldEndSession: false`, as on a device without a screen. Every request carries the linked
 * account's token, if any. Played as Alexa would:
 * - `Dialog.Delegate` (with `updatedIntent` when given): the resolver's delegation (nlu/dialog.ts)
 *   elicits the next required slot or asks a confirmation with the model's prompt (heard, the session
 *   open), the next `say` answering it; when the dialog is complete the skill gets it COMPLETED.
 *   An intent with auto delegation (`delegationStrategy: ALWAYS`) is delegated from its first turn.
 * - `Connections.StartConnection` resuming the session: the session is suspended (`sessionEnds`
 *   false) and the next step must be a `connection` step, answered with a `SessionResumedRequest`
 *   (connections.ts); an accepted AskForAccountLinking links the account `link` names, an accepted
 *   VerifyPerson (the PIN) raises the speaker's confidence level to 400.
 * Resolves when every step was played, whatever was answered.
 * @throws ConversationError when the file is not a conversation; a `say` that resolves to nothing,
 *   a `say` while a connection waits for its answer, a `connection` step with no connection
 *   started, a `link` without `options.link`: each naming the step. ModelError when the model is
 *   not Amazon's shape.
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/dialog-interface-reference.html
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/use-skill-connections-to-request-tasks.html
 */
export async function playConversation(json: unknown, options: PlayOptions, file = 'conversation'): Promise<PlayedConversation> {
  const conversation = parseConversation(json, file);
  const model: InteractionModel = parseInteractionModel(options.model, { file: `${conversation.locale}.json` });
  const { locale } = conversation;
  const now = options.now ?? (() => new Date());
  const skillId = options.skillId ?? SKILL_ID;
  const played: PlayedStep[] = [];
  const mismatches: Mismatch[] = [];
  let accessToken: string | undefined;
  let session: Session | undefined;
  let confidence: number | undefined;
  const { alexaApi } = options;
  const userId = options.userId ?? USER_ID;
  if (alexaApi) alexaApi.user(alexaUserOf(conversation, userId));
  else if (declaresAlexaApi(conversation)) {
    throw new ConversationError(file, 'permissions', 'declares what the Alexa API grants, but playConversation was given no alexaApi option (e.g. a FakeAlexaApi)');
  }

  const linkAs = async (name: string, at: string) => {
    if (!options.link) throw new ConversationError(file, at, 'links an account, but playConversation was given no link option');
    accessToken = await options.link(name);
  };

  /** Sends `request` in the session (a new one when there is none or it launches) and reads the answer. */
  const exchange = async (request: Json): Promise<{ heard: Heard; out: Json | undefined }> => {
    if (session === undefined || request.type === 'LaunchRequest') session = { id: `amzn1.echo-api.session.${crypto.randomUUID()}`, attributes: {}, isNew: true };
    const person: EnvelopePerson | undefined =
      conversation.person !== undefined ? { personId: conversation.person, ...(confidence !== undefined && { confidence }) } : undefined;
    const envelope = envelopeFor(
      request,
      {
        timestamp: now(),
        locale,
        skillId,
        userId,
        ...(options.deviceId !== undefined && { deviceId: options.deviceId }),
        ...(alexaApi
          ? {
              apiAccessToken: alexaApi.token({ userId, ...(options.deviceId !== undefined && { deviceId: options.deviceId }), ...(person && { personId: person.personId }) }),
              ...(alexaApi.endpoint !== undefined && { apiEndpoint: alexaApi.endpoint }),
            }
          : options.apiAccessToken !== undefined && { apiAccessToken: options.apiAccessToken }),
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
    let body: Json | undefined;
    try {
      const parsed: unknown = JSON.parse(text);
      if (isObject(parsed)) body = parsed;
    } catch {
      // not JSON: the status tells
    }
    const out = response.status === 200 && isObject(body?.response) ? body.response : undefined;
    const start = directivesOf(out).find((d) => d.type === 'Connections.StartConnection' && d.onCompletion !== 'SEND_ERRORS_ONLY' && typeof d.uri === 'string');
    // Alexa keeps the session for a dialog it takes over and for a connection it suspends the session for.
    const delegating = directivesOf(out).some((d) => d.type === 'Dialog.Delegate');
    const sessionEnds = start === undefined && !delegating && out?.shouldEndSession !== false;
    session = sessionEnds
      ? undefined
      : {
          id: session.id,
          attributes: isObject(body?.sessionAttributes) ? body.sessionAttributes : {},
          isNew: false,
          ...(start && { connection: { uri: start.uri as string, token: typeof start.token === 'string' ? start.token : undefined } }),
        };
    const heard: Heard = {
      request,
      status: response.status,
      heard: heardOf(out?.outputSpeech),
      card: isObject(out?.card) && typeof out.card.type === 'string' ? out.card.type : 'none',
      sessionEnds,
      ...(start && { connection: start.uri as string }),
      ...(out && body && { response: body }),
    };
    return { heard, out };
  };

  /** Plays a step of the delegated dialog: Alexa's prompt, or the request the skill gets (then its Dialog.Delegate, if any). */
  const playDialog = async (step: DialogStep): Promise<Heard> => {
    for (;;) {
      if (step.kind === 'prompt') {
        session = { id: session?.id ?? `amzn1.echo-api.session.${crypto.randomUUID()}`, attributes: session?.attributes ?? {}, isNew: session?.isNew ?? true, dialog: step.session };
        return { heard: step.prompt.speech, card: 'none', sessionEnds: false };
      }
      const { out, heard } = await exchange(step.request as unknown as Json);
      const delegate = directivesOf(out).find((d) => d.type === 'Dialog.Delegate');
      if (!delegate || session === undefined) return heard;
      const updatedIntent = isObject(delegate.updatedIntent) ? (delegate.updatedIntent as unknown as AlexaIntent) : undefined;
      step = delegateDialog(model, step.session, { locale, ...(updatedIntent && { updatedIntent }) });
    }
  };

  /** The first dialog step of `request`: auto delegation goes straight to a prompt; no dialog model, the request as it is. */
  const firstStep = (request: Json): DialogStep => {
    const intentRequest = request as unknown as IntentRequestBody;
    if (request.type !== 'IntentRequest' || intentRequest.dialogState === undefined) return { kind: 'request', request: intentRequest, session: { intent: intentRequest.intent } };
    try {
      return startDialog(model, intentRequest, { locale });
    } catch (error) {
      if (error instanceof NluError && error.code === 'ERR_DIALOG_STATE') return { kind: 'request', request: intentRequest, session: { intent: intentRequest.intent } };
      throw error;
    }
  };

  const check = (index: number, say: string, expected: Expected, heard: Heard) => {
    const miss = (field: Mismatch['field'], want: unknown, actual: unknown) => mismatches.push({ step: index, say, field, expected: want, actual });
    if (heard.status !== undefined && heard.status !== 200) miss('status', 200, heard.status);
    if (expected.hear !== undefined && !hearMatches(expected.hear, heard.heard ?? '')) miss('hear', expected.hear, heard.heard);
    if (expected.card !== undefined && expected.card !== heard.card) miss('card', expected.card, heard.card);
    if (expected.sessionEnds !== undefined && expected.sessionEnds !== heard.sessionEnds) miss('sessionEnds', expected.sessionEnds, heard.sessionEnds);
  };

  for (const [index, step] of conversation.steps.entries()) {
    const at = `steps[${index}]`;
    if ('say' in step) {
      if (session?.connection) throw new ConversationError(file, `${at}.say`, `the skill started ${session.connection.uri}: answer it first with a "connection" step (accept, decline, unmet or fail)`);
      let dialogStep: DialogStep;
      try {
        const options_ = { locale, now: now(), inSession: session !== undefined, skillId };
        dialogStep = session?.dialog
          ? answerDialog(model, session.dialog, step.say, options_)
          : firstStep({ ...resolveUtterance(model, step.say, options_).request });
      } catch (error) {
        // A NoMatchError's message already lists the closest samples.
        if (error instanceof NluError) throw new ConversationError(file, `${at}.say`, error.message);
        throw error;
      }
      if (session?.dialog) session.dialog = undefined;
      const heard = await playDialog(dialogStep);
      played.push({ step, ...heard });
      check(index, step.say, step, heard);
      continue;
    }
    if ('intent' in step) {
      if (session?.connection) throw new ConversationError(file, `${at}.intent`, `the skill started ${session.connection.uri}: answer it first with a "connection" step`);
      if (session?.dialog) session.dialog = undefined;
      const slots = Object.fromEntries(Object.entries(step.slots ?? {}).map(([name, value]) => [name, { name, value, confirmationStatus: 'NONE' }]));
      const { heard } = await exchange({ type: 'IntentRequest', dialogState: 'COMPLETED', intent: { name: step.intent, confirmationStatus: 'NONE', slots } });
      played.push({ step, ...heard });
      check(index, step.intent, step, heard);
      continue;
    }
    if ('connection' in step) {
      const pending = session?.connection;
      if (!pending || !session) throw new ConversationError(file, `${at}.connection`, 'answers a connection, but the last answer started none (Connections.StartConnection)');
      session.connection = undefined;
      const accepted = step.connection === 'accept';
      if (step.link !== undefined && !(accepted && pending.uri === ASK_FOR_ACCOUNT_LINKING_URI)) {
        throw new ConversationError(file, `${at}.link`, `only an accepted ${ASK_FOR_ACCOUNT_LINKING_URI} links an account`);
      }
      if (accepted && pending.uri === ASK_FOR_ACCOUNT_LINKING_URI) {
        if (step.link === undefined) throw new ConversationError(file, `${at}.link`, 'an accepted account-linking connection links an account: name it ("link": "ana")');
        await linkAs(step.link, `${at}.link`);
      }
      if (!isKnownConnection(pending.uri) && (step.connection === 'decline' || step.connection === 'unmet')) {
        throw new ConversationError(file, `${at}.connection`, `${pending.uri} has no known ${step.connection} result: give accept or fail`);
      }
      if (accepted && pending.uri === VERIFY_PERSON_URI) confidence = 400;
      const { heard } = await exchange({ type: 'SessionResumedRequest', cause: connectionCause(pending.uri, step.connection, pending.token) });
      played.push({ step, ...heard });
      check(index, `connection ${step.connection}`, step, heard);
      continue;
    }
    if ('link' in step) await linkAs(step.link, `${at}.link`);
    else {
      await options.unlink?.();
      accessToken = undefined;
    }
    played.push({ step });
  }

  // A `{{number}}` the answer still matches stays in the file: recording again keeps what may vary.
  const hearOf = (expected: string | undefined, heard: string | undefined) => (expected !== undefined && expected !== heard && hearMatches(expected, heard ?? '') ? expected : heard ?? '');
  const recorded: Conversation = {
    ...conversation,
    steps: played.map(({ step, heard, card, sessionEnds }) => {
      if ('say' in step) return { say: step.say, hear: hearOf(step.hear, heard), card: card ?? 'none', sessionEnds: sessionEnds ?? true };
      if ('intent' in step) return { intent: step.intent, ...(step.slots && { slots: step.slots }), hear: hearOf(step.hear, heard), card: card ?? 'none', sessionEnds: sessionEnds ?? true };
      if ('connection' in step) return { connection: step.connection, ...(step.link !== undefined && { link: step.link }), hear: hearOf(step.hear, heard), card: card ?? 'none', sessionEnds: sessionEnds ?? true };
      return step;
    }),
  };
  return { played, mismatches, recorded };
}
