/**
 * One turn of the console: typed words resolved against the skill's model (the trace kept), the
 * request signed and sent by the simulator (../simulate), and what came back, for the page to draw.
 * A skill that is down or answers garbage is a turn too (its status and body, or the one line
 * naming what does not answer), so the console goes on. Tokens and signatures never leave here:
 * the request shown has every `accessToken` replaced by {@link redactTokens}.
 */
import { NluError, NoMatchError, resolveUtterance, type ResolveTrace } from '../../nlu/index.ts';
import { CliError } from '../errors.ts';
import type { AlexaApiRecord } from '../simulate/alexa-api.ts';
import { post, type Answer, type DeviceKind } from '../simulate/device.ts';
import { tokensFor } from '../simulate/person.ts';
import { runRequest, type Outcome, type Session } from '../simulate/session.ts';
import { modelFor } from './model.ts';

/**
 * The time a skill has for a full response: "the skill has approximately eight seconds to return a
 * full response" ("Send the User a Progressive Response",
 * https://developer.amazon.com/en-US/docs/alexa/custom-skills/send-the-user-a-progressive-response.html).
 */
const RESPONSE_BUDGET_MS = 8000;

/**
 * How far in the past a stale request is dated: Amazon refuses a timestamp more than 150 seconds
 * off ("Host a Custom Skill as a Web Service", "Check the request timestamp",
 * https://developer.amazon.com/en-US/docs/alexa/custom-skills/host-a-custom-skill-as-a-web-service.html).
 */
const STALE_BY_MS = 5 * 60_000;

/** The tamper switch: signed as Alexa signs, or unsigned, a forged signature, a stale timestamp (certification rehearsal). */
export type Tamper = 'none' | 'unsigned' | 'forged' | 'stale';
/** Every {@link Tamper}, for checking what the page sent. */
export const TAMPERS: readonly Tamper[] = ['none', 'unsigned', 'forged', 'stale'];

/** What the page chose for the next turn. */
export interface TurnSettings {
  readonly locale: string;
  readonly device: DeviceKind;
  /** A recognized speaker's name, or none (the account's user). */
  readonly person: string | undefined;
  readonly tamper: Tamper;
}

/** What the page draws for one turn. */
export interface Turn {
  readonly input: string;
  readonly locale: string;
  /** How the words were understood; absent for a button (a launch, an event). */
  readonly trace?: ResolveTrace;
  /** The `request` object sent. */
  readonly request?: unknown;
  /** The whole envelope as sent, tokens redacted. */
  readonly sent?: unknown;
  readonly signature: string;
  /** The skill's HTTP status and body (parsed when it is JSON). */
  readonly answer?: { readonly status: number; readonly body: unknown; readonly json: boolean };
  /** One line: nothing matched (with the closest samples), the skill does not answer, … */
  readonly error?: string;
  readonly closest?: readonly { readonly intent: string; readonly sample: string }[];
  readonly ms: number;
  readonly budgetMs: number;
  /** What the device keeps: the session and its attributes, the link (never a token). */
  readonly kept?: unknown;
  /** A voice-forward linking the answer started, waiting for accept or decline. */
  readonly voiceLink?: boolean;
  /**
   * The calls the skill made to the local Alexa API for this request (method, path, status, a
   * progressive response's speech; never a token), and whether they all ended before the turn
   * did. Absent when the device serves no local Alexa API (`--no-alexa-api`).
   */
  readonly alexaApi?: AlexaApiRecord;
}

/** What a turn needs besides the session: a monotonic clock for the latency (ms). */
export interface TurnDeps {
  readonly clock: () => number;
}

/** `session` as the page set it for this turn: the locale, the device, the tamper switch. */
export function sessionFor(base: Session, settings: TurnSettings, say: (line: string) => void): Session {
  const now = settings.tamper === 'stale' ? () => new Date(base.device.now().getTime() - STALE_BY_MS) : base.device.now;
  const tamper = settings.tamper === 'unsigned' || settings.tamper === 'forged' ? settings.tamper : undefined;
  return { ...base, device: { ...base.device, locale: settings.locale, kind: settings.device, now, tamper }, say };
}

const TOKEN_KEYS = new Set(['accessToken', 'apiAccessToken']);

/** `value` with every `accessToken`/`apiAccessToken` string replaced by a note of its length. */
export function redactTokens(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactTokens);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, TOKEN_KEYS.has(k) && typeof v === 'string' ? redacted(v) : redactTokens(v)]));
}

const redacted = (token: string) => `(token, ${token.length} characters)`;
const REDACTED = /^\(token, \d+ characters\)$/;

/**
 * `value` with every redacted `accessToken` put back as the device holds it: a recognized
 * speaker's own (under `person`) or the account's. `apiAccessToken` stays as it is.
 */
function restoreTokens(value: unknown, shared: string | undefined, own: string | undefined, underPerson = false): unknown {
  if (Array.isArray(value)) return value.map((v) => restoreTokens(v, shared, own, underPerson));
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => {
    if (k === 'accessToken' && typeof v === 'string' && REDACTED.test(v)) return [k, (underPerson ? own : shared) ?? v];
    return [k, restoreTokens(v, shared, own, underPerson || k === 'person')];
  }));
}

function signatureOf(tamper: Tamper): string {
  return { none: 'signed by the local CA', unsigned: 'unsigned (no signature headers)', forged: 'forged (a signature that does not verify)', stale: 'signed, dated 5 minutes ago' }[tamper];
}

