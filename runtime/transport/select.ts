/**
 * Which transport a client uses: your Transport object; `fetch` when asked for (or a `fetch` option is given);
 * `http`; `undici` (the default on Node).
 */
import type { ClientConfig, ResolvedConfig } from '../config.js';
import { FetchTransport } from './fetch.js';
import { HttpTransport } from './http.js';
import type { Transport } from './types.js';
import { UndiciTransport } from './undici.js';

export interface SelectedTransport {
  readonly transport: Transport;
  /** Values the client must scrub from everything it shows (a proxy password). */
  readonly secrets: readonly string[];
}

/** The transport for `config` (options already checked by resolveConfig). */
export function selectTransport(config: ClientConfig, _resolved: ResolvedConfig): SelectedTransport {
  const t = config.transport;
  if (typeof t === 'object') return { transport: t, secrets: [] };
  if (t === 'fetch' || (t === undefined && config.fetch !== undefined)) return { transport: new FetchTransport({ fetch: config.fetch }), secrets: [] };
  if (t === 'http') return { transport: new HttpTransport(), secrets: [] };
  return { transport: new UndiciTransport(), secrets: [] };
}
