/**
 * Timeout and abort handling for one attempt: the per-attempt timeout combined with the caller's signal.
 * Creating an AbortController costs more than signing a request, so it is made only when a transport
 * reads `signal`; the node transport registers a plain callback through `onCancel` instead.
 */
import type { TransportCall, TransportRequest } from './transport/types.js';

export class AttemptRequest implements TransportRequest, Cancellable {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** @internal The structured call, for in-process transports (TransportRequest.call). */
  readonly call: TransportCall | undefined;
  /** True once the per-attempt timeout fired. */
  timedOut = false;
  #cancelled = false;
  #controller: AbortController | undefined;
  #listeners: ((reason: Error) => void)[] | undefined;
  readonly #timer: ReturnType<typeof setTimeout>;
  readonly #caller: AbortSignal | undefined;

  constructor(url: string, headers: Readonly<Record<string, string>>, body: string, timeoutMs: number, caller: AbortSignal | undefined, call?: TransportCall) {
    this.url = url;
    this.headers = headers;
    this.body = body;
    this.call = call;
    this.#timer = setTimeout(onTimeout, timeoutMs, this);
    this.#caller = caller;
    if (caller !== undefined) watch(caller, this);
  }

  /** An AbortSignal that fires on timeout or caller abort (created on first use). */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#cancelled) this.#controller.abort(this.#reason());
    }
    return this.#controller.signal;
  }

  /** Cheaper than `signal`: `listener` runs once on timeout or caller abort. */
  onCancel(listener: (reason: Error) => void): void {
    if (this.#cancelled) listener(this.#reason());
    else (this.#listeners ??= []).push(listener);
  }

  cancel(timeout: boolean): void {
    if (this.#cancelled) return;
    this.#cancelled = true;
    this.timedOut = timeout;
    const reason = this.#reason();
    this.#controller?.abort(reason);
    for (const listener of this.#listeners ?? []) listener(reason);
  }

  /** Stops the timer and detaches from the caller's signal; call when the attempt is over. */
  dispose(): void {
    clearTimeout(this.#timer);
    if (this.#caller !== undefined) unwatch(this.#caller, this);
    this.#listeners = undefined;
  }

  #reason(): Error {
    return new Error(this.timedOut ? 'attempt timed out' : 'aborted by the caller');
  }
}

function onTimeout(request: AttemptRequest): void {
  request.cancel(true);
}

/**
 * One listener per caller signal, however many attempts share it: a signal shared by 50 concurrent calls
 * would otherwise collect 50 listeners and Node would print a MaxListenersExceededWarning.
 */
export interface Cancellable {
  cancel(timeout: boolean): void;
}

const watched = new WeakMap<AbortSignal, Set<Cancellable>>();

export function watch(signal: AbortSignal, request: Cancellable): void {
  let set = watched.get(signal);
  if (set === undefined) {
    const attempts = new Set<Cancellable>();
    set = attempts;
    watched.set(signal, attempts);
    signal.addEventListener(
      'abort',
      () => {
        watched.delete(signal);
        for (const attempt of attempts) attempt.cancel(false);
      },
      { once: true },
    );
  }
  set.add(request);
}

export function unwatch(signal: AbortSignal, request: Cancellable): void {
  watched.get(signal)?.delete(request);
}
