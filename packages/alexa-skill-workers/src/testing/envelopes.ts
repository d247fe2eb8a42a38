/** Builders for Alexa request envelopes shaped like the ones Alexa sends (custom skill JSON). */
export const SKILL_ID = 'amzn1.ask.skill.11111111-2222-4333-8444-555555555555';
export const USER_ID = 'amzn1.ask.account.TESTUSER';

export interface EnvelopeOptions {
  readonly timestamp: Date;
  readonly accessToken?: string;
  readonly skillId?: string;
  readonly locale?: string;
  /** Session attributes from the previous turn, as a device sends them back. */
  readonly attributes?: Record<string, unknown>;
  /** Overrides the Alexa user ID. */
  readonly userId?: string;
  /** What a device keeps between turns (the simulator); tests use fixed values. */
  readonly deviceId?: string;
  readonly sessionId?: string;
  /** Whether this request starts the session; by default a launch or a turn without attributes. */
  readonly newSession?: boolean;
  /**
   * A recognized speaker (`context.System.person`): their `personId`, their own account-linking
   * token if they linked one, and `authenticationConfidenceLevel.level` (300 by default: a
   * recognized voice). Amazon, "Add Personalization to Your Skill".
   */
  readonly person?: EnvelopePerson;
  /**
   * `context.System.apiAccessToken` (e.g. a `FakeAlexaApi`'s `token(...)`); `null` leaves it
   * out. Default a placeholder no API accepts.
   */
  readonly apiAccessToken?: string | null;
  /** `context.System.apiEndpoint`; `null` leaves it out. Default `https://api.amazonalexa.com`. */
  readonly apiEndpoint?: string | null;
}

/** The `person` of {@link EnvelopeOptions}. */
export interface EnvelopePerson {
  readonly personId: string;
  readonly accessToken?: string;
  /** `authenticationConfidenceLevel.level`; `null` leaves the object out. Default 300. */
  readonly confidence?: number | null;
}

function personJson(person: EnvelopePerson): Json {
  const json: Json = { personId: person.personId };
  if (person.accessToken !== undefined) json.accessToken = person.accessToken;
  if (person.confidence !== null) json.authenticationConfidenceLevel = { level: person.confidence ?? 300 };
  return json;
}

type Json = Record<string, unknown>;

/**
 * Wraps a `request` object in the envelope Alexa sends: context, and a session unless it is a skill
 * event (skill events have none). Used by the tests and by the local simulator.
 */
export function envelopeFor(request: Json, options: EnvelopeOptions, withSession: boolean): Json {
  const skillId = options.skillId ?? SKILL_ID;
  const user: Json = { userId: options.userId ?? USER_ID };
  if (options.accessToken !== undefined) user.accessToken = options.accessToken;
  const envelope: Json = {
    version: '1.0',
    context: {
      System: {
        application: { applicationId: skillId },
        user,
        ...(options.person ? { person: personJson(options.person) } : {}),
        device: { deviceId: options.deviceId ?? 'amzn1.ask.device.TEST', supportedInterfaces: {} },
        ...(options.apiEndpoint !== null && { apiEndpoint: options.apiEndpoint ?? 'https://api.amazonalexa.com' }),
        ...(options.apiAccessToken !== null && { apiAccessToken: options.apiAccessToken ?? 'not-a-real-api-token' }),
      },
    },
    request: {
      requestId: `amzn1.echo-api.request.${crypto.randomUUID()}`,
      timestamp: options.timestamp.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      locale: options.locale ?? 'en-US',
      ...request,
    },
  };
  if (withSession) {
    envelope.session = {
      new: options.newSession ?? (request.type === 'LaunchRequest' || options.attributes === undefined),
      sessionId: options.sessionId ?? 'amzn1.echo-api.session.TEST',
      application: { applicationId: skillId },
      attributes: options.attributes ?? {},
      user,
    };
  }
  return envelope;
}

export function launchRequest(options: EnvelopeOptions): Json {
  return envelopeFor({ type: 'LaunchRequest' }, options, true);
}

export function intentRequest(name: string, slots: Record<string, string>, options: EnvelopeOptions): Json {
  const slotJson = Object.fromEntries(
    Object.entries(slots).map(([slot, value]) => [slot, { name: slot, value, confirmationStatus: 'NONE' }]),
  );
  return envelopeFor(
    { type: 'IntentRequest', dialogState: 'COMPLETED', intent: { name, confirmationStatus: 'NONE', slots: slotJson } },
    options,
    true,
  );
}

export function sessionEndedRequest(options: EnvelopeOptions): Json {
  return envelopeFor({ type: 'SessionEndedRequest', reason: 'USER_INITIATED' }, options, true);
}

/** The `request` of a skill event (AlexaSkillEvent.*), created and published at `at`. */
export function skillEventRequest(type: string, at: Date, body: Json = {}): Json {
  return { type, eventCreationTime: at.toISOString(), eventPublishingTime: at.toISOString(), body };
}

export function skillEvent(type: string, options: EnvelopeOptions, body: Json = {}): Json {
  return envelopeFor(skillEventRequest(type, options.timestamp, body), options, false);
}

/**
 * A `SessionResumedRequest` as Alexa sends it when a skill connection started with
 * `onCompletion: RESUME_SESSION` completes: `cause` `ConnectionCompleted` with the requester's
 * `token`, the connection's `status` (`code` is an HTTP-style string, "200" on success) and the
 * provider's `result` (for AMAZON.AskForAccountLinking, `{ status: "LINKED" | "DENIED" | … }`).
 * The session continues: pass `attributes` as the device sends them back.
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/use-skill-connections-to-request-tasks.html
 */
export function sessionResumedRequest(
  cause: { token?: string; code?: string; message?: string; result?: Json },
  options: EnvelopeOptions,
): Json {
  const request = {
    type: 'SessionResumedRequest',
    cause: {
      type: 'ConnectionCompleted',
      ...(cause.token !== undefined && { token: cause.token }),
      status: { code: cause.code ?? '200', message: cause.message ?? 'OK' },
      ...(cause.result !== undefined && { result: cause.result }),
    },
  };
  return envelopeFor(request, { newSession: false, ...options }, true);
}
