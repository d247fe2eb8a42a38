/**
 * Speech is SSML, and SSML is XML: Alexa refuses a response whose SSML is not well-formed, and
 * reads markup in it as markup. Data (profile names, place labels, slot values) therefore goes
 * into speech only through `escapeSsml`, and only by one route: `escapingArguments`, applied to
 * every locale's table in `./index.ts`, escapes every argument of every string function.
 * Literal text in the tables is SSML written on purpose and is left as it is.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/speech-synthesis-markup-language-ssml-reference.html
 *   (Alexa's SSML: the W3C SSML markup, an XML language, in `outputSpeech` of type `SSML`)
 * @see https://docs.aws.amazon.com/polly/latest/dg/escapees.html (Amazon's reserved characters in
 *   SSML: `&`, `<` and `>` always need escape codes, and so do `"` and `'` in some places)
 * @see https://www.w3.org/TR/xml/#syntax (XML 1.0 §2.4: `&` and `<` never appear literally in text)
 * @see https://www.w3.org/TR/xml/#charsets (XML 1.0 §2.2: the characters a document may hold)
 */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Characters that cannot appear in an XML 1.0 document (C0 controls other than tab, newline and
 * carriage return; U+FFFE; U+FFFF; lone surrogates), together with tab, newline and carriage
 * return themselves: speech has no lines, and XML parsers rewrite line ends.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_SPEAKABLE = /[\u0000-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * `text` as SSML character data that says `text`: `& < > " '` become entity references, and
 * each character in `NOT_SPEAKABLE` becomes a space, so the result is well-formed XML whatever
 * `text` holds and cannot open, close or inject an element.
 */
export function escapeSsml(text: string): string {
  return text.replace(NOT_SPEAKABLE, ' ').replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

/**
 * Escapes a string function's argument: strings, and the strings inside arrays and plain
 * objects (so a function may take a list or a record). Numbers and other values are left as
 * they are; a locale formats them itself.
 */
function escapeArgument(value: unknown): unknown {
  if (typeof value === 'string') return escapeSsml(value);
  if (Array.isArray(value)) return value.map(escapeArgument);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeArgument(v)]));
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * A frozen copy of a locale's `table` in which every function, at any depth, escapes its
 * arguments with `escapeSsml` before it runs. Literal strings are copied unchanged. The type is
 * the table's own, so callers see the same `Strings`.
 */
export function escapingArguments<T extends object>(table: T): T {
  return escapingFunctions(table) as T;
}

function escapingFunctions(value: unknown): unknown {
  if (typeof value === 'function') {
    const speak = value as (...args: unknown[]) => unknown;
    return (...args: unknown[]) => speak(...args.map(escapeArgument));
  }
  if (Array.isArray(value)) return Object.freeze(value.map(escapingFunctions));
  if (typeof value === 'object' && value !== null) {
    return Object.freeze(Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapingFunctions(v)])));
  }
  return value;
}
