import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const PROJECT = join(import.meta.dirname, '..');
const CONFIG = ts.getParsedCommandLineOfConfigFile(join(PROJECT, 'tsconfig.json'), {}, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (d) => {
    throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  },
})!;

/**
 * The type errors of `file` (a path in the project) after `change` rewrote its text, as the
 * project's `tsc` would report them; the file on disk is not touched.
 */
function typeErrors(file: string, change: (text: string) => string = (text) => text): string[] {
  const path = join(PROJECT, file);
  const changed = change(readFileSync(path, 'utf8'));
  const host = ts.createCompilerHost(CONFIG.options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    name === path ? ts.createSourceFile(name, changed, language) : read(name, language, ...rest);
  const program = ts.createProgram([path], CONFIG.options, host);
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(path))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** `text` with `from` replaced; fails when `from` is not there, so a case cannot go stale. */
const replace = (from: string | RegExp, to: string) => (text: string) => {
  expect(text).toMatch(from);
  return text.replace(from, to);
};

describe('the compiler holds every locale to the Strings interface', () => {
  it('accepts the locale tables as they are', () => {
    expect(typeErrors('src/skill/i18n/de-DE.ts')).toEqual([]);
    expect(typeErrors('src/skill/i18n/index.ts')).toEqual([]);
  });

  it.each([
    ['a missing string', "  goodbye: 'Auf Wiedersehen.',\n", '', /Property 'goodbye' is missing/],
    ['a string the interface does not have', "  goodbye: 'Auf Wiedersehen.',\n", "  goodbye: 'Auf Wiedersehen.',\n  farewell: 'Tschüss.',\n", /'farewell' does not exist in type 'Strings'/],
    ['text where grammar needs a function', /placed: \(label, eta, name\) =>\n\s+`.*`,\n/, "placed: 'Erledigt.',\n", /not assignable to type '\(label: string, etaMinutes: number, name: string \| undefined\) => string'/],
    ['a vehicle class without its word', "xl: 'XL', ", '', /Property 'xl' is missing/],
  ])('refuses de-DE with %s', (_, from, to, error) => {
    expect(typeErrors('src/skill/i18n/de-DE.ts', replace(from, to)).join('\n')).toMatch(error);
  });

  it('refuses a locale without its table', () => {
    expect(typeErrors('src/skill/i18n/index.ts', replace("'ja-JP': jaJP, ", '')).join('\n')).toMatch(/Property '"ja-JP"' is missing/);
  });

  it('refuses a city without its name in a language the skill speaks', () => {
    const errors = typeErrors('src/skill/catalogue.ts', replace("      ja: ['ニューヨーク', 'ニューヨーク市', 'ニューヨークシティ'],\n", ''));
    expect(errors.join('\n')).toMatch(/Property 'ja' is missing/);
  });
});
