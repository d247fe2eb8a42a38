import { describe, expect, it } from 'vitest';
import { DeadlineError } from '../../src/core/errors.ts';
import { SingleFlight } from '../../src/lib/single-flight.ts';

/** A piece of work the test finishes by hand, counting how often it was started. */
function manualWork() {
  let finish!: (value: string) => void;
  let fail!: (error: Error) => void;
  const work = {
    starts: 0,
    run: () => {
      work.starts++;
      return new Promise<string>((resolve, reject) => {
        finish = resolve;
        fail = reject;
      });
    },
    finish: (value: string) => finish(value),
    fail: (error: Error) => fail(error),
  };
  return work;
}

/** A wait no test reaches: the work settles by hand first. */
const LONG = { deadlineMs: 60_000, what: 'test work' };

describe('SingleFlight', () => {
  it('runs the work once for callers that arrive while it runs, and again once it settled', async () => {
    const flights = new SingleFlight<string, string>();
    const work = manualWork();
    const waiting = Array.from({ length: 20 }, () => flights.run('k', work.run, LONG));
    work.finish('done');
    expect(await Promise.all(waiting)).toEqual(Array(20).fill('done'));
    expect(work.starts).toBe(1);

    const again = flights.run('k', work.run, LONG);
    work.finish('again');
    expect(await again).toBe('again');
    expect(work.starts).toBe(2);
  });

  it('does not remember a failure: every waiter gets it, the next caller starts afresh', async () => {
    const flights = new SingleFlight<string, string>();
    const work = manualWork();
    const waiting = [flights.run('k', work.run, LONG), flights.run('k', work.run, LONG)];
    work.fail(new TypeError('boom'));
    for (const result of await Promise.allSettled(waiting)) expect(result).toMatchObject({ status: 'rejected' });
    const next = flights.run('k', work.run, LONG);
    work.finish('ok');
    expect(await next).toBe('ok');
    expect(work.starts).toBe(2);
  });

  it('keeps keys apart', async () => {
    const flights = new SingleFlight<string, string>();
    const a = manualWork();
    const b = manualWork();
    const results = [flights.run('a', a.run, LONG), flights.run('b', b.run, LONG)];
    a.finish('A');
    b.finish('B');
    expect(await Promise.all(results)).toEqual(['A', 'B']);
  });

  it('lets a caller stop waiting when its own signal aborts, while the others still get the result', async () => {
    const flights = new SingleFlight<string, string>();
    const work = manualWork();
    const mine = new AbortController();
    const leader = flights.run('k', work.run, LONG);
    const impatient = flights.run('k', work.run, { signal: mine.signal });
    mine.abort(new DOMException('deadline', 'TimeoutError'));
    await expect(impatient).rejects.toMatchObject({ name: 'TimeoutError' });
    work.finish('late');
    expect(await leader).toBe('late');
    expect(work.starts).toBe(1);
  });

  it('rejects at once for a signal that has already aborted, and the flight it started still settles handled', async () => {
    const flights = new SingleFlight<string, string>();
    const work = manualWork();
    const waiter = flights.run('k', work.run, { signal: AbortSignal.abort(new DOMException('gone', 'AbortError')) });
    await expect(waiter).rejects.toMatchObject({ name: 'AbortError' });
    work.fail(new Error('nobody is listening'));
    // One event-loop turn: the failure settles (an unhandled rejection would fail the run).
    await new Promise((resolve) => setTimeout(resolve, 0));
    const next = flights.run('k', work.run, LONG);
    work.finish('ok');
    expect(await next).toBe('ok');
  });

  it('gives a waiter whose deadline passed a DeadlineError naming the work, and the others still get the result', async () => {
    const flights = new SingleFlight<string, string>();
    const work = manualWork();
    const leader = flights.run('k', work.run, LONG);
    const impatient = flights.run('k', work.run, { deadlineMs: 1, what: 'the test work' });
    await expect(impatient).rejects.toBeInstanceOf(DeadlineError);
    await expect(impatient).rejects.toMatchObject({ code: 'DEADLINE_EXCEEDED', what: 'the test work', deadlineMs: 1 });
    work.finish('late');
    expect(await leader).toBe('late');
  });

  it('forgets a flight once a waiter gave up on it, so the next caller does not join work that may never settle', async () => {
    const flights = new SingleFlight<string, string>();
    const stuck = manualWork();
    const waiter = flights.run('k', stuck.run, { signal: AbortSignal.abort(new DOMException('deadline', 'TimeoutError')) });
    await expect(waiter).rejects.toMatchObject({ name: 'TimeoutError' });
    const fresh = manualWork();
    const next = flights.run('k', fresh.run, LONG);
    fresh.finish('fresh');
    expect(await next).toBe('fresh');
    expect(fresh.starts).toBe(1);
    // The abandoned flight settling later does not drop the new one.
    const joined = flights.run('k', fresh.run, LONG);
    stuck.finish('late');
    expect(fresh.starts).toBe(2);
    fresh.finish('second');
    expect(await joined).toBe('second');
  });
});
