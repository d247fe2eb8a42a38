import { getIntentName, getLocale, getRequestType, SkillBuilders, type HandlerInput, type RequestHandler } from 'ask-sdk-core';
import { linkedProfileOf, linkingEventHandlers, linkingGate, linkingPolicy, type LinkingProblem } from 'alexa-skill-workers/ask-sdk';
import { profileFromClaims } from 'alexa-skill-workers/linking';
import { stringsFor } from './strings/index.ts';

/** What the skill keeps of a linked user: the name in their profile at the OAuth provider. */
export type Profile = { readonly name?: string };
const nameOf = (fields: Record<string, unknown>): Profile => (typeof fields.name === 'string' ? { name: fields.name } : {});

/** The profile, from what validated the token (claims or the provider's profile answer); re-checked when read back from KV. */
export const profile = profileFromClaims(nameOf, (stored) => (typeof stored === 'object' && stored !== null ? nameOf(stored as Record<string, unknown>) : undefined));

/**
 * The intents only a linked user reaches (the linking gate answers the others with a LinkAccount
 * card). package.json's "alexa-skill-workers".policy.linkedIntents says the same, for `check`.
 */
export const LINKED_INTENTS = ['WhoAmIIntent'];

// Data in SSML is XML text: markup escaped, control characters spoken as spaces.
const ssml = (text: string) => text.replace(/\p{Cc}/gu, ' ').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The strings of the request's locale (src/strings/). */
const say = (input: HandlerInput) => stringsFor(getLocale(input.requestEnvelope));

const nameOfRequest = ({ requestEnvelope: request }: HandlerInput) =>
  getRequestType(request) === 'IntentRequest' ? getIntentName(request) : getRequestType(request);
const on = (names: string[], handle: RequestHandler['handle']): RequestHandler => ({ canHandle: (i) => names.includes(nameOfRequest(i)), handle });
const welcome = (input: HandlerInput) => input.responseBuilder.speak(say(input).welcome).reprompt(say(input).welcome).getResponse();
const end = (input: HandlerInput) => input.responseBuilder.withShouldEndSession(true).getResponse();

/** Behind the linking gate: only a linked user's WhoAmIIntent gets here. */
async function whoAmI(input: HandlerInput) {
  const { name } = await linkedProfileOf<Profile>(input);
  return input.responseBuilder.speak(say(input).whoAmI(name === undefined ? undefined : ssml(name))).withShouldEndSession(true).getResponse();
}

/** A user who must link (again) hears why and gets a LinkAccount card; a provider outage is an apology. */
function linkingAnswer(input: HandlerInput, problem: LinkingProblem) {
  const answer = input.responseBuilder.speak(say(input)[problem]).withShouldEndSession(true);
  return (problem === 'unavailable' ? answer : answer.withLinkAccountCard()).getResponse();
}

/** The skill, built once: the linking gate first, a public intent, a linked intent, the skill events. */
export const skill = SkillBuilders.custom()
  .addRequestHandlers(
    linkingGate({ policy: linkingPolicy({ linkedIntents: LINKED_INTENTS }), respond: linkingAnswer }),
    on(['HelloIntent'], (input) => input.responseBuilder.speak(say(input).hello).withShouldEndSession(true).getResponse()),
    on(['WhoAmIIntent'], whoAmI),
    on(['LaunchRequest', 'AMAZON.HelpIntent', 'AMAZON.FallbackIntent', 'AMAZON.NavigateHomeIntent'], welcome),
    on(['AMAZON.StopIntent', 'AMAZON.CancelIntent', 'SessionEndedRequest'], end),
    // SkillAccountLinked validates the new token at once (a warm cache); SkillDisabled forgets the user's tokens.
    ...linkingEventHandlers,
  )
  .create();
