/**
 * The console's JSON API, one function per route, on one simulated device (the simulator's session,
 * ../simulate): the page's settings come with each call; turns run one at a time, in order. Linking
 * runs the kit's OAuth client (../oauth, through the simulator's `link`) against the skill's
 * provider: the login page's address goes to the page, which opens it; the provider sends the
 * browser back to the loopback redirect URI, and the page asks for the result.
 */
import { dirname } from 'node:path';
import { existsSync } from 'node:fs';
import { answeredPermissions } from '../simulate/alexa-api.ts';
import { runWords, type Session } from '../simulate/session.ts';
import { loadState } from '../simulate/state.ts';
import { isVoiceLinkChoice } from '../simulate/voice-link.ts';
import { CliError } from '../errors.ts';
import { kvPanel } from './kv.ts';
import { declaredPermissions, modelFor, modelLocales, samplesOf } from './model.ts';
import { failedTurn, redactTokens, resendTurn, sayTurn, sendTurn, sessionFor, TAMPERS, type Tamper, type TurnDeps, type TurnSettings } from './turn.ts';

/** An API answer: the status and the JSON body. */
export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
}

const ok = (body: unknown): ApiAnswer => ({ status: 200, body });
const bad = (error: string): ApiAnswer => ({ status: 400, body: { error } });

type Json = Record<string, unknown>;

/** The page's settings in a call's body, checked; the default locale is the first the skill has. */
function settingsOf(body: Json, locales: readonly string[]): TurnSettings | string {
  const s = (body.settings ?? {}) as Json;
  const locale = typeof s.locale === 'string' && s.locale !== '' ? s.locale : (locales[0] ?? 'en-US');
  if (!locales.includes(locale)) return `the skill has no model for ${JSON.stringify(locale)} (it has ${locales.join(', ')})`;
  const device = s.device ?? 'speaker';
  if (device !== 'speaker' && device !== 'screen') return 'device must be speaker or screen';
  const tamper = (s.tamper ?? 'none') as Tamper;
  if (!TAMPERS.includes(tamper)) return `tamper must be one of ${TAMPERS.join(', ')}`;
  const person = typeof s.person === 'string' && s.person.trim() !== '' ? s.person.trim().toLowerCase() : undefined;
  if (person !== undefined && !/^[a-z][a-z0-9_-]{0,30}$/.test(person)) return 'a speaker\'s name is letters, digits, - and _';
  return { locale, device, person, tamper };
}

