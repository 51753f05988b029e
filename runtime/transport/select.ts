/**
 * Which transport a client uses: your Transport object; `fetch` when asked for (or a `fetch` option is given);
 * `http`; `undici` when asked for; by default undici where its dispatcher works, else fetch (transport/auto.ts).
 * Proxies (the `proxy` option or HTTPS_PROXY/HTTP_PROXY/NO_PROXY) are honoured by the undici transport only: the
 * `proxy` option with another transport is a ConfigError; the env is then not used (Node's fetch ignores it;
 * Bun's and Deno's fetch read it themselves).
 */
import type { ClientConfig, ResolvedConfig } from '../config.js';
import { configError } from '../config-check.js';
import { AutoTransport } from './auto.js';
import { LazyTransport } from './lazy.js';
import { nodeHttp } from './node-http.js';
import type { Transport } from './types.js';
import { UndiciTransport } from './undici.js';

export interface SelectedTransport {
  readonly transport: Transport;
  /** Values the client must scrub from everything it shows (proxy credentials). */
  readonly secrets: readonly string[];
}

/** The transport for `config` (options already checked by resolveConfig). */
export function selectTransport(config: ClientConfig, resolved: ResolvedConfig): SelectedTransport {
  const t = config.transport;
  const proxy = resolved.proxy;
  const explicitProxy = typeof config.proxy === 'string';
  const secrets = proxy?.secrets() ?? [];
  const kind =
    typeof t === 'object'
      ? 'your own Transport'
      : t === 'fetch' || (t === undefined && config.fetch !== undefined)
        ? "transport 'fetch'"
        : t === 'http'
          ? "transport 'http'"
          : undefined;
  if (kind !== undefined && explicitProxy) {
    throw configError(
      'option `proxy`',
      `does not apply to ${kind}`,
      typeof t === 'object'
        ? 'configure the proxy in your transport'
        : "use the default undici transport for proxies (leave transport unset, or pass 'undici')",
    );
  }
  if (typeof t === 'object') return { transport: t, secrets };
  // fetch and node:http load with the first request (transport/lazy.ts); what can fail is checked here, in new Client().
  if (kind === "transport 'fetch'") {
    const fetch = config.fetch;
    return { transport: new LazyTransport(async () => new (await import('./fetch.js')).FetchTransport({ fetch })), secrets };
  }
  if (t === 'http') {
    nodeHttp(); // a Worker: the ConfigError now, from new Client(), not from the first call
    return { transport: new LazyTransport(async () => new (await import('./http.js')).HttpTransport()), secrets };
  }
  const undici = { proxy: proxy?.url() };
  if (t === 'undici') return { transport: new UndiciTransport(undici), secrets };
  return { transport: new AutoTransport(undici, {}, explicitProxy), secrets };
}
