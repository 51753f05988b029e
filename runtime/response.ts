/**
 * Responses: a transport answer becomes the parsed body or a typed error (HttpError, ApiError and subclasses),
 * and, for raw calls (`{ withResponse: true }`), the HTTP facts beside the body.
 */
import { ApiError, AuthError, HttpError, ThrottleError } from './errors.js';
import type { PreparedRequest } from './request.js';
import type { TransportResponse } from './transport/types.js';

/** Longest body excerpt kept in an HttpError. */
export const EXCERPT = 512;

/** HTTP facts of a successful call, beside the parsed body. */
export interface ResponseInfo {
  /** HTTP status of the answer that succeeded. */
  readonly status: number;
  /** Every response header, lower-case names (empty for a custom transport without `headers()`). */
  readonly headers: Readonly<Record<string, string>>;
  /** One header, case-insensitive. */
  header(name: string): string | undefined;
  /** `X-UCLOUD-REQUEST-UUID` header, else the body's `RequestUUID`. */
  readonly requestId: string | undefined;
  /** Attempts made, the successful one included (1 = no retry). */
  readonly attempts: number;
  /** Milliseconds of the successful attempt. */
  readonly durationMs: number;
}

/** What `invoke`/`call` with `{ withResponse: true }` resolve to. */
export interface WithResponse<R> {
  readonly data: R;
  readonly response: ResponseInfo;
}

/** A parsed successful answer. */
export interface Parsed {
  readonly body: Record<string, unknown>;
  readonly requestId: string | undefined;
}

/** The body of a 2xx JSON answer with RetCode 0; anything else throws the matching error, secrets scrubbed. */
export function parseResponse(req: PreparedRequest, res: TransportResponse, onRetCode: (retCode: number, requestId: string | undefined) => void): Parsed {
  const { action } = req;
  let requestId = res.header('x-ucloud-request-uuid');
  const excerpt = (): string => req.scrubber().excerpt(res.body, EXCERPT);
  if (res.status < 200 || res.status > 299) {
    const problem = res.status === 407 ? 'the proxy asks for authentication: put user:password in the proxy URL' : 'HTTP error';
    throw new HttpError(action, res.status, problem, excerpt(), requestId, res.header('retry-after'));
  }
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    // No `cause`: the SyntaxError's message quotes the body unscrubbed; the excerpt is scrubbed.
    const type = res.header('content-type') ?? 'no content-type';
    throw new HttpError(action, res.status, `expected a JSON body, got ${type}`, excerpt(), requestId);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body) || typeof (body as { RetCode?: unknown }).RetCode !== 'number') {
    throw new HttpError(action, res.status, 'response has no numeric RetCode, so success cannot be confirmed', excerpt(), requestId);
  }
  const b = body as Record<string, unknown>;
  requestId ??= typeof b.RequestUUID === 'string' ? b.RequestUUID : undefined;
  const retCode = b.RetCode as number;
  onRetCode(retCode, requestId);
  if (retCode !== 0) throw apiError(action, retCode, req.scrubber().text(messageText(b.Message)), requestId);
  return { body: b, requestId };
}

/** The ResponseInfo of a raw call. */
export function responseInfo(res: TransportResponse, requestId: string | undefined, attempts: number, durationMs: number): ResponseInfo {
  let headers: Readonly<Record<string, string>> | undefined;
  return {
    status: res.status,
    get headers() {
      headers ??= Object.freeze({ ...(res.headers?.() ?? {}) });
      return headers;
    },
    header: (name) => res.header(name.toLowerCase()),
    requestId,
    attempts,
    durationMs,
  };
}

function apiError(action: string, retCode: number, message: string, requestId: string | undefined): ApiError {
  // 170-174: missing/bad keys, signature mismatch, no permission on the project.
  if (retCode >= 170 && retCode <= 174) return new AuthError(action, retCode, message, requestId);
  if (retCode === 153) return new ThrottleError(action, retCode, message, requestId);
  return new ApiError(action, retCode, message, requestId);
}

/** The API's `Message` as text: a string as is, anything else (an object from a broken server) as JSON. */
function messageText(message: unknown): string {
  if (typeof message === 'string') return message;
  return message === undefined || message === null ? '(no message)' : (JSON.stringify(message) ?? typeof message);
}
