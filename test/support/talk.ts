import type { ResponseEnvelope } from 'ask-sdk-model';
import { expect } from 'vitest';
import type { SkillHarness } from './harness.ts';

/** One answer of the skill, read the way a device would. */
export interface Turn {
  readonly speech: string;
  readonly card: { type: string } | undefined;
  readonly endsSession: boolean | undefined;
  readonly attributes: Record<string, unknown>;
  readonly body: ResponseEnvelope;
}

/** Sends a signed envelope and reads the answer; the HTTP status must be 200. */
export async function turn(skill: SkillHarness, envelope: object): Promise<Turn> {
  const res = await skill.send(envelope);
  expect(res.status, await res.clone().text()).toBe(200);
  const body = await res.json<ResponseEnvelope>();
  return {
    speech: (body.response.outputSpeech as { ssml?: string } | undefined)?.ssml ?? '',
    card: body.response.card as { type: string } | undefined,
    endsSession: body.response.shouldEndSession,
    attributes: (body.sessionAttributes ?? {}),
    body,
  };
}
