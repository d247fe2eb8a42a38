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

  it('saves one at a time, in the order asked, each with the state as it is then, and goes on after a failed one', async () => {
    const state = device('amzn1.ask.account.A', 0);
    let inFlight = 0;
    let most = 0;
    const started: (string | undefined)[] = [];
    const finish: (() => void)[] = [];
    const write = async (_file: string, current: SimulatorState) => {
      inFlight++;
      most = Math.max(most, inFlight);
      started.push(current.session?.id);
      await new Promise<void>((resolve) => finish.push(resolve));
      inFlight--;
      if (started.length === 2) throw new Error('disk full');
    };
    const until = async (count: number) => {
      while (started.length < count) await new Promise((resolve) => setImmediate(resolve));
    };
    const save = serialSaver('unused', state, write);
    state.session = { id: 'session-0', attributes: {} };
    const first = save();
    await until(1);
    // Asked for while the first still writes: they wait for it, and each writes the state of its turn.
    state.session = { id: 'session-1', attributes: {} };
    const second = save();
    state.session = { id: 'session-2', attributes: {} };
    const third = save();
    finish[0]!();
    await until(2);
    finish[1]!();
    await until(3);
    finish[2]!();
    const outcomes = await Promise.allSettled([first, second, third]);
    expect(most).toBe(1);
    expect(started).toEqual(['session-0', 'session-2', 'session-2']);
    // The failed save rejects its own caller only.
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('writes through to the file: the latest state is what the file holds', async () => {
    const file = join(dir, 'serial', 'simulator.json');
    const state = device('amzn1.ask.account.A', 50);
    const save = serialSaver(file, state);
    const saves = [save()];
    state.tokens = { accessToken: 'at-latest', tokenType: 'Bearer' } as never;
    saves.push(save());
    await Promise.all(saves);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ tokens: { accessToken: 'at-latest' } });
  });

  it.each([
    ['null', 'no userId and deviceId'],
    ['[]', 'no userId and deviceId'],
    ['{"userId": 7, "deviceId": "d"}', 'no userId and deviceId'],
  ])('refuses %s, which parses but is no device', async (text, why) => {
    const file = join(dir, 'odd.json');
    writeFileSync(file, text);
    await expect(loadState(file)).rejects.toThrow(`${file} is not a simulator state (${why})`);
  });

  it('starts a new device when there is no file', async () => {
    const state = await loadState(join(dir, 'none', 'simulator.json'));
    expect(state.userId).toMatch(/^amzn1\.ask\.account\.SIMULATOR[0-9A-F]{32}$/);
    expect(state.tokens).toBeUndefined();
  });
});
