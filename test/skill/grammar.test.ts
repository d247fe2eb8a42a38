import { describe, expect, it } from 'vitest';
import { stringsFor } from '../../src/skill/i18n/index.ts';

/** What varies by grammar is done by each locale with Intl, not by handlers. */
describe('grammar in the locale tables', () => {
  it.each([
    ['en-US', 1, 'in about 1 minute.'],
    ['en-US', 7, 'in about 7 minutes.'],
    ['de-DE', 1, 'in etwa einer Minute da'],
    ['de-DE', 7, 'in etwa 7 Minuten da'],
    ['fr-FR', 2, 'dans environ 2 minutes.'],
    ['es-MX', 1, 'en aproximadamente 1 minuto.'],
    ['it-IT', 7, 'tra circa 7 minuti.'],
    ['pt-BR', 7, 'em cerca de 7 minutos.'],
    ['ja-JP', 7, '約7分で到着します。'],
  ])('%s says an arrival in %i minute(s) as "%s"', (locale, eta, said) => {
    expect(stringsFor(locale).order.placed('Contoso Tower', eta, undefined)).toContain(said);
  });

  it.each([
    ['en-US', ['work', 'home', 'gym'], 'You can go to work, home, or gym, '],
    ['en-GB', ['work', 'home', 'gym'], 'You can go to work, home or gym, '],
    ['de-DE', ['work', 'home'], 'Du kannst zu einem dieser Orte fahren: Arbeit oder Zuhause.'],
    ['es-ES', ['work', 'oficina'], 'Puedes ir a trabajo u oficina.'],
    ['fr-FR', ['home', 'work'], 'Vous pouvez aller à : maison ou travail.'],
    ['ja-JP', ['work', 'home'], '登録済みの場所は「職場」、「自宅」です。'],
  ])('%s lists the saved places %j in its words, with its conjunction', (locale, known, said) => {
    expect(stringsFor(locale).order.unknownPlace('moon', known)).toContain(said);
  });

  it('says no list when there are no saved places', () => {
    expect(stringsFor('en-US').order.unknownPlace('moon', [])).not.toContain('You can go to');
    expect(stringsFor('de-DE').order.unknownPlace('moon', [])).not.toContain('Orte fahren');
  });

  it.each([
    ['en-US', 'standard, XL, or accessible rides, usually within 5 minutes'],
    ['en-IN', 'standard, XL or accessible cabs'],
    ['de-DE', 'Fahrten der Klasse Standard, XL oder Barrierefrei, meist innerhalb von 5 Minuten'],
    ['fr-FR', 'des courses standard, XL ou accessibles'],
    ['es-ES', 'viajes estándar, XL o accesibles'],
    ['it-IT', 'corse standard, XL o accessibili'],
    ['pt-BR', 'corridas padrão, XL ou acessíveis'],
    ['ja-JP', 'スタンダード、XL、またはバリアフリーの車'],
  ])('%s names the vehicle classes in its words', (locale, said) => {
    expect(stringsFor(locale).availability.fullRange('Dallas', ['standard', 'xl', 'accessible'], 5)).toContain(said);
  });

  it('says a saved place the user named themselves as named, even one named like an Object property', () => {
    expect(stringsFor('de-DE').order.confirm('gym', 'Fit Hall', undefined)).toContain('Ort „gym“: Fit Hall.');
    expect(stringsFor('de-DE').order.confirm('constructor', 'X', undefined)).toContain('Ort „constructor“: X.');
  });
});
