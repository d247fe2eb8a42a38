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
      // No Alexa service API runs locally yet: without a token the skill calls none (it would
      // otherwise reach Amazon's real hosts with a placeholder token).
      apiAccessToken: null,
    },
    !isEvent,
  );
  if (device.kind === 'screen') ((envelope.context as { System: { device: Json } }).System.device).supportedInterfaces = SCREEN_INTERFACES;
  const response = await post(device, envelope);
  const raw = await response.text();
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
  };
}

/**
 * Posts a request envelope to the skill as Alexa does: signed with the local CA (`Signature-256`
 * over the body, `SignatureCertChainUrl`).
 * @throws {CliError} the skill does not answer (naming its URL and `device.hint`).
 */
export async function post(device: Pick<Device, 'skillUrl' | 'ca' | 'hint'>, envelope: Json): Promise<Response> {
  const body = JSON.stringify(envelope);
  return reach('The skill', device.skillUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      SignatureCertChainUrl: device.ca.certUrl,
      'Signature-256': await signBody(body, device.ca.signingKey),
    },
    body,
  }, device.hint);
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
  if (answer.status !== 200) return `HTTP ${answer.status}: ${answer.raw}`;
  const lines = [answer.speech ? `Alexa: ${answer.speech}` : 'Alexa: (no speech)'];
  if (answer.card) lines.push(`Card:  ${answer.card}${answer.card === 'LinkAccount' ? ` (run: ${linkHint})` : ''}`);
  if (answer.connection) lines.push(`Connection: ${answer.connection.uri} (session suspended until it completes)`);
  else lines.push(answer.sessionContinues ? 'Session: open, waiting for your answer' : 'Session: ended');
  return lines.join('\n');
}
