import { ConfigError, NetworkError, type SCloudError } from '../errors.js';

/** Error codes that mean the request never left this machine: safe to retry for every action. */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function neverSent(code: string | undefined): boolean {
  return code !== undefined && NOT_SENT.has(code);
}

/** The errno-style code of an error or of its cause chain (fetch wraps it in `cause`). */
export function errorCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && typeof e === 'object' && e !== null; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * The NetworkError for a failed connection to `host`. `mayHaveSent: false` when the transport knows the request
 * never reached a socket; otherwise only the error code can say it was never sent.
 */
export function connectionFailed(host: string, error: unknown, mayHaveSent = true): NetworkError {
  const code = errorCode(error);
  const message = code ?? (error instanceof Error ? error.message : String(error));
  return new NetworkError(`connection to ${host} failed: ${message}`, mayHaveSent && !neverSent(code), code, { cause: error });
}

/**
 * undici's errors for a proxy that said no, made clear: 407 (credentials wanted or wrong) is a ConfigError, never
 * retried; another refused tunnel is a NetworkError that was never sent to the API. Undefined for other errors.
 */
export function proxyRefusal(host: string, error: unknown): SCloudError | undefined {
  const message = error instanceof Error ? error.message : '';
  if (/Proxy Authentication Required \(407\)|Proxy response \(407\)/.test(message)) {
    return new ConfigError(
      `the proxy refused the request to ${host}: it asks for authentication (HTTP 407); put user:password in the proxy URL (the proxy option, or HTTPS_PROXY/HTTP_PROXY)`,
      { cause: error },
    );
  }
  const tunnel = /Proxy response \((\d+)\) !== 200/.exec(message);
  if (tunnel !== null)
    return new NetworkError(`the proxy refused the tunnel to ${host} (HTTP ${tunnel[1] as string})`, false, 'EPROXYREFUSED', { cause: error });
  return undefined;
}
