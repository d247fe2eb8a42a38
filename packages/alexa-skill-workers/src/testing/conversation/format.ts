/**
 * The conversation file (`alexa-skill-workers/conversation@1`): a locale, the user's inputs and the
 * answers heard, in the spirit of ask-cli's `.record` files for `ask dialog --replay`. Shared by the
 * testing entry's `playConversation` and the `replay` and `simulate --save` commands; no Node API.
 * @see https://developer.amazon.com/en-US/docs/alexa/smapi/ask-cli-command-reference.html (`ask dialog --replay`)
 */
import { AlexaWorkersError } from '../../core/errors.ts';
import { CONNECTION_CHOICES, type ConnectionChoice } from './connections.ts';
import { parseConsent, type ConversationProfile } from './consent.ts';

/** The `format` a conversation file carries, so a later change of shape can be told apart. */
export const CONVERSATION_FORMAT = 'alexa-skill-workers/conversation@1';

/** What a step that gets an answer may expect of it; what it leaves out is not checked. */
export interface Expected {
  /**
   * The speech without SSML tags, whitespace collapsed (a Dialog.Delegate prompt: the prompt Alexa
   * speaks). `{{number}}` stands for a number that legitimately varies (an ETA the ride service
   * computes): it matches one run of digits; everything else must match exactly ({@link hearMatches}).
   */
  readonly hear?: string;
  /** The card's type, `"none"` for no card. */
  readonly card?: string;
  /** Whether the session ended (a connection suspends it: false). */
  readonly sessionEnds?: boolean;
}

/**
 * One step of a conversation:
 * - `{ say, hear?, card?, sessionEnds? }`: the user says `say`.
 * - `{ intent, slots?, hear?, card?, sessionEnds? }`: the intent as `simulate OrderCar destination=work`
 *   sends it, no words resolved (`slots` by name, each a value; `dialogState` COMPLETED).
 * - `{ connection, link?, hear?, card?, sessionEnds? }`: answers the `Connections.StartConnection`
 *   the last answer started (`accept`, `decline`, `unmet`, `fail`; see connections.ts), `link`
 *   naming the account an accepted AskForAccountLinking links.
 * - `{ link }`: the user links the account named `link` in the Alexa app.
 * - `{ unlink: true }`: the user unlinks (the next requests carry no access token).
 */
export type ConversationStep =
  | ({ readonly say: string } & Expected)
  | ({ readonly intent: string; readonly slots?: Readonly<Record<string, string>> } & Expected)
  | ({ readonly connection: ConnectionChoice; readonly link?: string } & Expected)
  | { readonly link: string }
  | { readonly unlink: true };

/**
 * `conversation` as a file keeps it: JSON with one step a line, so a changed answer is a changed
 * line in a diff.
 */
export function formatConversation(conversation: Conversation): string {
  const { steps, ...head } = conversation;
  const top = JSON.stringify(head, null, 2).replace(/\n}$/, '');
  return `${top},\n  "steps": [\n${steps.map((step) => `    ${JSON.stringify(step)}`).join(',\n')}\n  ]\n}\n`;
}

/** A conversation as a file holds it (JSON). */
export interface Conversation {
  readonly format: typeof CONVERSATION_FORMAT;
  /** The locale of every request, and the model the words are resolved with. */
  readonly locale: string;
  /** A recognized speaker for every request (`context.System.person`), by their person ID. */
  readonly person?: string;
  /**
   * The Alexa API permissions the account granted (customer-level consent, e.g.
   * `alexa::profile:given_name:read`): exactly these, nothing else; absent, nothing granted (every
   * profile call answers 403). Played with `playConversation`'s `alexaApi` and by `replay`'s local Alexa API.
   */
  readonly permissions?: readonly string[];
  /** The permissions the recognized speaker (`person`) granted themselves (person-level consent). */
  readonly personPermissions?: readonly string[];
  /** What the Customer Profile and Person Profile APIs answer; a value left out answers 204 (not set). */
  readonly profile?: ConversationProfile;
  readonly steps: readonly ConversationStep[];
}

/**
 * A conversation file that isn't one (`CONVERSATION_INVALID`): the message names the file and the
 * JSON path (`steps[2].hear: not text`), as a model error does.
 */
export class ConversationError extends AlexaWorkersError<'CONVERSATION_INVALID'> {
  override readonly name = 'ConversationError';
  readonly code = 'CONVERSATION_INVALID' as const;
  readonly file: string;
  readonly path: string;

  constructor(file: string, path: string, problem: string) {
    super(`${file}: ${path}: ${problem}`);
    this.file = file;
    this.path = path;
  }
}

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const EXPECTED = ['hear', 'card', 'sessionEnds'];
const KEYS = {
  say: ['say', ...EXPECTED],
  intent: ['intent', 'slots', ...EXPECTED],
  connection: ['connection', 'link', ...EXPECTED],
  link: ['link'],
  unlink: ['unlink'],
} as const;

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
  parseConsent(json, fail);
  if (!Array.isArray(json.steps) || json.steps.length === 0) return fail('steps', 'must be a list of steps');
  json.steps.forEach((step: unknown, i) => {
    const at = `steps[${i}]`;
    if (!isObject(step)) return fail(at, 'not an object');
    const kind = (['say', 'intent', 'connection', 'link', 'unlink'] as const).find((k) => k in step);
    if (kind === undefined) return fail(at, 'says nothing: give "say", "intent", "connection", "link" or "unlink"');
    const allowed: readonly string[] = KEYS[kind];
    const extra = Object.keys(step).find((k) => !allowed.includes(k));
    if (extra !== undefined) fail(`${at}.${extra}`, `not part of a ${kind} step`);
    if ('slots' in step && (!isObject(step.slots) || Object.values(step.slots).some((v) => typeof v !== 'string'))) fail(`${at}.slots`, 'must map slot names to values, e.g. { "destination": "work" }');
    for (const key of ['say', 'intent', 'hear', 'card', 'link'] as const) {
      if (key in step && (typeof step[key] !== 'string' || (key !== 'hear' && step[key] === ''))) fail(`${at}.${key}`, 'must be text');
    }
    if (typeof step.hear === 'string') {
      const unknown = /\{\{(?!number\}\})[^}]*\}\}/.exec(step.hear)?.[0];
      if (unknown !== undefined) fail(`${at}.hear`, `${unknown} is no placeholder: the only one is {{number}} (a number that varies)`);
    }
    if ('connection' in step && !(CONNECTION_CHOICES as readonly unknown[]).includes(step.connection)) fail(`${at}.connection`, `must be one of ${CONNECTION_CHOICES.join(', ')}`);
    if ('sessionEnds' in step && typeof step.sessionEnds !== 'boolean') fail(`${at}.sessionEnds`, 'must be true or false');
    if ('unlink' in step && step.unlink !== true) fail(`${at}.unlink`, 'must be true');
    return undefined;
  });
  return json as unknown as Conversation;
}

/** `{{number}}` in an expected `hear`: a number that varies from one run to the next. */
const NUMBER = '{{number}}';

/**
 * True when `heard` is what `expected` (a step's `hear`) says: the same text, except that each
 * `{{number}}` matches one run of digits (`7`, `12`). No other part may differ.
 */
export function hearMatches(expected: string, heard: string): boolean {
  if (!expected.includes(NUMBER)) return expected === heard;
  const pattern = expected.split(NUMBER).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\d+');
  return new RegExp(`^${pattern}$`, 'u').test(heard);
}
