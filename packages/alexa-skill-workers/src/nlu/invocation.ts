/**
 * How an utterance reaches the skill: a launch phrase with the invocation name alone ("open ride hailer",
 * "ask ride hailer", 「かんたん配車を開いて」) is a LaunchRequest; the name joined to a request ("ask ride
 * hailer to get me a ride", "get me a ride using ride hailer", 「かんたん配車で車を呼んで」) leaves the request
 * to match against the samples; inside a session the whole utterance is a request. An optional wake word
 * comes first.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/understanding-how-users-invoke-custom-skills.html
 *   ("Understand How Users Invoke Custom Skills": invoking a skill with a specific request, with no specific
 *   request, and the connecting words; the tables per language)
 */

import type { CompiledModel } from './compile.ts';

/** One reading of the utterance: the invocation phrase it used and the request left (empty: a launch). */
export interface InvocationReading {
  readonly form: 'launch' | 'one-shot' | 'session';
  /** The template, e.g. `ask {name} to {request}`; absent inside a session. */
  readonly phrase?: string;
  readonly request: string;
}

const TEMPLATES = new WeakMap<CompiledModel, { launch: string[]; withRequest: [string, string, string][] }>();

/** The language's templates with the skill's name filled in, the longest fixed words first. */
function templatesOf(model: CompiledModel) {
  let templates = TEMPLATES.get(model);
  if (!templates) {
    const { language, invocationName } = model;
    const fill = (template: string) => template.replace('{name}', invocationName);
    const join = (text: string) => (language.spaced ? text : text.replace(/ /g, ''));
    templates = {
      launch: language.launch.map((t) => join(fill(t))),
      withRequest: language.withRequest
        .map((t): [string, string, string] => {
          const [before, after] = join(fill(t)).split('{request}') as [string, string];
          return [t, before, after];
        })
        .sort((a, b) => b[1].length + b[2].length - (a[1].length + a[2].length)),
    };
    TEMPLATES.set(model, templates);
  }
  return templates;
}

/**
 * Every reading of `normalized` (normalized speech), best first: a launch, then each invocation phrase that
 * fits (longer fixed words first, so "ask … to" is tried before "ask …"), then, inside a session, the whole
 * utterance. Empty when the utterance does not name the skill outside a session.
 */
export function readInvocation(model: CompiledModel, normalized: string, inSession: boolean): InvocationReading[] {
  const { language } = model;
  const space = language.spaced ? ' ' : '';
  const wake = language.wakeWords.find((w) => normalized.startsWith(`${w}${space}`) && normalized.length > w.length + space.length);
  const said = wake ? normalized.slice(wake.length + space.length) : normalized;
  const templates = templatesOf(model);
  const readings: InvocationReading[] = [];
  const launch = templates.launch.findIndex((t) => t === said);
  if (launch >= 0) readings.push({ form: 'launch', phrase: language.launch[launch]!, request: '' });
  for (const [phrase, before, after] of templates.withRequest) {
    if (said.length <= before.length + after.length || !said.startsWith(before) || !said.endsWith(after)) continue;
    const request = said.slice(before.length, said.length - after.length).trim();
    if (request !== '' && !readings.some((r) => r.request === request)) readings.push({ form: 'one-shot', phrase, request });
  }
  if (inSession) readings.push({ form: 'session', request: said });
  return readings;
}
