/** The parts of a base URL the transports need, parsed once per URL (a client talks to one URL). */

export interface Target {
  readonly url: string;
  readonly https: boolean;
  readonly protocol: string;
  /** Without IPv6 brackets, as node:http wants it. */
  readonly hostname: string;
  readonly port: string;
  /** `scheme://host[:port]`, as undici wants it. */
  readonly origin: string;
  readonly path: string;
  /** `host[:port]`, for messages. */
  readonly host: string;
}

/** Remembers the last URL's parts: a lookup for the same URL costs one string comparison. */
export class TargetCache {
  #last: Target | undefined;

  get(url: string): Target {
    if (this.#last?.url === url) return this.#last;
    const u = new URL(url);
    this.#last = {
      url,
      https: u.protocol === 'https:',
      protocol: u.protocol,
      hostname: u.hostname.replace(/^\[|\]$/g, ''),
      port: u.port,
      origin: u.origin,
      path: u.pathname + u.search,
      host: u.host,
    };
    return this.#last;
  }
}
