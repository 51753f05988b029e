/**
 * The types of the testing kit: what a stub of a generated action function accepts and answers, derived from the
 * function itself, so a stub can only name request fields the action has and answer with response fields of the
 * right types.
 */
import type { Client } from '../client.js';
import type { WithResponse } from '../response.js';

/**
 * A generated action function (`describeUHostInstance`): `(client, params, options) => Promise<Response>`. A
 * paginator or a waiter is not one (stub the action it calls).
 */
export type ActionFunction = (client: Client, params: never, options?: never) => Promise<unknown>;

/** The request type of an action function (its last overload's params). */
export type RequestOf<F extends ActionFunction> = F extends (client: Client, params: infer P, options?: never) => Promise<unknown>
  ? Exclude<P, undefined>
  : never;

/** The response type of an action function (the `{ withResponse: true }` overload left out). */
export type ResponseOf<F extends ActionFunction> = Exclude<Awaited<ReturnType<F>>, WithResponse<unknown>>;

/**
 * Every property optional, at every depth; arrays stay arrays (of partial items). Unknown properties are still
 * compile errors in an object literal, and a property of a wrong type is one at any depth.
 */
export type DeepPartial<T> = T extends readonly (infer U)[]
  ? readonly DeepPartial<U>[]
  : T extends (...args: never[]) => unknown
    ? T
    : T extends object
      ? { readonly [K in keyof T]?: DeepPartial<T[K]> }
      : T;

/** An API error answer: the body the real API sends with a non-zero RetCode. */
export interface ApiErrorAnswer {
  readonly RetCode: number;
  readonly Message?: string | undefined;
}

/** One request the mocked API received: the action, the params sent (defaults filled, after hooks) and the call options. */
export interface MockCall<Req = Record<string, unknown>> {
  readonly action: string;
  readonly params: Req;
  /** The call options as passed (`signal`, `timeout`, `withResponse`...); `{}` when none. */
  readonly options: Readonly<Record<string, unknown>>;
}
