import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadState, saveState, serialSaver, type SimulatorState } from '../../../src/cli/simulate/state.ts';

const dir = mkdtempSync(join(tmpdir(), 'simulator-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A device with `speakers` recognized speakers, each linked: a file of some size. */
const device = (userId: string, speakers: number): SimulatorState => ({
  userId,
  deviceId: 'amzn1.ask.device.TEST',
  session: undefined,
  tokens: undefined,
  persons: Object.fromEntries(Array.from({ length: speakers }, (_, i) => [`person-${i}`, { tokens: { accessToken: `at-${i}`.padEnd(400, 'x'), tokenType: 'Bearer' } as never }])),
});

describe('the simulator state file', () => {
  it('is never seen half written: a read beside saves gets one of the saved devices', async () => {
    const file = join(dir, 'beside', 'simulator.json');
    await saveState(file, device('amzn1.ask.account.A', 200));
    const seen = new Set<string>();
    let saving = true;
    const reads = (async () => {
      while (saving) seen.add((await loadState(file)).userId);
    })();
    for (let i = 0; i < 40; i++) await Promise.all([saveState(file, device('amzn1.ask.account.A', 200)), saveState(file, device('amzn1.ask.account.B', 200))]);
    saving = false;
    await reads;
    expect(seen.size).toBeGreaterThan(0);
    expect([...seen].filter((id) => !/^amzn1\.ask\.account\.[AB]$/.test(id))).toEqual([]);
    // Nothing is left beside it: every partial file was renamed over it.
    expect(readdirSync(join(dir, 'beside'))).toEqual(['simulator.json']);
  });

  it('refuses a file that does not parse, naming it, instead of starting a new device over it', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"userId": "amzn1.ask.account.A", "tok');
    await expect(loadState(file)).rejects.toThrow(`${file} is not a simulator state (not JSON)`);
  });

  it('saves from two places in order, each with the state as it is then: the file ends with the latest', async () => {
    const file = join(dir, 'serial', 'simulator.json');
    const state = device('amzn1.ask.account.A', 200);
    const save = serialSaver(file, state);
    const saves: Promise<void>[] = [];
    for (let i = 0; i < 20; i++) {
      state.session = { id: `session-${i}`, attributes: {} };
      saves.push(save());
    }
    // Asked for while the others still run, after the last change: it writes that change.
    state.tokens = { accessToken: 'at-latest', tokenType: 'Bearer' } as never;
    saves.push(save());
    await Promise.all(saves);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ session: { id: 'session-19' }, tokens: { accessToken: 'at-latest' } });
  });

  it('starts a new device when there is no file', async () => {
    const state = await loadState(join(dir, 'none', 'simulator.json'));
    expect(state.userId).toMatch(/^amzn1\.ask\.account\.SIMULATOR[0-9A-F]{32}$/);
    expect(state.tokens).toBeUndefined();
  });
});
