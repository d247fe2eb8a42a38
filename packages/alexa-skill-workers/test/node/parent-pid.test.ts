import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { onReparented, PARENT_POLL_MS } from '../../src/cli/parent.ts';

/** `dev` stops when whatever started it is gone (src/cli/parent.ts); the parent PID is read through `ppid`. */
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('onReparented', () => {
  it('calls back once, within one poll, after the parent PID changes (the parent died)', () => {
    let parent = 4242;
    const gone = vi.fn();
    onReparented(gone, { ppid: () => parent });
    vi.advanceTimersByTime(10 * PARENT_POLL_MS);
    expect(gone).not.toHaveBeenCalled();
    parent = 1;
    vi.advanceTimersByTime(PARENT_POLL_MS);
    expect(gone).toHaveBeenCalledOnce();
    parent = 77;
    vi.advanceTimersByTime(10 * PARENT_POLL_MS);
    expect(gone).toHaveBeenCalledOnce();
  });

  it('notices a subreaper as the new parent, not only init', () => {
    let parent = 4242;
    const gone = vi.fn();
    onReparented(gone, { ppid: () => parent, intervalMs: 100 });
    parent = 900;
    vi.advanceTimersByTime(100);
    expect(gone).toHaveBeenCalledOnce();
  });

  it('watches nothing for a process whose parent is init from the start', () => {
    const gone = vi.fn();
    onReparented(gone, { ppid: () => 1 });
    vi.advanceTimersByTime(10 * PARENT_POLL_MS);
    expect(gone).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops watching when asked', () => {
    let parent = 4242;
    const gone = vi.fn();
    const stop = onReparented(gone, { ppid: () => parent });
    stop();
    parent = 1;
    vi.advanceTimersByTime(10 * PARENT_POLL_MS);
    expect(gone).not.toHaveBeenCalled();
  });

  it('reads this process\'s real parent by default', () => {
    const gone = vi.fn();
    const stop = onReparented(gone);
    vi.advanceTimersByTime(10 * PARENT_POLL_MS);
    expect(gone).not.toHaveBeenCalled();
    stop();
  });
});
