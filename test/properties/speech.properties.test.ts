import type { ResponseEnvelope } from 'ask-sdk-model';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { findCity } from '../../src/skill/catalogue.ts';
import { LOCALE_NAMES, stringsFor } from '../../src/skill/i18n/index.ts';
import { createTestPki, intentRequest, launchRequest, type TestPki } from 'alexa-skill-workers/testing';
import { NOW, SkillHarness } from '../support/harness.ts';
import { asSpoken, elementsWrittenIn, parseSsml } from '../support/ssml.ts';
import { turn } from '../support/talk.ts';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

/** Markup, references, XML-forbidden characters, lone surrogates and line ends, mixed with anything. */
const awkward = fc.constantFrom(
  '&', '<', '>', '"', "'", ']]>', '&amp;', '&#0;', '<audio src="https://evil.example/x.mp3"/>', '</speak>', '<speak>',
  '<!--', '<![CDATA[', '\u0000', '\u0008', '\u000B', '\u000C', '\u001F', '\t', '\r\n', '\r', '\uD800', '\uDFFF',
  '\uFFFE', '\uFFFF', '\u2028', '😀',
);
const data = fc.string({ unit: fc.oneof(awkward, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.constant(' ')), minLength: 1, maxLength: 16 });
/** What the profile parser keeps: a string that is not blank. */
const label = data.filter((s) => s.trim() !== '');
/**
 * A destination key a slot can name exactly (slot values are trimmed and lower-cased), other than
 * the IDs every locale says in its own words.
 */
const destinationKey = label.filter((s) => s === s.trim() && !['work', 'home'].includes(s.toLowerCase()));
/** Every locale the skill speaks. */
const locale = fc.constantFrom(...LOCALE_NAMES);

const WRITTEN = new Map<string, Set<string>>(LOCALE_NAMES.map((name) => [name, elementsWrittenIn(stringsFor(name))]));
const at = (locale: string, accessToken?: string, attributes?: Record<string, unknown>) => ({ timestamp: NOW, locale, accessToken, attributes });

/**
 * Each SSML of the answer (speech and reprompt) is well-formed, writes no element the locale's
 * strings do not, and says every `said`.
 */
function expectSpeech(locale: string, body: ResponseEnvelope, ...said: string[]): void {
  const written = WRITTEN.get(locale)!;
  const speech = (body.response.outputSpeech as { ssml: string }).ssml;
  const reprompt = (body.response.reprompt?.outputSpeech as { ssml?: string } | undefined)?.ssml;
  for (const ssml of reprompt === undefined ? [speech] : [speech, reprompt]) {
    expect(parseSsml(ssml).elements.filter((name) => !written.has(name)), ssml).toEqual([]);
  }
  const { text } = parseSsml(speech);
  for (const value of said) expect(text).toContain(asSpoken(value));
}

describe('speech is well-formed SSML whatever the data (properties, through the whole Worker)', () => {
  it('OrderCar, Yes and Launch say any profile name, place label, payment label and destination, in every locale', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ locale, name: label, destination: destinationKey, place: label, payment: label }),
        async ({ locale, name, destination, place, payment }) => {
          const skill = new SkillHarness(pki).serveChain();
          const token = skill.provider.opaqueToken({
            id: 'user-any', name,
            defaultLocations: { [destination]: { label: place } },
            paymentMethod: { label: payment },
          });
          const ask = await turn(skill, intentRequest('OrderCar', { destination }, at(locale, token)));
          expectSpeech(locale, ask.body, destination.toLowerCase(), place, payment);
          const reprompt = ask.body.response.reprompt?.outputSpeech as { ssml: string };
          expect(parseSsml(reprompt.ssml).text).toContain(asSpoken(place));

          const yes = await turn(skill, intentRequest('AMAZON.YesIntent', {}, at(locale, token, ask.attributes)));
          expectSpeech(locale, yes.body, place);

          const launch = await turn(skill, launchRequest(at(locale, token)));
          expectSpeech(locale, launch.body, name);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('OrderCar and availability say any destination or city a slot holds, and any saved place name, in every locale', async () => {
    await fc.assert(
      fc.asyncProperty(locale, destinationKey, destinationKey, label, async (locale, saved, unknown, city) => {
        fc.pre(saved.toLowerCase() !== unknown.toLowerCase() && findCity(city, stringsFor(locale).language) === undefined);
        const skill = new SkillHarness(pki).serveChain();
        const token = skill.provider.opaqueToken({ id: 'user-any', defaultLocations: { [saved]: { label: 'Somewhere' } } });
        const place = await turn(skill, intentRequest('OrderCar', { destination: unknown }, at(locale, token)));
        expectSpeech(locale, place.body, unknown.toLowerCase(), saved.toLowerCase());

        const availability = await turn(skill, intentRequest('RideHailerAvailabilityByCity', { city }, at(locale)));
        expectSpeech(locale, availability.body, city);
      }),
      { numRuns: 150 },
    );
  });
});
