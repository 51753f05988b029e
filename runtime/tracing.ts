/**
 * OpenTelemetry, what the client decides when it is made and before each call: the `tracing` option, and whether a
 * tracer provider is registered. The spans themselves (runtime/spans.ts) load on the first traced call.
 *
 * Free when unused: `@opentelemetry/api` is an optional peer dependency, never imported at module load. Whether any
 * OpenTelemetry API has a tracer provider registered is read from the global it keeps under
 * `Symbol.for('opentelemetry.js.api.1')` (one property lookup per call); only then are spans.ts and the package
 * imported, once.
 */
import { configError, describeValue } from './config-check.js';

/** Attribute values as OpenTelemetry takes them (the subset used here). */
export type TraceAttributes = Record<string, string | number>;

/** The part of an OpenTelemetry span the client uses. */
export interface TraceSpan {
  setAttributes(attributes: TraceAttributes): unknown;
  addEvent(name: string, attributes?: TraceAttributes): unknown;
  recordException(exception: { name: string; message: string; stack?: string }): void;
  setStatus(status: { code: number; message?: string }): unknown;
  end(): void;
}

/**
 * The part of `@opentelemetry/api` the client uses: pass the module itself (`import * as api from
 * '@opentelemetry/api'`) as `tracing: { api }` where the client cannot import it by name (a bundle without
 * node_modules, a Worker).
 */
export interface OpenTelemetryApi {
  readonly trace: { getTracer(name: string, version?: string): TraceTracer };
  readonly context: { active(): unknown };
}

/** The part of an OpenTelemetry tracer the client uses. */
export interface TraceTracer {
  startActiveSpan<T>(name: string, options: { kind: number; attributes: TraceAttributes }, context: never, fn: (span: TraceSpan) => T): T;
}

/** The `tracing` option: `false` turns tracing off; `{ api }` gives the OpenTelemetry API to use. Default: on. */
export type TracingOption = boolean | { readonly api: OpenTelemetryApi };

/** The OpenTelemetry JS API (major version 1) keeps its registered globals here (api/src/internal/global-utils.ts). */
const OTEL_GLOBAL = Symbol.for('opentelemetry.js.api.1');

/** Whether some OpenTelemetry API has a tracer provider registered; reads a global, imports nothing. */
export function tracerRegistered(): boolean {
  return (globalThis as Record<symbol, { trace?: unknown } | undefined>)[OTEL_GLOBAL]?.trace !== undefined;
}

/** The `tracing` option, checked: undefined for `false` (off); else the API module given, if any. */
export function checkTracing(option: unknown): { readonly api: OpenTelemetryApi | undefined } | undefined {
  if (option === false) return undefined;
  if (option === undefined || option === true) return { api: undefined };
  const api = typeof option === 'object' && option !== null && 'api' in option ? (option.api as Partial<OpenTelemetryApi> | undefined) : undefined;
  if (typeof option !== 'object' || typeof api?.trace?.getTracer !== 'function' || typeof api.context?.active !== 'function') {
    throw configError(
      'option `tracing`',
      `must be a boolean or { api }, got ${describeValue(option)}`,
      "pass false, or { api } from import * as api from '@opentelemetry/api'",
    );
  }
  return { api: api as OpenTelemetryApi };
}
