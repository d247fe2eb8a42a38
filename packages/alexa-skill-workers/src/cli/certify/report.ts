/**
 * The checklist `npm run certify` prints: one line per check, grouped by section, each with a
 * stable id. A check passes (✔), fails (✘) or is skipped with the reason; any ✘ exits 1.
 */
type Status = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  /** Stable id, e.g. `endpoint.no-signature`; tests and CI match on it, never on the wording. */
  readonly id: string;
  readonly section: string;
  /** What is checked, in a few words. */
  readonly title: string;
  readonly status: Status;
  /** Why it failed, why it was skipped, or what a pass proves when that is narrower than the title. */
  readonly detail?: string;
}

export const pass = (section: string, id: string, title: string, detail?: string): CheckResult =>
  ({ section, id, title, status: 'pass', detail });
export const fail = (section: string, id: string, title: string, detail: string): CheckResult =>
  ({ section, id, title, status: 'fail', detail });
export const skip = (section: string, id: string, title: string, reason: string): CheckResult =>
  ({ section, id, title, status: 'skip', detail: reason });

/** Reasons a check is skipped rather than run; the local-stack test allows only the first two. */
export const SKIP = {
  plainHttp: 'local stack is plain http',
  offline: 'offline',
  needsAlexaKey: "needs Alexa's key",
  needsLocalStack: 'needs the local stack (validly signed requests)',
} as const;

const MARK: Record<Status, string> = { pass: '✔', fail: '✘', skip: '–' };

/** The checklist as text: sections in the order first seen, then a summary line. */
export function render(results: readonly CheckResult[]): string {
  const sections = [...new Set(results.map((r) => r.section))];
  const lines: string[] = [];
  for (const section of sections) {
    lines.push(section);
    for (const r of results.filter((x) => x.section === section)) {
      const tail = r.status === 'skip' ? ` (skipped: ${r.detail ?? ''})` : r.detail ? `: ${r.detail}` : '';
      lines.push(`  ${MARK[r.status]} ${r.title} [${r.id}]${tail}`);
    }
    lines.push('');
  }
  const count = (s: Status) => results.filter((r) => r.status === s).length;
  lines.push(`${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped.`);
  return lines.join('\n');
}

/** 1 when any check failed, else 0. */
export function exitCode(results: readonly CheckResult[]): number {
  return results.some((r) => r.status === 'fail') ? 1 : 0;
}
