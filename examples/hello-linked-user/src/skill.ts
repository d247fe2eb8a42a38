import { getIntentName, getRequestType, SkillBuilders, type HandlerInput, type RequestHandler } from 'ask-sdk-core';
import { linkedProfileOf, linkingEventHandlers, linkingGate, linkingPolicy, type LinkingProblem } from 'alexa-skill-workers/ask-sdk';
import { profileFromClaims } from 'alexa-skill-workers/linking';

/** What the skill keeps of a linked user: the name in their Login with Amazon profile (scope `profile`). */
export type Profile = { readonly name?: string };
const nameOf = (fields: Record<string, unknown>): Profile => (typeof fields.name === 'string' ? { name: fields.name } : {});

/** The profile, from LWA's /user/profile answer that validated the token (Amazon, "Obtain Customer Profile Information"). */
export const lwaProfile = profileFromClaims(nameOf, (stored) => (typeof stored === 'object' && stored !== null ? nameOf(stored as Record<string, unknown>) : undefined));

// Data in SSML is XML text: markup escaped, control characters spoken as spaces.
const ssml = (text: string) => text.replace(/\p{Cc}/gu, ' ').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const say = {
  welcome: 'Welcome to Hello, linked user. Say hello, and I will greet you by your Amazon name.',
  hello: (name?: string) => (name ? `Hello, ${ssml(name)}!` : 'Hello! Your Amazon account is linked, but it did not share your name.'),
  unlinked: 'To greet you by name, I need your Amazon account. Please link it in the Alexa app: I sent you a card.',
  invalid: 'Your account link has expired. Please link your Amazon account again in the Alexa app: I sent you a card.',
  unavailable: 'Sorry, I cannot reach Login with Amazon right now. Please try again in a moment.',
};

const nameOfRequest = ({ requestEnvelope: request }: HandlerInput) =>
  getRequestType(request) === 'IntentRequest' ? getIntentName(request) : getRequestType(request);
const on = (names: string[], handle: RequestHandler['handle']): RequestHandler => ({ canHandle: (i) => names.includes(nameOfRequest(i)), handle });
const welcome = (input: HandlerInput) => input.responseBuilder.speak(say.welcome).reprompt(say.welcome).getResponse();
const end = (input: HandlerInput) => input.responseBuilder.withShouldEndSession(true).getResponse();

/** Behind the linking gate: only a linked user's HelloIntent gets here. */
async function hello(input: HandlerInput) {
  const { name } = await linkedProfileOf<Profile>(input);
  return input.responseBuilder.speak(say.hello(name)).withShouldEndSession(true).getResponse();
}

/** A user who must link (again) hears why and gets a LinkAccount card; an LWA outage is an apology. */
function linkingAnswer(input: HandlerInput, problem: LinkingProblem) {
  const answer = input.responseBuilder.speak(say[problem]).withShouldEndSession(true);
  return (problem === 'unavailable' ? answer : answer.withLinkAccountCard()).getResponse();
}

/** The skill, built once: HelloIntent needs a linked account, the rest is public. */
export const skill = SkillBuilders.custom()
  .addRequestHandlers(
    linkingGate({ policy: linkingPolicy({ linkedIntents: ['HelloIntent'] }), respond: linkingAnswer }),
    on(['HelloIntent'], hello),
    on(['LaunchRequest', 'AMAZON.HelpIntent', 'AMAZON.FallbackIntent'], welcome),
    on(['AMAZON.StopIntent', 'AMAZON.CancelIntent', 'SessionEndedRequest'], end),
    ...linkingEventHandlers,
  )
  .create();
