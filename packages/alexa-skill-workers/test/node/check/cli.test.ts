import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliDone } from '../simulate/support.ts';
import { POLICY } from './support.ts';

/** `alexa-skill-workers check` as CI runs it, in a project holding a copy of a real skill package. */
const folders: string[] = [];
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function project(section: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kit-check-'));
  folders.push(dir);
  cpSync(join(import.meta.dirname, '..', 'fixtures', 'skill-package'), join(dir, 'skill-package'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'a-skill', 'alexa-skill-workers': section }));
  return dir;
}
const { localeSlotTypes, ...policy } = POLICY;

describe('alexa-skill-workers check', () => {
  it('passes a good package with the policy from package.json, and says so in one summary line', async () => {
    const { code, out, err } = await cliDone(['check'], project({ policy, check: { localeSlotTypes } }));
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/^✔ manifest-required \(skill\.json\): /m);
    expect(out).toMatch(/\n\d+ passed, 0 failed\.\n$/);
  });

  it('fails, exit 1, on an intent the policy gates that the model lacks, and prints { ok, findings } with --json', async () => {
    const { code, out } = await cliDone(['check', '--json'], project({ policy: { ...policy, linkedIntents: ['OrderCar', 'CancelRide'] }, check: { localeSlotTypes } }));
    expect(code).toBe(1);
    const result = JSON.parse(out) as { ok: boolean; findings: { rule: string; ok: boolean; message: string }[] };
    expect(result.ok).toBe(false);
    expect(result.findings.filter((f) => !f.ok).map((f) => f.rule)).toEqual(Array(12).fill('linking-intents-in-model'));
  });

  it('without policy.handledIntents, checks no handler rule and says what to add', async () => {
    const { code, out } = await cliDone(['check'], project({ policy: { linkedIntents: policy.linkedIntents, recognizedSpeakers: true }, check: { localeSlotTypes } }));
    expect(code).toBe(0);
    expect(out).not.toContain('model-intents-handled');
    expect(out).toContain('Not checked: which intents have handlers (add "policy": { "handledIntents": [...] } to package.json).');
  });

  it('a file that is not JSON is one line naming it', async () => {
    const dir = project({ policy });
    writeFileSync(join(dir, 'skill-package', 'skill.json'), readFileSync(join(dir, 'skill-package', 'skill.json'), 'utf8').slice(0, 40));
    const { code, err } = await cliDone(['check'], dir);
    expect(code).toBe(1);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(/^Error: the skill package at .*skill-package has a file that is not JSON/);
  });
});
