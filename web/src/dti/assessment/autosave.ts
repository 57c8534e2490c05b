/**
 * Autosave of one item, independent of React so it can be tested with fake timers: changes are
 * debounced, saves never overlap (a change made while saving is sent right after), and a failed
 * save keeps the latest payload and retries with growing back-off — nothing typed is dropped.
 */
export type SaveState =
  | { kind: 'idle' }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: string }
  | { kind: 'error'; error: unknown; retryInMs: number };

type Timers = {
  set: (fn: () => void, ms: number) => unknown;
  clear: (handle: unknown) => void;
};
const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class AutosaveQueue<P> {
  private state: SaveState = { kind: 'idle' };
  private payload: { value: P } | null = null;
  private timer: unknown = null;
  private inFlight: Promise<void> | null = null;
  private failures = 0;
  private listeners = new Set<(state: SaveState) => void>();

  constructor(
    private readonly save: (payload: P) => Promise<{ savedAt: string }>,
    private readonly options: {
      debounceMs?: number;
      retryMs?: number;
      maxRetryMs?: number;
      timers?: Timers;
    } = {},
  ) {}

  get current(): SaveState {
    return this.state;
  }

  /** True while something typed has not reached the server. */
  get dirty(): boolean {
    return this.payload !== null || this.inFlight !== null;
  }

  subscribe(listener: (state: SaveState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A new value to save after the debounce. */
  change(payload: P): void {
    this.payload = { value: payload };
    this.failures = 0;
    this.setState({ kind: 'pending' });
    this.arm(this.options.debounceMs ?? 800);
  }

  /** Saves what is waiting now (e.g. before submitting) and resolves when nothing is waiting or a save failed. */
  async flush(): Promise<void> {
    this.disarm();
    for (;;) {
      if (this.inFlight) await this.inFlight;
      else if (this.payload) await this.run();
      else return;
      if (this.state.kind === 'error') return;
    }
  }

  /** Stops the pending timer (the item left the screen); listeners unsubscribe themselves. */
  dispose(): void {
    this.disarm();
  }

  private timers(): Timers {
    return this.options.timers ?? realTimers;
  }
  private arm(ms: number) {
    this.disarm();
    this.timer = this.timers().set(() => {
      this.timer = null;
      void this.run();
    }, ms);
  }
  private disarm() {
    if (this.timer !== null) this.timers().clear(this.timer);
    this.timer = null;
  }

  private run(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    const waiting = this.payload;
    if (!waiting) return Promise.resolve();
    this.payload = null;
    this.setState({ kind: 'saving' });
    this.inFlight = this.save(waiting.value).then(
      ({ savedAt }) => {
        this.inFlight = null;
        this.failures = 0;
        // A change typed meanwhile goes out next; until then the item is not "saved".
        if (this.payload) this.arm(0);
        else this.setState({ kind: 'saved', at: savedAt });
      },
      (error: unknown) => {
        this.inFlight = null;
        // Keep the newest payload: the one typed meanwhile, else the one that failed.
        this.payload ??= waiting;
        this.failures += 1;
        const base = this.options.retryMs ?? 3000;
        const retryInMs = Math.min(this.options.maxRetryMs ?? 60_000, base * 2 ** (this.failures - 1));
        this.setState({ kind: 'error', error, retryInMs });
        this.arm(retryInMs);
      },
    );
    return this.inFlight;
  }

  /** Retry at once (the "retry now" button). */
  retryNow(): void {
    if (this.payload && !this.inFlight) this.arm(0);
  }

  private setState(state: SaveState) {
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }
}
