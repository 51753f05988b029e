/**
 * A concurrency limiter for transports that have no connection pool of their own (the fetch transport): at most
 * `max` requests in flight, the others wait in FIFO order. A waiting request that is cancelled (timeout or the
 * caller's signal) leaves the queue at once and never takes a slot.
 */
import type { TransportRequest } from './types.js';

interface Waiter {
  readonly grant: (release: () => void) => void;
}

/** At most `max` holders at once; `acquire` waits for a slot, `release` (idempotent) frees it. */
export class Limiter {
  readonly #max: number;
  #active = 0;
  /** Insertion-ordered, with O(1) removal of a cancelled waiter. */
  readonly #waiting = new Set<Waiter>();

  constructor(max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`a limiter needs a whole number of slots >= 1, got ${String(max)}`);
    this.#max = max;
  }

  /** Requests holding a slot now. */
  get active(): number {
    return this.#active;
  }

  /** Requests waiting for a slot now. */
  get waiting(): number {
    return this.#waiting.size;
  }

  /** Resolves with a release function once a slot is free; rejects with the cancel reason if cancelled first. */
  acquire(req: TransportRequest): Promise<() => void> {
    if (this.#active < this.#max && this.#waiting.size === 0) return Promise.resolve(this.#take());
    return new Promise((resolve, reject) => {
      let settled = false;
      const waiter: Waiter = {
        grant: (release) => {
          settled = true;
          resolve(release);
        },
      };
      this.#waiting.add(waiter);
      const cancel = (reason: unknown): void => {
        if (settled || !this.#waiting.delete(waiter)) return;
        settled = true;
        reject(reason);
      };
      if (req.onCancel !== undefined) req.onCancel(cancel);
      else if (req.signal.aborted) cancel(req.signal.reason);
      else req.signal.addEventListener('abort', () => cancel(req.signal.reason), { once: true });
    });
  }

  #take(): () => void {
    this.#active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#active--;
      this.#next();
    };
  }

  #next(): void {
    if (this.#active >= this.#max) return;
    for (const waiter of this.#waiting) {
      this.#waiting.delete(waiter);
      waiter.grant(this.#take());
      return;
    }
  }
}
