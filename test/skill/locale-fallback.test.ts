import { beforeAll, describe, expect, it } from 'vitest';
import { LOCALE_NAMES, resolveLocale, stringsFor } from '../../src/skill/i18n/index.ts';
import { createTestPki, intentRequest, launchRequest, type TestPki } from 'alexa-skill-workers/testing';
import { NOW, SkillHarness } from '../support/harness.ts';
import { captureLogs } from '../support/logs.ts';
import { turn } from '../support/talk.ts';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

const at = (locale?: string) => ({ timestamp: NOW, locale });

describe('resolveLocale', () => {
  it.each(LOCALE_NAMES)('answers %s in %s itself', (locale) => {
    expect(resolveLocale(locale)).toBe(locale);
  });

  it.each([
    ['de-AT', 'de-DE'],
    ['de-CH', 'de-DE'],
    ['fr-CA', 'fr-FR'],
    ['fr-BE', 'fr-FR'],
    ['es-US', 'es-MX'],
    ['es-419', 'es-MX'],
    ['es-AR', 'es-MX'],
    ['es-AD', 'es-ES'],
    ['en-NZ', 'en-AU'],
    ['en-IE', 'en-GB'],
    ['en-ZA', 'en-US'],
    ['pt-PT', 'pt-BR'],
    ['it-CH', 'it-IT'],
    ['ja', 'ja-JP'],
    ['de', 'de-DE'],
    ['de-de', 'de-DE'],
    ['de-Latn-AT-u-ca-gregory', 'de-DE'],
    ['hi-IN', 'en-US'],
    ['nl-NL', 'en-US'],
    ['ar-SA', 'en-US'],
    ['', 'en-US'],
    ['not a tag!', 'en-US'],
    [undefined, 'en-US'],
  ])('answers %j in %s', (requested, locale) => {
    expect(resolveLocale(requested)).toBe(locale);
  });
});

describe('a locale the skill has no table for', () => {
  it('is answered in its language (de-AT in German) and logged once per isolate, with the locale that answered', async () => {
    const first = new SkillHarness(pki).serveChain();
    const launch = await turn(first, launchRequest(at('de-AT')));
    expect(launch.speech).toBe(`<speak>${stringsFor('de-DE').launch.speech}</speak>`);
    await turn(first, intentRequest('AMAZON.HelpIntent', {}, at('de-AT')));
    expect(first.logs.lines.filter((line) => line.event === 'locale_fallback')).toEqual([
      { level: 'warn', event: 'locale_fallback', requested: 'de-AT', locale: 'de-DE' },
    ]);

    // A new harness shares this test's module, as requests share a Worker isolate: already said.
    const second = new SkillHarness(pki).serveChain();
    await turn(second, launchRequest(at('de-AT')));
    expect(second.logs.lines.filter((line) => line.event === 'locale_fallback')).toEqual([]);
  });

  it('logs each locale that falls back once (es-US, then fr-CA)', async () => {
    const skill = new SkillHarness(pki).serveChain();
    for (const locale of ['es-US', 'fr-CA', 'es-US', 'fr-CA']) await turn(skill, launchRequest(at(locale)));
    expect(skill.logs.lines.filter((line) => line.event === 'locale_fallback')).toEqual([
      expect.objectContaining({ requested: 'es-US', locale: 'es-MX' }),
      expect.objectContaining({ requested: 'fr-CA', locale: 'fr-FR' }),
    ]);
  });

  it('in a language the skill does not speak is answered in en-US', async () => {
    const skill = new SkillHarness(pki).serveChain();
    const answer = await turn(skill, intentRequest('AMAZON.StopIntent', {}, at('sv-SE')));
    expect(answer.speech).toBe('<speak>Goodbye.</speak>');
    expect(skill.logs.lines).toContainEqual(expect.objectContaining({ event: 'locale_fallback', requested: 'sv-SE', locale: 'en-US' }));
  });

  it.each(LOCALE_NAMES)('%s is not logged: it has its own table', async (locale) => {
    const skill = new SkillHarness(pki).serveChain();
    await turn(skill, launchRequest(at(locale)));
    expect(skill.logs.lines.filter((line) => line.event === 'locale_fallback')).toEqual([]);
  });

  it('is logged only where a logger is given (stringsFor outside a request logs nothing)', () => {
    const logs = captureLogs();
    expect(stringsFor('pt-PT')).toBe(stringsFor('pt-BR'));
    stringsFor('pt-PT', logs);
    expect(logs.lines).toEqual([{ level: 'warn', event: 'locale_fallback', requested: 'pt-PT', locale: 'pt-BR' }]);
  });
});

describe('a request.locale that is not a string', () => {
  it.each([[42], [{}], [null], [['en-US']], [true]])('(%j) is answered in en-US, never an HTTP 500', async (locale) => {
    const skill = new SkillHarness(pki).serveChain();
    const envelope = launchRequest(at()) as { request: Record<string, unknown> };
    envelope.request.locale = locale;
    const answer = await turn(skill, envelope);
    expect(answer.speech).toBe(`<speak>${stringsFor('en-US').launch.speech}</speak>`);
    expect(skill.logs.lines.map((line) => line.event)).not.toContain('unhandled_error');
    expect(skill.logs.lines.map((line) => line.event)).not.toContain('skill_error');
  });

  it('is not a string to stringsFor either: en-US, logged at most once, as "(not a string)", never by its value', () => {
    // The isolate may have logged it already (the requests above share this module).
    const logs = captureLogs();
    for (const locale of [42, {}, null, ['de-DE'], 42]) expect(stringsFor(locale, logs)).toBe(stringsFor('en-US'));
    expect(logs.lines.length).toBeLessThanOrEqual(1);
    for (const line of logs.lines) expect(line).toEqual({ level: 'warn', event: 'locale_fallback', requested: '(not a string)', locale: 'en-US' });
  });
});
