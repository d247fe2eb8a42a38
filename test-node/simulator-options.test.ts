import { describe, expect, it } from 'vitest';
import { parseSimulatorArgs, UsageError } from '../tools/simulator/options.ts';

describe('the simulator command line', () => {
  it('is en-US without --locale', () => {
    expect(parseSimulatorArgs(['OrderCar', 'destination=work'])).toEqual({ locale: 'en-US', words: ['OrderCar', 'destination=work'], help: false });
  });

  it.each([
    [['--locale', 'ja-JP', 'launch'], 'ja-JP', ['launch']],
    [['--locale=de-DE', 'OrderCar', 'destination=work'], 'de-DE', ['OrderCar', 'destination=work']],
    [['yes', '--locale', 'fr-FR'], 'fr-FR', ['yes']],
    [['--locale', 'pt-br', 'help'], 'pt-BR', ['help']],
    [['--locale', 'de-AT'], 'de-AT', []],
    [['--locale', 'ja-JP', 'link', '--implicit'], 'ja-JP', ['link', '--implicit']],
    [['link', '--implicit'], 'en-US', ['link', '--implicit']],
  ])('reads %j as locale %s and command %j', (args, locale, words) => {
    expect(parseSimulatorArgs(args)).toEqual({ locale, words, help: false });
  });

  it.each([
    [['--locale'], /--locale needs a value.*Usage: npm run simulate -- \[--locale ja-JP\]/],
    [['--locale', '--implicit', 'link'], /--locale needs a value/],
    [['--locale=', 'launch'], /"" is not a BCP 47 locale/],
    [['--locale', 'not a locale', 'launch'], /"not a locale" is not a BCP 47 locale/],
  ])('refuses %j, saying what to type', (args, message) => {
    expect(() => parseSimulatorArgs(args)).toThrow(UsageError);
    expect(() => parseSimulatorArgs(args)).toThrow(message);
  });
});
