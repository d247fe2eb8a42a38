/**
 * The resolver's errors: one base class with a stable `code`, one subclass where the caller needs
 * more than the message (the file and JSON path of a bad model, the closest samples of a miss).
 * Tell them apart by `code`, never by message text.
 */

/** Every failure of the resolver, by stable code. */
export type NluErrorCode =
  /** A model file is not JSON at all. */
  | 'ERR_MODEL_JSON'
  /** A model is JSON but not Amazon's interaction-model shape (a wrong type, a missing name, an unknown slot). */
  | 'ERR_MODEL_SHAPE'
  /** A locale whose language the resolver has no words for. */
  | 'ERR_LOCALE_UNSUPPORTED'
  /** Outside a session, an utterance that does not name the skill, so Alexa would not route it to the skill. */
  | 'ERR_NOT_INVOKED'
  /** No intent matched and the model has no AMAZON.FallbackIntent. */
  | 'ERR_NO_MATCH'
  /** A dialog step asked of a dialog that cannot take it (no dialog model for the intent, no question pending). */
  | 'ERR_DIALOG_STATE';

/** The base class: `code` is stable, `message` is one line for a person. */
export class NluError extends Error {
  override readonly name: string = 'NluError';
  readonly code: NluErrorCode;
  constructor(code: NluErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * A model that doesn't parse or isn't Amazon's shape. `message` is one line naming `file` and `path`
 * (`interactionModel.languageModel.intents[3].samples[2]`), or the line and column for bad JSON.
 */
export class ModelError extends NluError {
  override readonly name = 'ModelError';
  readonly file: string;
  readonly path: string;
  readonly problem: string;
  constructor(code: 'ERR_MODEL_JSON' | 'ERR_MODEL_SHAPE', file: string, path: string, problem: string, options?: { cause?: unknown }) {
    super(code, `${file}: ${path}: ${problem}`, options);
    this.file = file;
    this.path = path;
    this.problem = problem;
  }
}

/** One sample utterance close to what was said, for a no-match message or a console. */
export interface ClosestSample {
  readonly intent: string;
  readonly sample: string;
  /** 0 (nothing in common) to 1 (the same words). */
  readonly score: number;
}

/** Nothing matched and the model has no AMAZON.FallbackIntent: `closest` holds the nearest samples, best first. */
export class NoMatchError extends NluError {
  override readonly name = 'NoMatchError';
  readonly closest: readonly ClosestSample[];
  constructor(message: string, closest: readonly ClosestSample[]) {
    super('ERR_NO_MATCH', message);
    this.closest = closest;
  }
}
