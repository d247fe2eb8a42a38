import { describe, expect, it } from 'vitest';
import { LOCALE_NAMES, stringsFor } from '../../src/skill/i18n/index.ts';
import { escapeSsml, escapingArguments } from '../../src/skill/i18n/ssml.ts';
import { argumentsFor, asSpoken, elementsWrittenIn, parseSsml, stringFunctions } from '../support/ssml.ts';

describe('escapeSsml', () => {
  it.each([
    ['AT&T Tower <North>', 'AT&amp;T Tower &lt;North&gt;'],
    [`<audio src="https://evil.example/x.mp3"/>`, '&lt;audio src=&quot;https://evil.example/x.mp3&quot;/&gt;'],
    ["Tom's", 'Tom&apos;s'],
    ['already &amp; escaped', 'already &amp;amp; escaped'],
    ['a ]]> b', 'a ]]&gt; b'],
    ['nul\u0000 bell\u0007 tab\t lf\n cr\r us\u001F', 'nul  bell  tab  lf  cr  us '],
    ['\uFFFE\uFFFF', '  '],
    ['lone \uD83D high, lone \uDE00 low', 'lone   high, lone   low'],
    ['a pair 😀 and é stay', 'a pair 😀 and é stay'],
    ['\u007F and \u0085 are XML characters', '\u007F and \u0085 are XML characters'],
  ])('escapes %j as %j', (text, escaped) => {
    expect(escapeSsml(text)).toBe(escaped);
  });

  it('turns any text into character data that parses back to what is spoken', () => {
    const text = `x & y < z > "q" 'a' ]]> \u0000 \uD800 \uFFFF 😀`;
    expect(parseSsml(`<speak>${escapeSsml(text)}</speak>`)).toEqual({ text: asSpoken(text), elements: ['speak'] });
  });
});

describe('escapingArguments', () => {
  const table = escapingArguments({
    literal: 'Wait <break time="1s"/> & see',
    nested: { stress: (word: string) => `<emphasis level="strong">${word}</emphasis>` },
    list: (items: readonly string[], count: number) => `${items.join(' and ')}: ${count}`,
    record: (place: { label: string; eta: number }) => `${place.label} in ${place.eta}`,
    choices: [(name: string) => `hi ${name}`],
  });

  it('leaves literal text, which may hold SSML on purpose, as it is', () => {
    expect(table.literal).toBe('Wait <break time="1s"/> & see');
    expect(table.nested.stress('<b>')).toBe('<emphasis level="strong">&lt;b&gt;</emphasis>');
  });

  it('escapes strings inside arrays and plain objects, and leaves numbers alone', () => {
    expect(table.list(['<a>', 'b&c'], 2)).toBe('&lt;a&gt; and b&amp;c: 2');
    expect(table.record({ label: '"x"', eta: 3 })).toBe('&quot;x&quot; in 3');
  });

  it('keeps arrays as arrays and returns a frozen copy', () => {
    expect(table.choices[0]!('<i>')).toBe('hi &lt;i&gt;');
    expect(Object.isFrozen(table)).toBe(true);
    expect(Object.isFrozen(table.nested)).toBe(true);
  });
});

describe('every locale', () => {
  const HOSTILE = `AT&T <North> "Q" 'A' ]]> <audio src="https://evil.example/x.mp3"/> \u0000\uD800`;
  const cases = LOCALE_NAMES.flatMap((locale) =>
    stringFunctions(stringsFor(locale)).map(([path, say]) => ({ locale, path, say })),
  );

  it('has string functions to check', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases)('$locale $path speaks hostile data as text, in well-formed SSML', ({ locale, path, say }) => {
    const allowed = elementsWrittenIn(stringsFor(locale));
    const parsed = parseSsml(`<speak>${String(say(...argumentsFor(path, HOSTILE)))}</speak>`);
    expect(parsed.elements.filter((name) => !allowed.has(name))).toEqual([]);
    expect(parsed.text).toContain(asSpoken(HOSTILE));
  });
});
