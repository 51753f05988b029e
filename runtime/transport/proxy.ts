/**
 * Which HTTP proxy a client uses for its base URL: the `proxy` option (a URL, or `false` to ignore the env),
 * else the environment as curl reads it: `https_proxy`/`HTTPS_PROXY` for an https base URL,
 * `http_proxy`/`HTTP_PROXY` for an http one (lower-case first), unless `NO_PROXY`/`no_proxy` matches.
 * Proxy credentials (`http://user:password@host:port`) are secrets: the URL is only ever shown redacted.
 */
import { configError } from '../config-check.js';
import { REDACTED } from '../redact.js';

/** The chosen proxy. The URL with its credentials is only handed to the transport (`url()`). */
export class ProxySetting {
  /** The URL with user and password replaced by `[redacted]`. */
  readonly shown: string;
  /** Where it came from: `option proxy`, `env HTTPS_PROXY`, ... */
  readonly origin: string;
  readonly #url: string;
  readonly #secrets: readonly string[];

  constructor(url: string, origin: string) {
    const u = new URL(url);
    this.#url = url;
    this.origin = origin;
    this.#secrets = [u.username, safeDecode(u.username), u.password, safeDecode(u.password)].filter((p) => p !== '');
    // Rebuilt from the parts, not edited in place: the raw text may spell the credentials differently.
    this.shown = u.username === '' && u.password === '' ? url : `${u.protocol}//${REDACTED}@${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  }

  /** The URL to connect through, credentials included: for the transport only. */
  url(): string {
    return this.#url;
  }

  /** User and password (as written and decoded), for the client's scrubber. */
  secrets(): readonly string[] {
    return this.#secrets;
  }

  toJSON(): string {
    return this.shown;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `ProxySetting { ${this.shown} from ${this.origin} }`;
  }
}

/** The proxy for requests to `baseUrl`, or undefined for a direct connection. */
export function resolveProxy(baseUrl: string, option: unknown, env: Readonly<Record<string, string | undefined>>): ProxySetting | undefined {
  if (option === false) return undefined;
  if (option !== undefined) {
    if (typeof option !== 'string' || option === '')
      throw configError(
        'option `proxy`',
        'must be a proxy URL string or false',
        "pass e.g. 'http://proxy.example:3128', or false to ignore HTTPS_PROXY/HTTP_PROXY",
      );
    return setting(option, 'option `proxy`');
  }
  const target = new URL(baseUrl);
  const names = target.protocol === 'https:' ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY'];
  const name = names.find((n) => env[n] !== undefined && env[n] !== '');
  if (name === undefined) return undefined;
  const noProxy = env.no_proxy ?? env.NO_PROXY ?? '';
  const port = target.port === '' ? (target.protocol === 'https:' ? 443 : 80) : Number(target.port);
  if (noProxyMatches(noProxy, target.hostname, port)) return undefined;
  return setting(env[name] as string, `env ${name}`);
}

/** Checks a proxy URL (a bare `host:port` means http://, as curl reads it) without quoting it. */
function setting(raw: string, origin: string): ProxySetting {
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw configError(origin, 'is not a valid proxy URL', 'use http://[user:password@]host:port');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw configError(origin, `must be an http:// or https:// proxy URL, got scheme ${u.protocol}`, 'use http://[user:password@]host:port');
  return new ProxySetting(url, origin);
}

/**
 * Whether NO_PROXY excludes `hostname`, as curl decides: `*` matches every host; entries are separated by commas
 * (and blanks); a leading `.` (or `*.`) and trailing dots are ignored; a name matches itself and its subdomains
 * (`example.com` matches `a.example.com`, not `notexample.com`), case-insensitively; IP addresses match exactly
 * or by CIDR (`10.0.0.0/8`, `fd00::/8`). An entry without a port matches every port; unlike curl, an entry with
 * a port (`host:8080`, `[::1]:8080`) matches only that port.
 */
export function noProxyMatches(noProxy: string, hostname: string, port: number): boolean {
  const host = hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  for (const raw of noProxy.split(/[\s,]+/)) {
    if (raw === '') continue;
    if (raw === '*') return true;
    const { name, entryPort } = splitPort(raw.toLowerCase());
    if (entryPort !== undefined && entryPort !== port) continue;
    if (matchesIp(host, name)) return true;
    const domain = name.replace(/^\*?\./, '').replace(/\.$/, '');
    if (domain !== '' && !isIp(host) && (host === domain || host.endsWith(`.${domain}`))) return true;
  }
  return false;
}

function splitPort(entry: string): { name: string; entryPort: number | undefined } {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (v6 !== null) return { name: v6[1] as string, entryPort: v6[2] === undefined ? undefined : Number(v6[2]) };
  const m = /^([^:]+):(\d+)$/.exec(entry);
  return m === null ? { name: entry, entryPort: undefined } : { name: m[1] as string, entryPort: Number(m[2]) };
}

function isIp(host: string): boolean {
  return parseIp(host) !== undefined;
}

/** Exact or CIDR match of an IP host against an IP entry. */
function matchesIp(host: string, entry: string): boolean {
  const [net, bitsText] = entry.split('/') as [string, string | undefined];
  const a = parseIp(host);
  const b = parseIp(net);
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  const bits = bitsText === undefined ? a.length * 8 : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > a.length * 8) return false;
  for (let i = 0; i < a.length; i++) {
    const take = Math.max(0, Math.min(8, bits - i * 8));
    const mask = take === 0 ? 0 : (0xff << (8 - take)) & 0xff;
    if (((a[i] as number) & mask) !== ((b[i] as number) & mask)) return false;
  }
  return true;
}

/** Bytes of an IPv4 or IPv6 address, or undefined when `s` is not one. */
function parseIp(s: string): number[] | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (v4 !== null) {
    const bytes = v4.slice(1).map(Number);
    return bytes.every((b) => b <= 255) ? bytes : undefined;
  }
  if (!s.includes(':') || !/^[0-9a-f:.]+$/.test(s)) return undefined;
  try {
    // The URL parser normalises IPv6 (`::` expanded later by hand); it rejects what is not an address.
    const normal = new URL(`http://[${s}]/`).hostname.slice(1, -1);
    const [head, tail] = normal.includes('::') ? (normal.split('::') as [string, string]) : [normal, undefined];
    const left = head === '' ? [] : head.split(':');
    const right = tail === undefined || tail === '' ? [] : tail.split(':');
    const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
    if (groups.length !== 8) return undefined;
    return groups.flatMap((g) => {
      const n = parseInt(g, 16);
      return [n >> 8, n & 0xff];
    });
  } catch {
    return undefined;
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
