/**
 * One stub: which calls it answers (an action, and optionally a deep partial request) and what it answers with
 * (answers used once, in order, then the lasting answer). Which stub answers a call is decided in mock.ts.
 */
import type { ActionMeta } from '../meta.js';
import { UNKNOWN_ACTION_PARAMS } from '../request.js';
import { matchesPartial } from './match.js';
import type { ApiErrorAnswer, DeepPartial, MockCall } from './types.js';

/** What a stub answers one call with. */
export type Answer =
  | { readonly kind: 'resolve'; readonly value: unknown }
  | { readonly kind: 'reject'; readonly error: Error | ApiErrorAnswer }
  | { readonly kind: 'fake'; readonly fake: (params: never, call: MockCall<never>) => unknown };

/** The answers of the calls a stub matches; each method returns the stub, so they chain. */
export interface ActionStub<Req, Res> {
  /** Answer every matching call with this response (RetCode 0 and Action are added when absent). Replaces an earlier lasting answer. */
  resolves(response: DeepPartial<Res>): this;
  /** Answer the next matching call with this response; several answer the following calls in order, before the lasting answer. */
  resolvesOnce(response: DeepPartial<Res>): this;
  /**
   * Fail every matching call: `{ RetCode, Message }` as the API's error answer (the client throws ApiError, AuthError
   * for 170-174, ThrottleError for 153); an Error as a transport failure (the client throws NetworkError with it as
   * `cause`, or the error itself when it is an SCloudError the transport may throw).
   */
  rejects(error: ApiErrorAnswer | Error): this;
  /** Fail the next matching call (see `rejects`). */
  rejectsOnce(error: ApiErrorAnswer | Error): this;
  /** Answer every matching call with what `fake` returns (or resolves to); a throw is a `rejects` answer. */
  callsFake(fake: (params: Req, call: MockCall<Req>) => DeepPartial<Res> | Promise<DeepPartial<Res>>): this;
  /** Answer the next matching call with `fake` (see `callsFake`). */
  callsFakeOnce(fake: (params: Req, call: MockCall<Req>) => DeepPartial<Res> | Promise<DeepPartial<Res>>): this;
}

/** What a stub is for: an action's meta (from its function), or any action of that name. */
export type StubTarget = { readonly meta: ActionMeta } | { readonly action: string };

/** Whether a call with `meta` belongs to `target`: the same meta object; `client.call()` and string targets by name. */
export function isTarget(target: StubTarget, meta: ActionMeta): boolean {
  if ('action' in target) return target.action === meta.action;
  return target.meta === meta || (meta.params === UNKNOWN_ACTION_PARAMS && target.meta.action === meta.action);
}

export class Stub implements ActionStub<unknown, unknown> {
  readonly target: StubTarget;
  /** The deep partial request; undefined matches every call of the action. */
  readonly partial: object | undefined;
  /** When a behaviour was last set (a counter of the mock): among equal stubs the last defined wins. */
  defined = 0;
  readonly #once: Answer[] = [];
  #lasting: Answer | undefined;
  readonly #tick: () => number;

  constructor(target: StubTarget, partial: object | undefined, tick: () => number) {
    this.target = target;
    this.partial = partial;
    this.#tick = tick;
  }

  resolves(response: unknown): this {
    return this.#set({ kind: 'resolve', value: checkResponse(response, 'resolves') }, false);
  }

  resolvesOnce(response: unknown): this {
    return this.#set({ kind: 'resolve', value: checkResponse(response, 'resolvesOnce') }, true);
  }

  rejects(error: ApiErrorAnswer | Error): this {
    return this.#set({ kind: 'reject', error: checkError(error, 'rejects') }, false);
  }

  rejectsOnce(error: ApiErrorAnswer | Error): this {
    return this.#set({ kind: 'reject', error: checkError(error, 'rejectsOnce') }, true);
  }

  callsFake(fake: (params: never, call: MockCall<never>) => unknown): this {
    return this.#set({ kind: 'fake', fake: checkFake(fake, 'callsFake') }, false);
  }

  callsFakeOnce(fake: (params: never, call: MockCall<never>) => unknown): this {
    return this.#set({ kind: 'fake', fake: checkFake(fake, 'callsFakeOnce') }, true);
  }

  /** Whether this stub answers a call of `meta` with `params` (an exhausted stub answers nothing). */
  matches(meta: ActionMeta, params: Readonly<Record<string, unknown>>): boolean {
    if (this.#once.length === 0 && this.#lasting === undefined) return false;
    return isTarget(this.target, meta) && (this.partial === undefined || matchesPartial(params, this.partial));
  }

  /** The answer for the next call (a once-answer is used up). */
  take(): Answer | undefined {
    return this.#once.shift() ?? this.#lasting;
  }

  #set(answer: Answer, once: boolean): this {
    if (once) this.#once.push(answer);
    else this.#lasting = answer;
    this.defined = this.#tick();
    return this;
  }
}

function checkResponse(response: unknown, method: string): unknown {
  if (typeof response !== 'object' || response === null || Array.isArray(response)) {
    throw new TypeError(
      `${method}: expected the response as an object of response fields (e.g. { UHostSet: [...] }), got ${response === null ? 'null' : Array.isArray(response) ? 'an array' : typeof response}`,
    );
  }
  return response;
}

function checkError(error: unknown, method: string): Error | ApiErrorAnswer {
  if (error instanceof Error) return error;
  const retCode = (error as { RetCode?: unknown } | null)?.RetCode;
  if (typeof retCode === 'number' && Number.isInteger(retCode) && retCode !== 0) return error as ApiErrorAnswer;
  throw new TypeError(`${method}: expected an Error or the API's error answer { RetCode, Message } with a RetCode other than 0; for a success use resolves()`);
}

function checkFake(fake: unknown, method: string): (params: never, call: MockCall<never>) => unknown {
  if (typeof fake !== 'function') throw new TypeError(`${method}: expected a function (params, call) => response, got ${typeof fake}`);
  return fake as (params: never, call: MockCall<never>) => unknown;
}
