/**
 * A simulated Alexa device: builds request envelopes like Alexa does, signs them with the local
 * development CA (Signature-256, SignatureCertChainUrl), posts them to the skill, and keeps the
 * session between turns.
 */
import { envelopeFor, signBody, type EnvelopeOptions } from 'alexa-skill-workers/testing';
import type { DevCa } from 'alexa-skill-workers/cli';
import { fetchLocal } from './reach.ts';
import type { SimulatorState } from './state.ts';

export interface Answer {
  readonly status: number;
  readonly speech: string | undefined;
  readonly card: string | undefined;
  readonly sessionContinues: boolean;
  /** A skill connection the answer starts with `onCompletion: RESUME_SESSION` (the session is suspended, kept). */
  readonly connection: { readonly uri: string; readonly token: string | undefined } | undefined;
  readonly raw: string;
}

export interface Device {
  readonly skillUrl: string;
  readonly skillId: string;
  readonly certUrl: string;
  /** The `request.locale` of every request (`--locale`); en-US when absent. */
  readonly locale?: string;
  readonly ca: DevCa;
  readonly state: SimulatorState;
}

type Json = Record<string, unknown>;

/**
 * Sends one request (`request` is the `request` object without id, timestamp and locale), as the
 * recognized speaker `person` when one is given (`context.System.person`, person.ts).
 */
export async function send(device: Device, request: Json, person?: EnvelopeOptions['person']): Promise<Answer> {
  const { state } = device;
  const isEvent = String(request.type).startsWith('AlexaSkillEvent.');
  const isNew = !isEvent && (state.session === undefined || request.type === 'LaunchRequest');
  if (isNew) state.session = { id: `amzn1.echo-api.session.${crypto.randomUUID()}`, attributes: {} };
  const envelope = envelopeFor(
    request,
    {
      timestamp: new Date(),
      locale: device.locale,
      skillId: device.skillId,
      userId: state.userId,
      deviceId: state.deviceId,
      accessToken: state.tokens?.accessToken,
      sessionId: state.session?.id,
      attributes: state.session?.attributes,
      newSession: isNew,
      person,
    },
    !isEvent,
  );
  const body = JSON.stringify(envelope);
  const response = await fetchLocal('The skill', device.skillUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      SignatureCertChainUrl: device.certUrl,
      'Signature-256': await signBody(body, device.ca.signingKey),
    },
    body,
  });
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
 * The `Connections.StartConnection` that hands the user to another skill and resumes this one
 * (`onCompletion` `RESUME_SESSION`, the default): Alexa keeps the session for the SessionResumedRequest.
 * https://developer.amazon.com/en-US/docs/alexa/custom-skills/use-skill-connections-to-request-tasks.html
 */
function resumingConnectionOf(directives: Json[] | undefined): Answer['connection'] {
  const directive = directives?.find((d) => d.type === 'Connections.StartConnection' && d.onCompletion !== 'SEND_ERRORS_ONLY');
  if (!directive || typeof directive.uri !== 'string') return undefined;
  return { uri: directive.uri, token: typeof directive.token === 'string' ? directive.token : undefined };
}
