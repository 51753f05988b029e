/**
 * Matchers for a MockClient, for vitest and jest alike: plain functions in the protocol both runners share
 * (`this` is the runner's matcher context, the result `{ pass, message }`), ready for `expect.extend(matchers)`.
 * Nothing here imports a runner; `vitest.ts` and `jest.ts` add the type declarations of each.
 * Params in messages are shown with password-like values redacted.
 */
import { redactParams } from '../redact.js';
import { metaOf } from './action.js';
import { matchesPartial } from './match.js';
import { MOCK_CLIENT, type MockClient } from './mock.js';
import type { ActionFunction, DeepPartial, MockCall, RequestOf } from './types.js';

/** The matchers' types, with the runner's return type `R`. */
export interface ScloudMatchers<R = unknown> {
  /** The mock received a call of the action `fn` calls (whose params match the deep partial `params`, when given). */
  toHaveReceivedCall<F extends ActionFunction>(fn: F, params?: DeepPartial<RequestOf<F>>): R;
  /** The mock received a call of the action of that name (whose params match `params`, when given). */
  toHaveReceivedCall(action: string, params?: Readonly<Record<string, unknown>>): R;
  /** The mock received exactly `times` calls of the action (whose params match `params`, when given). */
  toHaveReceivedCallTimes<F extends ActionFunction>(fn: F, times: number, params?: DeepPartial<RequestOf<F>>): R;
  toHaveReceivedCallTimes(action: string, times: number, params?: Readonly<Record<string, unknown>>): R;
  /** The `n`-th call (from 1) of the action had params matching `params`. */
  toHaveReceivedNthCall<F extends ActionFunction>(fn: F, n: number, params: DeepPartial<RequestOf<F>>): R;
  toHaveReceivedNthCall(action: string, n: number, params: Readonly<Record<string, unknown>>): R;
  /** The mock received any call at all. */
  toHaveReceivedAnyCall(): R;
}

interface MatcherContext {
  readonly isNot?: boolean;
  readonly utils?: { printExpected?(value: unknown): string; printReceived?(value: unknown): string };
}

interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

function mockOf(received: unknown, matcher: string): MockClient {
  if (typeof received !== 'object' || received === null || (received as { [MOCK_CLIENT]?: unknown })[MOCK_CLIENT] !== true) {
    throw new TypeError(`${matcher}: expect() must be given the mock made by mockClient() (not mock.client)`);
  }
  return received as MockClient;
}

function actionName(fn: unknown, matcher: string): string {
  return typeof fn === 'string' ? fn : metaOf(fn, matcher).action;
}

function show(ctx: MatcherContext, value: unknown, as: 'expected' | 'received'): string {
  const utils = ctx.utils;
  if (as === 'expected') return utils?.printExpected === undefined ? JSON.stringify(value) : utils.printExpected(value);
  return utils?.printReceived === undefined ? JSON.stringify(value) : utils.printReceived(value);
}

function listCalls(ctx: MatcherContext, calls: readonly MockCall[]): string {
  if (calls.length === 0) return 'it received none';
  const lines = calls.slice(0, 10).map((c, i) => `  ${i + 1}: ${show(ctx, redactParams(c.params), 'received')}`);
  return `it received ${calls.length}:\n${lines.join('\n')}${calls.length > 10 ? `\n  ... and ${calls.length - 10} more` : ''}`;
}

function matching(calls: readonly MockCall[], params: unknown): MockCall[] {
  return params === undefined ? [...calls] : calls.filter((c) => matchesPartial(c.params, params));
}

function withParams(ctx: MatcherContext, params: unknown): string {
  return params === undefined ? '' : ` with params matching ${show(ctx, redactParams(params), 'expected')}`;
}

function result(ctx: MatcherContext, pass: boolean, what: string, calls: readonly MockCall[]): MatcherResult {
  return { pass, message: () => `expected the mock ${pass ? 'not ' : ''}to have received ${what}; ${listCalls(ctx, calls)}` };
}

/** `expect.extend(matchers)`; see ScloudMatchers for what each checks. */
export const matchers = {
  toHaveReceivedCall(this: MatcherContext, received: unknown, fn: ActionFunction | string, params?: unknown): MatcherResult {
    const calls = mockOf(received, 'toHaveReceivedCall').calls(fn as string);
    const action = actionName(fn, 'toHaveReceivedCall');
    return result(this, matching(calls, params).length > 0, `a call of ${action}${withParams(this, params)}`, calls);
  },
  toHaveReceivedCallTimes(this: MatcherContext, received: unknown, fn: ActionFunction | string, times: number, params?: unknown): MatcherResult {
    const calls = mockOf(received, 'toHaveReceivedCallTimes').calls(fn as string);
    const action = actionName(fn, 'toHaveReceivedCallTimes');
    return result(this, matching(calls, params).length === times, `${times} call(s) of ${action}${withParams(this, params)}`, calls);
  },
  toHaveReceivedNthCall(this: MatcherContext, received: unknown, fn: ActionFunction | string, n: number, params: unknown): MatcherResult {
    const calls = mockOf(received, 'toHaveReceivedNthCall').calls(fn as string);
    const action = actionName(fn, 'toHaveReceivedNthCall');
    const nth = calls[n - 1];
    return result(this, nth !== undefined && matchesPartial(nth.params, params), `as call ${n} of ${action} one${withParams(this, params)}`, calls);
  },
  toHaveReceivedAnyCall(this: MatcherContext, received: unknown): MatcherResult {
    const calls = mockOf(received, 'toHaveReceivedAnyCall').calls();
    return {
      pass: calls.length > 0,
      message: () =>
        calls.length > 0
          ? `expected the mock to have received no call; it received ${calls.length}, the first of ${calls[0]!.action}`
          : 'expected the mock to have received a call; it received none',
    };
  },
};
