/**
 * node:http and node:https for transport 'http', or a ConfigError where the runtime has no Node built-ins (a
 * Worker). Its own module so that new Client() can check it without loading the transport (transport/lazy.ts).
 * @internal
 */
import { ConfigError } from '../errors.js';
import { nodeBuiltin } from '../platform.js';

export interface NodeHttp {
  readonly http: typeof import('node:http');
  readonly https: typeof import('node:https');
}

/** The two modules, loaded here, not imported: importing the SDK does not load node:https (and TLS). */
export function nodeHttp(): NodeHttp {
  const http = nodeBuiltin('node:http');
  const https = nodeBuiltin('node:https');
  if (http === undefined || https === undefined) throw new ConfigError("transport 'http' needs node:http, which this runtime lacks; use 'fetch'");
  return { http, https };
}
