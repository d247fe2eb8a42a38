/**
 * What `replay` prints: a line per step (✓ as recorded, ✗ not, · a link or unlink), the differences
 * under a step that differs, and a summary; or, with `--json`, one document.
 */
import type { ConversationStep } from '../../testing/conversation/format.ts';
import type { Mismatch, PlayedConversation } from '../../testing/conversation/played.ts';

/** The step as typed: `say "…"`, `intent OrderCar destination=work`, `connection accept`, `link ana`, `unlink`. */
function inputOf(step: ConversationStep): string {
  if ('say' in step) return `say ${JSON.stringify(step.say)}`;
  if ('intent' in step) return ['intent', step.intent, ...Object.entries(step.slots ?? {}).map(([k, v]) => `${k}=${v}`)].join(' ');
  if ('connection' in step) return `connection ${step.connection}${step.link !== undefined ? ` (link ${step.link})` : ''}`;
  if ('link' in step) return `link ${step.link}`;
  return 'unlink';
}

const shown = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : String(value));

/** The report a person reads. */
export function textReport(file: string, result: PlayedConversation, recorded: boolean): string {
  const lines = [`Replaying ${file}:`];
  const byStep = new Map<number, Mismatch[]>();
  for (const m of result.mismatches) byStep.set(m.step, [...(byStep.get(m.step) ?? []), m]);
  result.played.forEach((played, index) => {
    const misses = byStep.get(index) ?? [];
    const answered = played.heard !== undefined;
    lines.push(`${!answered ? '·' : misses.length ? '✗' : '✓'} ${index + 1}. ${inputOf(played.step)}`);
    if (answered) lines.push(`     Alexa: ${played.heard || '(no speech)'}${played.card && played.card !== 'none' ? ` [card ${played.card}]` : ''}${played.connection ? ` [connection ${played.connection}]` : ''}`);
    for (const m of misses) lines.push(`     ${m.field}: expected ${shown(m.expected)}, got ${shown(m.actual)}`);
  });
  const answered = result.played.filter((p) => p.heard !== undefined).length;
  const differing = new Set(result.mismatches.map((m) => m.step)).size;
  if (recorded) lines.push(`Recorded ${answered} answers into ${file}${differing ? ` (${differing} differed from what it held)` : ''}.`);
  else lines.push(differing ? `${differing} of ${answered} answers differ from ${file}.` : `All ${answered} answers as recorded.`);
  return lines.join('\n');
}

/** The `--json` document: every step as played (no token, no envelope), the mismatches, and whether it passed. */
export function jsonReport(file: string, result: PlayedConversation, recorded: boolean): Record<string, unknown> {
  return {
    file,
    passed: result.mismatches.length === 0,
    recorded,
    steps: result.played.map((p, index) => ({
      index,
      input: inputOf(p.step),
      ...(p.status !== undefined && { status: p.status }),
      ...(p.heard !== undefined && { heard: p.heard, card: p.card, sessionEnds: p.sessionEnds }),
      ...(p.connection !== undefined && { connection: p.connection }),
    })),
    mismatches: result.mismatches,
  };
}
