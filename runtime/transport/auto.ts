/**
 * The default transport: undici where its dispatcher works (Node, Deno), else fetch (Bun, whose `undici` module
 * has no working dispatcher; or a bundle without undici). Decided on the first request, by loading undici and
 * looking at it, never by the runtime's name.
 */
import { ConfigError } from '../errors.js';
import type { FetchTransportOptions } from './fetch.js';
import type { Transport, TransportRequest, TransportResponse } from './types.js';
import { loadUndici } from './undici-load.js';
import { UndiciTransport, type UndiciTransportOptions } from './undici.js';

/** The default transport: picks undici or fetch on the first request, then delegates to it. */
export class AutoTransport implements Transport {
  readonly #undici: UndiciTransportOptions;
  readonly #fetch: FetchTransportOptions;
  /** Set when the `proxy` option (not the env) asked for a proxy: fetch cannot honour it, so falling back is an error. */
  readonly #explicitProxy: boolean;
  #chosen: Transport | undefined;
  #choosing: Promise<Transport> | undefined;

  constructor(undici: UndiciTransportOptions, fetch: FetchTransportOptions, explicitProxy: boolean) {
    this.#undici = undici;
    this.#fetch = fetch;
    this.#explicitProxy = explicitProxy;
  }

  /** `'undici'` or `'fetch'` once the first request chose, else undefined. */
  get chosen(): 'undici' | 'fetch' | undefined {
    if (this.#chosen === undefined) return undefined;
    return this.#chosen instanceof UndiciTransport ? 'undici' : 'fetch';
  }

  send(req: TransportRequest): Promise<TransportResponse> {
    const chosen = this.#chosen;
    if (chosen !== undefined) return chosen.send(req);
    return this.#choose().then((t) => t.send(req));
  }

  close(): void {
    this.#chosen?.close?.();
  }

  #choose(): Promise<Transport> {
    this.#choosing ??= loadUndici().then(async (load) => {
      if (load.ok) {
        this.#chosen = new UndiciTransport(this.#undici);
      } else if (this.#explicitProxy) {
        this.#choosing = undefined;
        throw new ConfigError(
          `option \`proxy\` needs the undici transport, which cannot run here: ${load.why}; set the proxy in your runtime's fetch (Bun and Deno read HTTPS_PROXY) and drop the option`,
          { cause: load.cause },
        );
      } else {
        // Loaded only here (Bun, or a bundle without undici): a Node client never loads the fetch transport.
        this.#chosen = new (await import('./fetch.js')).FetchTransport(this.#fetch);
      }
      return this.#chosen;
    });
    return this.#choosing;
  }
}
