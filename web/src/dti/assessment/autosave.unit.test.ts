import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AutosaveQueue, type SaveState } from './autosave.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function setup(save: (payload: number) => Promise<{ savedAt: string }>) {
  const queue = new AutosaveQueue<number>(save, { debounceMs: 500, retryMs: 1000, maxRetryMs: 4000 });
  const states: SaveState['kind'][] = [];
  queue.subscribe((state) => states.push(state.kind));
  return { queue, states };
}

describe('AutosaveQueue', () => {
  it('debounces: a burst of changes sends only the last value', async () => {
    const save = vi.fn(async (_: number) => ({ savedAt: 't1' }));
    const { queue, states } = setup(save);
    queue.change(1);
    queue.change(2);
    await vi.advanceTimersByTimeAsync(400);
    queue.change(3);
    await vi.advanceTimersByTimeAsync(499);
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(save.mock.calls).toEqual([[3]]);
    expect(queue.current).toEqual({ kind: 'saved', at: 't1' });
    expect(queue.dirty).toBe(false);
    expect(states.at(-1)).toBe('saved');
  });

  it('keeps the value when a save fails and retries with back-off until it succeeds', async () => {
    let fail = 2;
    const save = vi.fn(async (_: number) => {
      if (fail-- > 0) throw new TypeError('network');
      return { savedAt: 't2' };
    });
    const { queue } = setup(save);
    queue.change(7);
    await vi.advanceTimersByTimeAsync(500);
    expect(queue.current).toMatchObject({ kind: 'error', retryInMs: 1000 });
    expect(queue.dirty).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(queue.current).toMatchObject({ kind: 'error', retryInMs: 2000 });
    await vi.advanceTimersByTimeAsync(2000);
    expect(save.mock.calls).toEqual([[7], [7], [7]]);
    expect(queue.current).toEqual({ kind: 'saved', at: 't2' });
  });

  it('never overlaps saves: a change made while saving goes out after, and a failure keeps the newer value', async () => {
    const resolvers: ((v: { savedAt: string }) => void)[] = [];
    const rejecters: ((e: unknown) => void)[] = [];
    const save = vi.fn(
      (_: number) =>
        new Promise<{ savedAt: string }>((resolve, reject) => {
          resolvers.push(resolve);
          rejecters.push(reject);
        }),
    );
    const { queue } = setup(save);
    queue.change(1);
    await vi.advanceTimersByTimeAsync(500);
    queue.change(2);
    await vi.advanceTimersByTimeAsync(500);
    expect(save).toHaveBeenCalledTimes(1);
    rejecters[0]?.(new Error('500'));
    await vi.advanceTimersByTimeAsync(0);
    expect(queue.current.kind).toBe('error');
    await vi.advanceTimersByTimeAsync(1000);
    expect(save.mock.calls.map((c) => c[0])).toEqual([1, 2]);
    resolvers[1]?.({ savedAt: 't3' });
    await vi.advanceTimersByTimeAsync(0);
    expect(queue.current).toEqual({ kind: 'saved', at: 't3' });
  });

  it('flush sends a waiting value at once and reports a failure', async () => {
    const save = vi.fn(async (v: number) => {
      if (v < 0) throw new Error('refused');
      return { savedAt: 'now' };
    });
    const { queue } = setup(save);
    queue.change(4);
    await queue.flush();
    expect(save.mock.calls).toEqual([[4]]);
    expect(queue.dirty).toBe(false);
    queue.change(-1);
    await queue.flush();
    expect(queue.current.kind).toBe('error');
    expect(queue.dirty).toBe(true);
  });
});
