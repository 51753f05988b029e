/**
 * Waiters: poll an action until a state field reaches a success value. Generated code defines one
 * WaiterDefinition per resource state and wraps `waitFor` as `waitUntil<Resource><State>(client, params, options)`.
 *
 * Each poll is one `client.invoke` (with the client's own retries). Between polls: exponential backoff from
 * `minDelayMs` to `maxDelayMs` with jitter. The wait ends with: a success state (the result); a failure state
 * (WaiterFailedError); an error polling cannot fix, thrown as is (AuthError, ValidationError, ConfigError, an
 * ApiError whose RetCode the definition lists in `fatalRetCodes`); the caller's signal (AbortError); or the
 * overall `maxWaitMs` (WaiterTimeoutError with the last state seen and the number of polls). Other errors
 * (network, timeouts, HTTP 5xx, other RetCodes such as a resource not visible yet) are polled through.
 */
import type { CallOptions, Client } from './client.js';
import { configError, describeValue } from './config-check.js';
import { ApiError, AuthError, ConfigError, SCloudError, ValidationError, WaiterFailedError, WaiterTimeoutError } from './errors.js';
import type { ActionMeta } from './meta.js';
import { sleep } from './retry.js';

export interface WaiterDelays {
  /** First wait between polls, and the floor of every wait. Default 2 000 ms. */
  readonly minDelayMs?: number | undefined;
  /** Ceiling of one wait (the backoff doubles up to it). Default 20 000 ms. */
  readonly maxDelayMs?: number | undefined;
  /** Overall limit, polls and waits together. Default 600 000 ms (10 minutes). */
  readonly maxWaitMs?: number | undefined;
}

/** What the generator emits per waiter (e.g. from a spec overlay). */
export interface WaiterDefinition<Res = Record<string, unknown>> {
  /** Names the waiter in messages, e.g. `UHostInstanceRunning`. */
  readonly name: string;
  /** The action polled: a generated `<action>Meta`. */
  readonly meta: ActionMeta;
  /** The state: a dotted path into the response (`UHostSet.0.State`; numeric parts index arrays) or a function. */
  readonly state: string | ((response: Res) => string | undefined);
  /** States that end the wait successfully. */
  readonly success: readonly string[];
  /** States that end it with WaiterFailedError. */
  readonly failure?: readonly string[] | undefined;
  /** RetCodes that end it at once, the ApiError thrown as is (e.g. the resource does not exist). */
  readonly fatalRetCodes?: readonly number[] | undefined;
  /** This waiter's delays; WaitOptions override them. */
  readonly delays?: WaiterDelays | undefined;
}

/** Per-wait options. `timeout` and `maxRetries` apply to each poll. */
export interface WaitOptions extends WaiterDelays, Pick<CallOptions, 'timeout' | 'maxRetries'> {
  readonly signal?: AbortSignal | undefined;
  /** Called after each poll (for progress output). */
  readonly onPoll?: ((poll: PollReport) => void) | undefined;
}

export interface PollReport {
  readonly poll: number;
  /** The state this poll saw, if it saw one. */
  readonly state: string | undefined;
  /** The error this poll ended with, when polling goes on after it. */
  readonly error: SCloudError | undefined;
  readonly elapsedMs: number;
  /** The wait before the next poll, or undefined when this poll ends the wait. */
  readonly delayMs: number | undefined;
}

export interface WaiterResult<Res> {
  /** The response that reported the success state. */
  readonly data: Res;
  readonly state: string;
  readonly polls: number;
  readonly elapsedMs: number;
}

/** Delays used when neither the wait options nor the waiter definition set them. */
export const DEFAULT_WAITER_DELAYS = { minDelayMs: 2_000, maxDelayMs: 20_000, maxWaitMs: 600_000 } as const;
const MAX_WAIT_MS = 7 * 24 * 3_600_000;