/** A linking that failed: its one line; a defect too (nobody awaits it but the page). */
function linkFailure(settings: TurnSettings, error: unknown): unknown {
  try {
    return failedTurn('(link)', settings, error, 0);
  } catch {
    return { error: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  }
}

/** A linking waiting for the browser to come back: the login page's address, then the result. */
interface PendingLink {
  readonly loginUrl: Promise<string>;
  result: Promise<unknown>;
  /** Set once `result` has settled: the result waits for the page to ask for it. */
  done: boolean;
}

/** The console's API on one device session. */
export class ConsoleApi {
  readonly #base: Session;
  readonly #deps: TurnDeps;
  #queue: Promise<unknown> = Promise.resolve();
  #link: PendingLink | undefined;

  constructor(session: Session, deps: TurnDeps) {
    this.#base = session;
    this.#deps = deps;
  }

  /**
   * Runs `task` after every turn before it, on the state as the state folder has it (a `simulate`
   * or `link` run beside the console may have changed it), and saves the state before answering
   * (through the session's one writer, `Session.save`): a `simulate` run after the answer reads
   * this turn's state. A save that fails fails the turn (the API answers its error), so the page
   * never shows a turn the next one, reading the file again, would undo.
   */
  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(async () => {
      await this.#reload();
      const result = await task();
      await this.#base.save();
      return result;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** The device's state read again from its file, in place (the session and the links hold the same object). */
  async #reload(): Promise<void> {
    const file = this.#base.stateFile;
    if (this.#link?.done === false || !existsSync(file)) return;
    const state = this.#base.device.state as unknown as Record<string, unknown>;
    const stored = (await loadState(file)) as unknown as Record<string, unknown>;
    for (const key of Object.keys(state)) if (!(key in stored)) delete state[key];
    Object.assign(state, stored);
  }

  #locales(): string[] {
    return modelLocales(this.#base.project.skillPackage);
  }

  #session(settings: TurnSettings, say: (line: string) => void = () => undefined): Session {
    return sessionFor(this.#base, settings, say);
  }

  /** True while a linking waits for the browser to come back (its redirect URI listening). */
  get linking(): boolean {
    return this.#link !== undefined && !this.#link.done;
  }

  /**
   * `GET /api/info?locale=…&person=…`: the skill, its locales, the model's invocation name and
   * samples, what the device keeps, whether a sign-in is awaited, and the permissions the skill
   * declares with those the local Alexa API answers (`answered`, for the account and for a speaker)
   * and what the account and the speaker `person` granted (`status`'s `alexaApi`).
   */
  async info(locale: string | null, person: string | null): Promise<ApiAnswer> {
    const locales = this.#locales();
    const settings = settingsOf({ settings: { locale: locale ?? undefined, person: person ?? undefined } }, locales);
    if (typeof settings === 'string') return bad(settings);
    let model: ReturnType<typeof samplesOf> | { modelError: string };
    try {
      model = samplesOf(modelFor(this.#base.project.skillPackage, settings.locale));
    } catch (error) {
      model = { modelError: error instanceof Error ? error.message : String(error) };
    }
    let permissions: string[] | { permissionsError: string };
    try {
      permissions = declaredPermissions(this.#base.project.skillPackage);
    } catch (error) {
      permissions = { permissionsError: error instanceof Error ? error.message : String(error) };
    }
    const status = await this.#serial(() => runWords(this.#session(settings), ['status'], settings.person));
    // What the local Alexa API answers of them: the page offers to grant only those.
    const answered = { account: answeredPermissions(false), speaker: answeredPermissions(true) };
    const declared = Array.isArray(permissions) ? { permissions, answered } : permissions;
    return ok({ locales, locale: settings.locale, ...model, ...declared, ...status.json, ...(settings.person !== undefined && { person: settings.person }), linking: this.linking });
  }

  /**
   * `POST /api/permission` `{ permission, grant: boolean, speaker?: true, settings }`: grants or
   * denies `permission` for the account, or (`speaker`) for the recognized speaker
   * `settings.person`, in the state simulator.json keeps (`simulate grant|deny`'s, through the
   * same command); answers what is granted now, or the one line naming a permission the local
   * Alexa API does not answer.
   */
  permission(body: Json): Promise<ApiAnswer> {
    const settings = settingsOf(body, this.#locales());
    if (typeof settings === 'string') return Promise.resolve(bad(settings));
    if (typeof body.permission !== 'string' || body.permission === '') return Promise.resolve(bad('permission must name one, e.g. alexa::profile:given_name:read'));
    if (typeof body.grant !== 'boolean') return Promise.resolve(bad('grant must be true (grant) or false (deny)'));
    if (body.speaker === true && settings.person === undefined) return Promise.resolve(bad('name the recognized speaker first (settings.person)'));
    const words = [body.grant ? 'grant' : 'deny', body.permission];
    const person = body.speaker === true ? settings.person : undefined;
    return this.#serial(async () => {
      try {
        return ok((await runWords(this.#session(settings), words, person)).json);
      } catch (error) {
        if (error instanceof CliError) return bad(error.message);
        throw error;
      }
    });
  }

  /** `GET /api/kv`: this user's entries in the local skill's KV namespace (kv.ts), tokens redacted; an error is one line. */
  kv(): Promise<ApiAnswer> {
    // The state folder the console was opened with (--state), where dev keeps the skill's KV too.
    return this.#serial(async () => ok(await kvPanel(this.#base.project, this.#base.device.state, { folder: dirname(this.#base.stateFile) })));
  }

  /** `POST /api/say` `{ text, settings }`: typed words, one turn. */
  say(body: Json): Promise<ApiAnswer> {
    const settings = settingsOf(body, this.#locales());
    if (typeof settings === 'string') return Promise.resolve(bad(settings));
    const text = typeof body.text === 'string' ? body.text.trim() : '';
    if (!text) return Promise.resolve(bad('say something: the words to send'));
    return this.#serial(async () => ok(await sayTurn(this.#session(settings), settings, text, this.#deps)));
  }

  /** `POST /api/session` `{ action: "new" | "end", settings }`: forget the session, or end it with SessionEndedRequest (USER_INITIATED). */
  session(body: Json): Promise<ApiAnswer> {
    const settings = settingsOf(body, this.#locales());
    if (typeof settings === 'string') return Promise.resolve(bad(settings));
    if (body.action === 'new') {
      return this.#serial(() => {
        this.#base.device.state.session = undefined;
        return Promise.resolve(ok({ session: null }));
      });
    }
    if (body.action !== 'end') return Promise.resolve(bad('action must be new or end'));
    const request = { type: 'SessionEndedRequest', reason: 'USER_INITIATED' };
    return this.#serial(async () => ok(await sendTurn(this.#session(settings), settings, '(end session)', request, this.#deps)));
  }

  /** `POST /api/unlink` `{ action: "unlink" | "disable" }`: SkillDisabled, PERSISTED or NOT_PERSISTED; the tokens forgotten. */
  unlink(body: Json): Promise<ApiAnswer> {
    const settings = settingsOf(body, this.#locales());
    if (typeof settings === 'string') return Promise.resolve(bad(settings));
    if (body.action !== 'unlink' && body.action !== 'disable') return Promise.resolve(bad('action must be unlink or disable'));
    const action = body.action;
    return this.#serial(async () => {
      try {
        return ok((await runWords(this.#session(settings), [action], undefined)).json);
      } catch (error) {
        return ok(failedTurn(`(${action})`, settings, error, 0));
      }
    });
  }

  /**
   * `POST /api/link` `{ settings, voice?: true }`: starts linking (for the speaker `settings.person`
   * when there is one; `voice`: accepting a pending voice-forward linking) and answers the login
   * page's address once the redirect URI listens.
   */
  async link(body: Json): Promise<ApiAnswer> {
    const settings = settingsOf(body, this.#locales());
    if (typeof settings === 'string') return bad(settings);
    if (this.#link && !this.#link.done) return ok({ loginUrl: await this.#link.loginUrl });
    let gotUrl: (url: string) => void = () => undefined;
    const loginUrl = new Promise<string>((resolve) => (gotUrl = resolve));
    const say = (line: string) => {
      const m = line.match(/^LOGIN_URL (\S+)$/m);
      if (m) gotUrl(m[1]!);
    };
    const session = this.#session(settings, say);
    const words = body.voice === true ? ['voice-link', 'accept'] : ['link'];
    const pending: PendingLink = { loginUrl, result: Promise.resolve(), done: false };
    // Done once the state is saved: the next turn reads it from the state folder.
    pending.result = runWords(session, words, body.voice === true ? undefined : settings.person)
      .then((outcome) => ({ done: true, text: outcome.text, ...outcome.json }), (error: unknown) => linkFailure(settings, error))
      .then(async (outcome) => {
        try {
          await this.#base.save();
          return outcome;
        } catch (error) {
          // Not saved: the next turn reads the file again and would not be linked; say why.
          return linkFailure(settings, error);
        } finally {
          pending.done = true;
        }
      });
    this.#link = pending;
    const first = await Promise.race([loginUrl.then((url) => ({ loginUrl: url })), pending.result]);
    return ok(first);
  }

  /** `GET /api/link/result`: waits for the linking `link` started to end (or has ended since); its outcome, once. */
  async linkResult(): Promise<ApiAnswer> {
    const pending = this.#link;
    if (!pending) return bad('no linking is under way: press Link account first');
    const result = await pending.result;
    if (this.#link === pending) this.#link = undefined;
    return ok(redactTokens(result));
  }

  /** `POST /api/resend` `{ envelope, settings }`: the request envelope the page edited, signed and sent again. */
  resend(body: Json): Promise<ApiAnswer> {
    const settings = settingsOf(body, this.#locales());
    if (typeof settings === 'string') return Promise.resolve(bad(settings));
    if (!body.envelope || typeof body.envelope !== 'object') return Promise.resolve(bad('envelope must be the request envelope, a JSON object'));
    return this.#serial(async () => ok(await resendTurn(this.#session(settings), settings, body.envelope, this.#deps)));
  }

  /** `POST /api/voice-link` `{ choice: "decline" | "unmet" | "fail", settings }`: answers a pending voice-forward linking (accept goes through `link`). */
  voiceLink(body: Json): Promise<ApiAnswer> {
    const settings = settingsOf(body, this.#locales());
    if (typeof settings === 'string') return Promise.resolve(bad(settings));
    const choice = typeof body.choice === 'string' ? body.choice : '';
    if (!isVoiceLinkChoice(choice) || choice === 'accept') return Promise.resolve(bad('choice must be decline, unmet or fail (accept: POST /api/link with voice)'));
    return this.#serial(async () => {
      try {
        return ok(redactTokens((await runWords(this.#session(settings), ['voice-link', choice], settings.person)).json));
      } catch (error) {
        return ok(failedTurn(`(voice-link ${choice})`, settings, error, 0));
      }
    });
  }
}
