/**
 * A simulated Alexa device: builds request envelopes like Alexa does, signs them with the local
 * development CA (`Signature-256` over the body, `SignatureCertChainUrl`), posts them to the skill,
 * and keeps the session between turns. Amazon: "Request and Response JSON Reference",
 * https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-and-response-json-reference.html,
 * and "Host a Custom Skill as a Web Service" (the signature headers),
 * https://developer.amazon.com/en-US/docs/alexa/custom-skills/host-a-custom-skill-as-a-web-service.html.
 */
import { envelopeFor, type EnvelopeOptions } from '../../testing/envelopes.ts';
import { signBody } from '../../testing/pki.ts';
import type { SigningCa } from '../ca.ts';
import { reach } from '../net.ts';
import { describeCalls, type AlexaApiRecord, type DeviceAlexaApi } from './alexa-api.ts';
import type { SimulatorState } from './state.ts';

export interface Answer {
  readonly status: number;
  readonly speech: string | undefined;
  readonly card: string | undefined;
  readonly sessionContinues: boolean;
  /** A skill connection the answer starts with `onCompletion: RESUME_SESSION` (the session is suspended, kept). */
  readonly connection: { readonly uri: string; readonly token: string | undefined } | undefined;
  /** The response body as the skill sent it. */
  readonly raw: string;
  /** The Alexa API calls the skill made for this request, when the device serves a local Alexa API. */
  readonly alexaApi?: AlexaApiRecord;
  /** The request body as it was sent (it holds the access token: never printed). */
  readonly sent: string;
}

/** A device with a screen, or a speaker with none (`--device`): what `context.System.device.supportedInterfaces` says. */
export type DeviceKind = 'speaker' | 'screen';

/** The interfaces a device with a screen declares (APL), as an Echo Show does. */
const SCREEN_INTERFACES = { 'Alexa.Presentation.APL': { runtime: { maxVersion: '2024.2' } } };

export interface Device {
  readonly skillUrl: string;
  readonly skillId: string;
  /** The `request.locale` of every request (`--locale`). */
  readonly locale: string;
  readonly kind: DeviceKind;
  readonly ca: SigningCa;
  readonly state: SimulatorState;
  /** What to start when the skill does not answer (printed in the one line). */
  readonly hint: string;
  readonly now: () => Date;
  /**
   * The local Alexa API each request's `apiEndpoint` and `apiAccessToken` point at (alexa-api.ts);
   * without it, requests carry neither and the skill can call none of Alexa's APIs.
   */
  readonly alexaApi?: DeviceAlexaApi | undefined;
  /**
   * Rehearsing certification (the console's tamper switch): the request sent without its signature
   * headers, or with a signature that does not verify. Absent: signed as Alexa signs.
   */
  readonly tamper?: 'unsigned' | 'forged';
}

type Json = Record<string, unknown>;

/**
 * Sends one request (`request` is the `request` object without id, timestamp and locale), as the
 * recognized speaker `person` when one is given (`context.System.person`, person.ts).
 * @throws {CliError} the skill does not answer (naming its URL and `device.hint`).
 */