/** Polls `waiter.meta` with `params` until a success state; see the module comment for how it ends. */
export async function waitFor<Res = Record<string, unknown>>(
  client: Client,
  waiter: WaiterDefinition<Res>,
  params: object | undefined,
  options: WaitOptions = {},
): Promise<WaiterResult<Res>> {
  const { minDelayMs, maxDelayMs, maxWaitMs } = resolveDelays(waiter, options);
  const action = waiter.meta.action;
  const caller = options.signal;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), maxWaitMs);
  const signal = caller === undefined ? deadline.signal : AbortSignal.any([caller, deadline.signal]);
  const started = performance.now();
  let lastState: string | undefined;
  let lastError: unknown;
  try {
    for (let poll = 1; ; poll++) {
      let data: Res | undefined;
      let state: string | undefined;
      let error: SCloudError | undefined;
      try {
        data = await client.invoke<Res>(waiter.meta, params, { signal, timeout: options.timeout, maxRetries: options.maxRetries });
        state = readState(waiter.state, data);
      } catch (e) {
        if (caller?.aborted === true || !(e instanceof SCloudError) || isFatal(e, waiter)) throw e;
        if (deadline.signal.aborted) throw new WaiterTimeoutError(waiter.name, action, lastState, poll, maxWaitMs, lastError);
        error = e;
        lastError = e;
      }
      if (state !== undefined) lastState = state;
      const elapsedMs = performance.now() - started;
      const done = state !== undefined && (waiter.success.includes(state) || waiter.failure?.includes(state) === true);
      const remaining = maxWaitMs - elapsedMs;
      const delayMs = done || remaining <= 0 || deadline.signal.aborted ? undefined : Math.min(waiterDelay(poll, minDelayMs, maxDelayMs), remaining);
      options.onPoll?.({ poll, state, error, elapsedMs, delayMs });
      if (state !== undefined && waiter.success.includes(state)) return { data: data as Res, state, polls: poll, elapsedMs };
      if (state !== undefined && waiter.failure?.includes(state) === true) throw new WaiterFailedError(waiter.name, action, state, poll);
      if (delayMs === undefined) throw new WaiterTimeoutError(waiter.name, action, lastState, poll, maxWaitMs, lastError);
      try {
        await sleep(delayMs, signal, action);
      } catch (e) {
        if (caller?.aborted === true) throw e;
        throw new WaiterTimeoutError(waiter.name, action, lastState, poll, maxWaitMs, lastError);
      }
    }
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Milliseconds to wait after poll number `poll` (1-based): a random value between `min` and
 * `min(max, min * 2^(poll-1))` (the first wait is exactly `min`).
 */
export function waiterDelay(poll: number, min: number, max: number, random = Math.random): number {
  const ceiling = Math.min(max, min * 2 ** (poll - 1));
  return Math.round(min + random() * (ceiling - min));
}

/** The state at `path` (dotted; numeric parts index arrays) or from the function; strings and numbers only. */
export function readState<Res>(state: WaiterDefinition<Res>['state'], response: Res): string | undefined {
  if (typeof state === 'function') return state(response);
  let v: unknown = response;
  for (const part of state.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = Array.isArray(v) ? (/^\d+$/.test(part) ? v[Number(part)] : undefined) : (v as Record<string, unknown>)[part];
  }
  if (typeof v === 'string') return v;
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/** Errors that polling cannot fix end the wait at once. */
function isFatal<Res>(e: SCloudError, waiter: WaiterDefinition<Res>): boolean {
  if (e instanceof AuthError || e instanceof ValidationError || e instanceof ConfigError) return true;
  return e instanceof ApiError && waiter.fatalRetCodes?.includes(e.retCode) === true;
}

function resolveDelays<Res>(waiter: WaiterDefinition<Res>, options: WaitOptions): { minDelayMs: number; maxDelayMs: number; maxWaitMs: number } {
  const pick = (name: keyof WaiterDelays): number => {
    const fromOptions = options[name];
    const v = fromOptions ?? waiter.delays?.[name] ?? DEFAULT_WAITER_DELAYS[name];
    const origin = fromOptions === undefined ? `waiter ${waiter.name} delays.${name}` : `wait option \`${name}\``;
    const least = name === 'maxWaitMs' ? 1 : 0;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < least || v > MAX_WAIT_MS) {
      throw configError(
        origin,
        `must be a number of milliseconds from ${least} to ${MAX_WAIT_MS}, got ${describeValue(v)}`,
        'pass a value in that range or leave it unset',
      );
    }
    return v;
  };
  const d = { minDelayMs: pick('minDelayMs'), maxDelayMs: pick('maxDelayMs'), maxWaitMs: pick('maxWaitMs') };
  if (d.minDelayMs > d.maxDelayMs)
    throw configError(`waiter ${waiter.name}`, `has minDelayMs ${d.minDelayMs} above maxDelayMs ${d.maxDelayMs}`, 'make minDelayMs <= maxDelayMs');
  return d;
}
