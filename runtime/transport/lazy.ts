/**
 * A transport whose module loads with its first request. The client picks its transport when it is made; the fetch
 * and node:http transports are only used on some runtimes or when asked for, so code on the default (undici, or a
 * transport of its own) neither imports them nor, in a code-splitting bundle, loads their chunk.
 * @internal
 */
import type { Transport, TransportRequest, TransportResponse } from './types.js';

export class LazyTransport implements Transport {
  readonly #load: () => Promise<Transport>;
  #loaded: Transport | undefined;
  #loading: Promise<Transport> | undefined;
  #closed = false;

  constructor(load: () => Promise<Transport>) {
    this.#load = load;
  }

  send(req: TransportRequest): Promise<TransportResponse> {
    const loaded = this.#loaded;
    if (loaded !== undefined) return loaded.send(req);
    this.#loading ??= this.#load().then((t) => {
      this.#loaded = t;
      // closed while its module loaded: the first request still goes out; its sockets are freed with it.
      if (this.#closed) queueMicrotask(() => t.close?.());
      return t;
    });
    return this.#loading.then((t) => t.send(req));
  }

  close(): void {
    this.#closed = true;
    this.#loaded?.close?.();
  }
}