export async function send(device: Device, request: Json, person?: EnvelopeOptions['person']): Promise<Answer> {
  const { state } = device;
  const isEvent = String(request.type).startsWith('AlexaSkillEvent.');
  const isNew = !isEvent && (state.session === undefined || request.type === 'LaunchRequest');
  if (isNew) state.session = { id: `amzn1.echo-api.session.${crypto.randomUUID()}`, attributes: {} };
  const api = await device.alexaApi?.begin(state, person?.personId);
  const envelope = envelopeFor(
    request,
    {
      timestamp: device.now(),
      locale: device.locale,
      skillId: device.skillId,
      userId: state.userId,
      deviceId: state.deviceId,
      accessToken: state.tokens?.accessToken,
      sessionId: state.session?.id,
      attributes: state.session?.attributes,
      newSession: isNew,
      person,
      // Without the local Alexa API, no token: the skill calls none (rather than Amazon's real
      // hosts with a placeholder token).
      apiEndpoint: api?.endpoint ?? null,
      apiAccessToken: api?.token ?? null,
    },
    !isEvent,
  );
  if (device.kind === 'screen') ((envelope.context as { System: { device: Json } }).System.device).supportedInterfaces = SCREEN_INTERFACES;
  const body = JSON.stringify(envelope);
  const response = await post(device, body);
  const raw = await response.text();
  const alexaApi = await api?.end();
  let parsed: {
    response?: { outputSpeech?: { ssml?: string; text?: string }; card?: { type?: string }; shouldEndSession?: boolean; directives?: Json[] };
    sessionAttributes?: Json;
  } = {};
  try {
    parsed = JSON.parse(raw) as typeof parsed;
  } catch {
    // not JSON: shown raw
  }
  const out = parsed.response;
  const connection = response.ok ? resumingConnectionOf(out?.directives) : undefined;
  const sessionContinues = !isEvent && response.ok && out?.shouldEndSession === false;
  if (!isEvent) {
    const kept = sessionContinues || connection !== undefined;
    state.session = kept ? { id: state.session!.id, attributes: parsed.sessionAttributes ?? {} } : undefined;
  }
  return {
    status: response.status,
    speech: out?.outputSpeech?.ssml?.replace(/<[^>]+>/g, '') ?? out?.outputSpeech?.text,
    card: out?.card?.type,
    sessionContinues,
    connection,
    raw,
    ...(alexaApi && { alexaApi }),
    sent: body,
  };
}

/**
 * Posts a request body to the skill as Alexa does, signed with the local CA (`Signature-256` over
 * the body, `SignatureCertChainUrl`), or tampered with as `device.tamper` says (the console's switch).
 * @throws {CliError} the skill does not answer (naming its URL and `device.hint`).
 */
export async function post(device: Pick<Device, 'skillUrl' | 'ca' | 'hint' | 'tamper'>, body: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (device.tamper !== 'unsigned') {
    const signature = await signBody(body, device.ca.signingKey);
    headers.SignatureCertChainUrl = device.ca.certUrl;
    headers['Signature-256'] = device.tamper === 'forged' ? forged(signature) : signature;
  }
  return reach('The skill', device.skillUrl, { method: 'POST', headers, body }, device.hint);
}

/** `signature` (base64) with its first byte flipped: the same length and alphabet, so only verifying it tells. */
function forged(signature: string): string {
  const bytes = Uint8Array.from(atob(signature), (c) => c.charCodeAt(0));
  bytes[0] = bytes[0]! ^ 0xff;
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The `Connections.StartConnection` that hands the user to another skill and resumes this one
 * (`onCompletion` `RESUME_SESSION`, the default): Alexa keeps the session for the SessionResumedRequest.
 * https://developer.amazon.com/en-US/docs/alexa/custom-skills/use-skill-connections-to-request-tasks.html
 */
function resumingConnectionOf(directives: Json[] | undefined): Answer['connection'] {
  const directive = directives?.find((d) => d.type === 'Connections.StartConnection' && d.onCompletion !== 'SEND_ERRORS_ONLY');
  if (!directive || typeof directive.uri !== 'string') return undefined;
  return { uri: directive.uri, token: typeof directive.token === 'string' ? directive.token : undefined };
}

/** Prints an answer the way a person reads it; `linkHint` is the command that links (for a LinkAccount card). */
export function describe(answer: Answer, linkHint: string): string {
  const calls = answer.alexaApi ? describeCalls(answer.alexaApi) : [];
  if (answer.status !== 200) return [...calls, `HTTP ${answer.status}: ${answer.raw}`].join('\n');
  const lines = [...calls, answer.speech ? `Alexa: ${answer.speech}` : 'Alexa: (no speech)'];
  if (answer.card) lines.push(`Card:  ${answer.card}${answer.card === 'LinkAccount' ? ` (run: ${linkHint})` : ''}`);
  if (answer.connection) lines.push(`Connection: ${answer.connection.uri} (session suspended until it completes)`);
  else lines.push(answer.sessionContinues ? 'Session: open, waiting for your answer' : 'Session: ended');
  return lines.join('\n');
}
