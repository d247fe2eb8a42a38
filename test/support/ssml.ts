/**
 * Reads SSML the way a strict XML 1.0 parser would, so a test fails on anything Alexa would
 * refuse as malformed. xmldom is lenient in a few places XML 1.0 is not (a bare `&` before a
 * space, `]]>` in content, character references to forbidden characters, forbidden characters
 * themselves), so those are checked here before it parses.
 */
import { DOMParser, type Element, type Node } from '@xmldom/xmldom';

/** XML 1.0 §2.2, production [2] Char; with the `u` flag a lone surrogate is one code point outside it. */
const XML_CHAR = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]$/u;
/** An `&` that does not start a predefined entity or a character reference (XML 1.0 §4.1, §4.6). */
const BARE_AMPERSAND = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)/;
const CHARACTER_REFERENCE = /&#(x[0-9a-fA-F]+|[0-9]+);/g;

export interface ParsedSpeech {
  /** The text Alexa would speak: the document's character data, references resolved. */
  readonly text: string;
  /** The name of every element, in document order (the root `speak` first). */
  readonly elements: readonly string[];
}

/** Parses `ssml`; throws on anything that is not a well-formed XML 1.0 document rooted at `<speak>`. */
export function parseSsml(ssml: string): ParsedSpeech {
  const fail = (why: string) => new Error(`SSML is not well-formed XML: ${why}\n${JSON.stringify(ssml)}`);
  for (const char of ssml) {
    if (!XML_CHAR.test(char)) throw fail(`U+${char.codePointAt(0)!.toString(16).toUpperCase()} is not an XML character`);
  }
  if (BARE_AMPERSAND.test(ssml)) throw fail('a bare &');
  if (ssml.includes(']]>') && !ssml.includes('<![CDATA[')) throw fail(']]> in content');
  for (const [, ref] of ssml.matchAll(CHARACTER_REFERENCE)) {
    const code = ref!.startsWith('x') ? parseInt(ref!.slice(1), 16) : parseInt(ref!, 10);
    if (code > 0x10ffff || !XML_CHAR.test(String.fromCodePoint(code))) throw fail(`&#${ref}; is not an XML character`);
  }
  const parser = new DOMParser({
    // XML 1.0 §2.11; xmldom's default also folds U+0085, U+2028 and U+2029 (XML 1.1).
    normalizeLineEndings: (source) => source.replace(/\r\n?/g, '\n'),
    onError: (level, message) => {
      throw fail(`${level}: ${message}`);
    },
  });
  const root = parser.parseFromString(ssml, 'text/xml').documentElement;
  if (root?.nodeName !== 'speak') throw fail(`the root is ${root?.nodeName}, not speak`);
  return { text: root.textContent ?? '', elements: elementsOf(root) };
}

function elementsOf(node: Node): string[] {
  const names = node.nodeType === node.ELEMENT_NODE ? [(node as Element).nodeName] : [];
  for (let child = node.firstChild; child; child = child.nextSibling) names.push(...elementsOf(child));
  return names;
}

/**
 * `data` as the skill's speech says it (the policy of src/skill/i18n/ssml.ts, written out
 * independently): each character XML 1.0 forbids, and tab, line feed and carriage return, is a space.
 */
export function asSpoken(data: string): string {
  return [...data].map((char) => (XML_CHAR.test(char) && !'\t\n\r'.includes(char) ? char : ' ')).join('');
}

type StringFunction = (...args: unknown[]) => unknown;

/**
 * Arguments of the string functions that are not all text (`Strings` in src/skill/i18n/strings.ts):
 * lists (spoken with Intl.ListFormat) and numbers, by position. Any other function takes text.
 */
const SHAPES: Readonly<Record<string, readonly ('text' | 'list' | 'number')[]>> = {
  'order.unknownPlace': ['text', 'list'],
  'order.placed': ['text', 'number'],
  'availability.known': ['text', 'list', 'number'],
  'availability.fullRange': ['text', 'list', 'number'],
};

/** Arguments for the string function at `path`: `text` for text, three of it for a list, 7 for a number. */
export function argumentsFor(path: string, text: string): unknown[] {
  return (SHAPES[path] ?? ['text', 'text', 'text', 'text']).map((kind) =>
    kind === 'list' ? [text, text, text] : kind === 'number' ? 7 : text,
  );
}

/** Every function in a locale table, at any depth, with its path (`order.confirm`). */
export function stringFunctions(table: object, path = ''): [string, StringFunction][] {
  return Object.entries(table).flatMap(([key, value]): [string, StringFunction][] => {
    if (typeof value === 'function') return [[`${path}${key}`, value as StringFunction]];
    return typeof value === 'object' && value !== null ? stringFunctions(value as object, `${path}${key}.`) : [];
  });
}

/**
 * The elements a locale's own text uses on purpose: `speak`, and any element in its literal
 * strings or in what its functions say around a harmless argument.
 */
export function elementsWrittenIn(table: object): Set<string> {
  const texts: string[] = [];
  const collect = (value: unknown) => {
    if (typeof value === 'string') texts.push(value);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(collect);
  };
  collect(table);
  for (const [path, say] of stringFunctions(table)) texts.push(String(say(...argumentsFor(path, 'x'))));
  return new Set(texts.flatMap((text) => parseSsml(`<speak>${text}</speak>`).elements));
}