const parsed = (raw: string): { body: unknown; json: boolean } => {
  try {
    return { body: JSON.parse(raw) as unknown, json: true };
  } catch {
    return { body: raw, json: false };
  }
};

/** The turn of an outcome the simulator gave. */
function turnOf(input: string, settings: TurnSettings, outcome: Outcome & { answer: Pick<Answer, 'status' | 'raw' | 'sent' | 'alexaApi'> }, ms: number, extra: Partial<Turn> = {}): Turn {
  const sent = parsed(outcome.answer.sent).body as { request?: unknown };
  return {
    input, locale: settings.locale, ...extra, request: sent.request, sent: redactTokens(sent), signature: signatureOf(settings.tamper),
    answer: { status: outcome.answer.status, ...parsed(outcome.answer.raw) }, ms, budgetMs: RESPONSE_BUDGET_MS,
    kept: outcome.json.kept, voiceLink: outcome.json.voiceLink !== undefined,
    ...(outcome.answer.alexaApi && { alexaApi: outcome.answer.alexaApi }),
  };
}

/** A turn that failed before or instead of an answer: one line (never a stack). */
export function failedTurn(input: string, settings: TurnSettings, error: unknown, ms: number, extra: Partial<Turn> = {}): Turn {
  if (!(error instanceof CliError) && !(error instanceof NluError)) throw error;
  const closest = error instanceof NoMatchError ? error.closest.slice(0, 3).map((c) => ({ intent: c.intent, sample: c.sample })) : undefined;
  return { input, locale: settings.locale, ...extra, signature: signatureOf(settings.tamper), error: error.message, closest, ms, budgetMs: RESPONSE_BUDGET_MS };
}

/**
 * Sends `request` as a turn (`input` is what the page shows for it): the latency measured around
 * the whole exchange, the token renewed first as Alexa does.
 * @throws what is not a CliError or NluError (a defect, not a turn).
 */
export async function sendTurn(session: Session, settings: TurnSettings, input: string, request: Record<string, unknown>, deps: TurnDeps, extra: Partial<Turn> = {}): Promise<Turn> {
  const started = deps.clock();
  try {
    const outcome = await runRequest(session, request, settings.person);
    return turnOf(input, settings, outcome, deps.clock() - started, extra);
  } catch (error) {
    return failedTurn(input, settings, error, deps.clock() - started, extra);
  }
}

/**
 * Typed words: resolved against the model of the turn's locale (bare words inside a session, the
 * skill named outside one), then sent as {@link sendTurn}.
 */
export async function sayTurn(session: Session, settings: TurnSettings, words: string, deps: TurnDeps): Promise<Turn> {
  const { device } = session;
  let resolved: ReturnType<typeof resolveUtterance>;
  try {
    const model = modelFor(session.project.skillPackage, settings.locale);
    resolved = resolveUtterance(model, words, { locale: settings.locale, now: device.now(), inSession: device.state.session !== undefined, skillId: device.skillId });
  } catch (error) {
    return failedTurn(words, settings, error, 0);
  }
  return sendTurn(session, settings, words, resolved.request as unknown as Record<string, unknown>, deps, { trace: resolved.trace });
}

/** The envelope's `context.System`, when it has one. */
const systemOf = (envelope: unknown): Record<string, unknown> | undefined => {
  const system = (envelope as { context?: { System?: unknown } } | null)?.context?.System;
  return system && typeof system === 'object' ? (system as Record<string, unknown>) : undefined;
};

/**
 * An envelope the page edited, signed again (or tampered with) and sent as it is: the device's
 * session is not moved by it (a rehearsal, not a turn of the conversation). A redacted
 * `apiAccessToken` is replaced by one the local Alexa API issues for this request (bound to the
 * account, and to the envelope's `context.System.person` when it names one), its `apiEndpoint` set
 * to that API's; a token the page typed in is sent as typed (the API answers 401 for it). The
 * calls the skill makes to the local Alexa API meanwhile are the turn's.
 */
export async function resendTurn(session: Session, settings: TurnSettings, envelope: unknown, deps: TurnDeps): Promise<Turn> {
  const { state } = session.device;
  const restored = restoreTokens(envelope, state.tokens?.accessToken, tokensFor(state, settings.person)?.accessToken);
  const started = deps.clock();
  try {
    const system = systemOf(restored);
    const redactedApiToken = typeof system?.apiAccessToken === 'string' && REDACTED.test(system.apiAccessToken);
    const personId = (system?.person as { personId?: unknown } | undefined)?.personId;
    // Begun for every envelope with a System, so the calls made with a typed-in token are the turn's too.
    const access = system ? await session.device.alexaApi?.begin(state, typeof personId === 'string' ? personId : undefined) : undefined;
    if (system && access && redactedApiToken) Object.assign(system, { apiEndpoint: access.endpoint, apiAccessToken: access.token });
    const response = await post(session.device, JSON.stringify(restored));
    const raw = await response.text();
    const alexaApi = await access?.end();
    return {
      input: '(edited request)', locale: settings.locale, request: (envelope as { request?: unknown }).request, sent: redactTokens(restored), signature: signatureOf(settings.tamper),
      answer: { status: response.status, ...parsed(raw) }, ms: deps.clock() - started, budgetMs: RESPONSE_BUDGET_MS,
      ...(alexaApi && { alexaApi }),
    };
  } catch (error) {
    return failedTurn('(edited request)', settings, error, deps.clock() - started);
  }
}
