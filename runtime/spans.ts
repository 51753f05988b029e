/**
 * OpenTelemetry: one CLIENT span per call, after the RPC semantic conventions (name `<product>/<Action>`,
 * `rpc.system` `scloud`, `rpc.service`, `rpc.method`, `server.address`, `server.port`), with the call's RetCode,
 * request id and attempts, one `scloud.retry` event per retry, and the error (type, scrubbed exception, status).
 * No attribute, event or exception holds a secret, a parameter value or a response value (paths, types, codes).
 *
 * Loaded by the client on its first call while a tracer provider is registered (runtime/tracing.ts decides that);
 * `@opentelemetry/api` itself is imported by name then, once per process, unless the `tracing` option gave it.
 * @internal
 */
import type { AttemptInfo } from './attempt-log.js';
import { ApiError, HttpError, SCloudError } from './errors.js';
import type { ActionMeta } from './meta.js';
import { importOptional } from './optional-import.js';
import type { OpenTelemetryApi, TraceAttributes, TraceSpan, TraceTracer } from './tracing.js';
import { SDK_VERSION } from './version.js';

/** `SpanKind.CLIENT` and `SpanStatusCode.ERROR` of the API (fixed values of its v1 enums). */
const SPAN_KIND_CLIENT = 2;
const STATUS_ERROR = 2;

let imported: Promise<OpenTelemetryApi | undefined> | undefined;

/** The installed `@opentelemetry/api`, imported once per process; undefined when it cannot be imported here. */
function importApi(): Promise<OpenTelemetryApi | undefined> {
  imported ??= importOptional('@opentelemetry/api').then(
    (m) => m as OpenTelemetryApi,
    () => undefined,
  );
  return imported;
}

/** The span of one call, as the client reports to it (a type for the client; the class is made here). */
export type { CallSpan };

/** A client's spans. */
export class Spans {
  readonly #given: OpenTelemetryApi | undefined;
  readonly #server: TraceAttributes;
  readonly #warn: (message: string) => void;
  #api: OpenTelemetryApi | undefined;
  #tracer: TraceTracer | undefined;
  #warned = false;

  /** `given`: the `tracing` option's API module, if any. `warn` receives the one line said when the API cannot be loaded. */
  constructor(given: OpenTelemetryApi | undefined, baseUrl: string, warn: (message: string) => void) {
    this.#given = given;
    this.#warn = warn;
    const url = new URL(baseUrl);
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    this.#server = { 'server.address': url.hostname.replace(/^\[|\]$/g, ''), 'server.port': port };
  }

  /** Runs the call `body` in a span that is active while it runs (so spans made inside are its children). */
  run<T>(meta: ActionMeta, body: (span: CallSpan | undefined) => Promise<T>): Promise<T> {
    const api = this.#api ?? this.#given;
    if (api !== undefined) return this.#start(api, meta, body);
    return importApi().then((loaded) => {
      if (loaded !== undefined) return this.#start((this.#api = loaded), meta, body);
      if (!this.#warned) {
        this.#warned = true;
        this.#warn('tracing: a tracer provider is registered but @opentelemetry/api cannot be imported here; pass tracing: { api }');
      }
      return body(undefined);
    });
  }

  #start<T>(api: OpenTelemetryApi, meta: ActionMeta, body: (span: CallSpan | undefined) => Promise<T>): Promise<T> {
    this.#tracer ??= api.trace.getTracer('scloud-sdk', SDK_VERSION);
    const product = meta.product;
    const attributes: TraceAttributes = { 'rpc.system': 'scloud', 'rpc.method': meta.action, ...this.#server };
    if (product !== undefined) attributes['rpc.service'] = product;
    const name = product === undefined ? meta.action : `${product}/${meta.action}`;
    return this.#tracer.startActiveSpan(name, { kind: SPAN_KIND_CLIENT, attributes }, api.context.active() as never, (span) => body(new CallSpan(span)));
  }
}

/** The span of one call, as the client reports to it. */
class CallSpan {
  readonly #span: TraceSpan;
  #ended = false;

  constructor(span: TraceSpan) {
    this.#span = span;
  }

  /** Attempt `attempt` failed with `error` and is retried after `delayMs`, for `reason`. */
  retry(attempt: number, reason: string, delayMs: number, error: SCloudError): void {
    this.#span.addEvent('scloud.retry', {
      'scloud.attempt': attempt,
      'scloud.retry.reason': reason,
      'scloud.retry.delay_ms': delayMs,
      'error.type': error.name,
    });
  }

  /** The call ended after `attempts` attempts (the last one's facts in `last`), with `error` when it failed. */
  end(attempts: number, last: AttemptInfo | undefined, error?: SCloudError): void {
    if (this.#ended) return;
    this.#ended = true;
    const span = this.#span;
    const attributes: TraceAttributes = { 'scloud.attempts': attempts };
    if (last?.retCode !== undefined) attributes['scloud.ret_code'] = last.retCode;
    if (last?.requestId !== undefined) attributes['scloud.request_id'] = last.requestId;
    if (error !== undefined) attributes['error.type'] = error.name;
    span.setAttributes(attributes);
    if (error !== undefined) {
      const message = traceMessage(error);
      span.recordException({ name: error.name, message, stack: traceStack(error, message) });
      span.setStatus({ code: STATUS_ERROR, message });
    }
    span.end();
  }
}

/**
 * The error's message as a trace may show it: the client's errors already hold no secret (scrubbed where they are
 * made); what may hold a value is left out here: the API's own message (it can quote a parameter), an HTTP body
 * excerpt (response data), and the text of an error the caller's own code threw (an onRequest hook).
 */
function traceMessage(error: SCloudError): string {
  if (error instanceof ApiError) return `${error.action} failed: RetCode ${error.retCode}`;
  if (error instanceof HttpError) return `${error.action}: HTTP ${error.status}`;
  if (error.constructor === SCloudError && error.cause !== undefined)
    return `${error.action}: ${error.cause instanceof Error ? error.cause.name : typeof error.cause} before sending`;
  return error.message;
}

/** The stack's frames under the trace message (the stack's first line repeats the original message). */
function traceStack(error: Error, message: string): string | undefined {
  const stack = error.stack;
  const frames = stack?.indexOf('\n    at ') ?? -1;
  return stack === undefined || frames < 0 ? undefined : `${error.name}: ${message}${stack.slice(frames)}`;
}
