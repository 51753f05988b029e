/** Hook payloads. Params in payloads are redacted copies; errors are already free of secrets. */
import type { DriftRecord } from './drift-log.js';
import type { SCloudError } from './errors.js';

export interface RequestContext {
  readonly action: string;
  /** Params before signing, password-like values shown as `[redacted]`; change them or return new ones. */
  params: Record<string, unknown>;
}
export interface ResponseContext {
  readonly action: string;
  readonly attempt: number;
  readonly status: number;
  readonly requestId: string | undefined;
  readonly durationMs: number;
  readonly body: Record<string, unknown>;
}
export interface RetryContext {
  readonly action: string;
  /** The attempt that failed, 1-based. */
  readonly attempt: number;
  readonly delayMs: number;
  readonly reason: string;
  readonly error: SCloudError;
}
export interface ErrorHookContext {
  readonly action: string;
  readonly attempts: number;
  readonly error: SCloudError;
}

export interface Hooks {
  /** Before validation and signing; may mutate `ctx.params` or return replacement params. */
  onRequest?(ctx: RequestContext): void | Record<string, unknown> | Promise<void | Record<string, unknown>>;
  onResponse?(ctx: ResponseContext): void;
  onRetry?(ctx: RetryContext): void;
  onError?(ctx: ErrorHookContext): void;
  /** Each place a checked response breaks its documented shape (`validateResponses` 'warn' or 'throw'); paths and types, no values. */
  onDrift?(record: DriftRecord): void;
}
