/**
 * mockClient(): a real Client whose transport is the mock. Every call runs the client's own code (defaults,
 * onRequest hook, validation, signing, response parsing, typed errors, logging, hooks, `withResponse`), and the
 * mock answers it in process: with the stub that matches it, else with the action's documented response example,
 * else (strict mode, or no example) with an UnmockedCallError that says how to stub the call.
 *
 * Which stub answers (as aws-sdk-client-mock): among the stubs of the call's action that still have an answer and
 * whose partial request matches (match.ts), a stub with a partial request beats one without; among equals, the one
 * whose answer was defined last wins.
 */
import { Client } from '../client.js';
import type { ClientConfig } from '../config.js';
import { ApiError, ConfigError, HttpError } from '../errors.js';
import type { ActionMeta } from '../meta.js';
import type { TransportCall } from '../transport/types.js';
import type { WaitOptions } from '../waiter.js';
import { metaOf } from './action.js';
import { documentedExample, functionName } from './examples.js';
import { samePartial } from './match.js';
import { isTarget, Stub, type ActionStub, type Answer, type StubTarget } from './stub.js';
import { MockTransport, type Reply } from './transport.js';
import type { ActionFunction, ApiErrorAnswer, DeepPartial, MockCall, RequestOf, ResponseOf } from './types.js';

/** Marks a MockClient (the matchers check it). */
export const MOCK_CLIENT: unique symbol = Symbol.for('scloud-sdk.testing.MockClient');

export interface MockClientOptions<C extends Client = Client> {
  /** An unmocked call fails with UnmockedCallError instead of answering with the documented example. Default false. */
  readonly strict?: boolean | undefined;
  /**
   * Client options over the mock's defaults (test keys, region `cn-bj2`, `maxRetries: 0`, no env, no profile files).
   * Not `transport`, `fetch` or `proxy`: the mock is the transport.
   */
  readonly config?: Omit<ClientConfig, 'transport' | 'fetch' | 'proxy'> | undefined;
  /** The class of `mock.client`: a generated class facade (`UHostClient`); default `Client`. */
  readonly clientClass?: (new (config: ClientConfig) => C) | undefined;
}

export interface MockClient<C extends Client = Client> {
  readonly [MOCK_CLIENT]: true;
  /** The client to hand to the code under test. */
  readonly client: C;
  /** A stub for the action `fn` calls, for every call or (with `request`) for calls whose params match that deep partial. */
  on<F extends ActionFunction>(fn: F, request?: DeepPartial<RequestOf<F>>): ActionStub<RequestOf<F>, ResponseOf<F>>;
  /** A stub for every action of that name (any product, `client.call()` included); untyped. */
  on(action: string, request?: Readonly<Record<string, unknown>>): ActionStub<Record<string, unknown>, Record<string, unknown>>;
  /** The requests of the action `fn` calls that the mocked API received, in order (one per attempt). */
  calls<F extends ActionFunction>(fn: F): MockCall<RequestOf<F>>[];
  /** The requests of that action name, or every request when no name is given, in order. */
  calls(action?: string): MockCall[];
  /** Removes every stub and forgets every call. */
  reset(): void;
  /** Forgets every call; the stubs stay. */
  resetHistory(): void;
}

/** Wait options for waiters on a mock: no wait between polls (their delays come from these options, not the definition). */
export const noDelays: WaitOptions = Object.freeze({ minDelayMs: 0, maxDelayMs: 0 });

/** An unmocked call in strict mode, or one whose action has no documented example. Not retried; thrown as is. */
export class UnmockedCallError extends ConfigError {
  override name: string = 'UnmockedCallError';
}

const DEFAULT_CONFIG: ClientConfig = {
  publicKey: 'scloud-testing-public-key',
  privateKey: 'scloud-testing-private-key',
  region: 'cn-bj2',
  maxRetries: 0,
  env: {},
  // A home without profile files: a mock never reads the user's ~/.ucloud.
  home: '/nonexistent/scloud-sdk-testing',
};

/** A mocked API and the client that calls it (see the module comment). */
export function mockClient<C extends Client = Client>(options: MockClientOptions<C> = {}): MockClient<C> {
  return new MockApi<C>(options);
}

interface Recorded extends MockCall {
  readonly meta: ActionMeta;
}

class MockApi<C extends Client> implements MockClient<C> {
  readonly [MOCK_CLIENT] = true as const;
  readonly client: C;
  readonly #strict: boolean;
  #stubs: Stub[] = [];
  #calls: Recorded[] = [];
  #defined = 0;

  constructor(options: MockClientOptions<C>) {
    const config = options.config ?? {};
    for (const key of ['transport', 'fetch', 'proxy'] as const) {
      if ((config as ClientConfig)[key] !== undefined) {
        throw new TypeError(
          `mockClient: config.${key} cannot be set: the mock answers every call itself; to test a transport use new Client({ ${key} }) instead`,
        );
      }
    }
    this.#strict = options.strict === true;
    const Class = options.clientClass ?? (Client as unknown as new (config: ClientConfig) => C);
    // A `credentials` option replaces the test keys (the client refuses both at once).
    const keys = config.credentials === undefined ? DEFAULT_CONFIG : { ...DEFAULT_CONFIG, publicKey: undefined, privateKey: undefined };
    this.client = new Class({ ...keys, ...config, transport: new MockTransport((call) => this.#answer(call)) });
  }

  on(fn: ActionFunction | string, request?: object): ActionStub<never, never> {
    const target: StubTarget = typeof fn === 'string' ? { action: fn } : { meta: metaOf(fn, 'mock.on') };
    if (request !== undefined && (typeof request !== 'object' || request === null))
      throw new TypeError('mock.on: the request must be an object of (partial) params');
    const partial = request === undefined || Object.keys(request).length === 0 ? undefined : request;
    const same = (s: Stub): boolean => sameTarget(s.target, target) && samePartial(s.partial, partial);
    let stub = this.#stubs.find(same);
    if (stub === undefined) {
      stub = new Stub(target, partial, () => ++this.#defined);
      this.#stubs.push(stub);
    }
    return stub;
  }

  calls(fn?: ActionFunction | string): MockCall<never>[] {
    const target: StubTarget | undefined = fn === undefined ? undefined : typeof fn === 'string' ? { action: fn } : { meta: metaOf(fn, 'mock.calls') };
    const picked = target === undefined ? this.#calls : this.#calls.filter((c) => isTarget(target, c.meta));
    return picked.map(({ action, params, options }) => ({ action, params, options }) as MockCall<never>);
  }

  reset(): void {
    this.#stubs = [];
    this.#calls = [];
  }

  resetHistory(): void {
    this.#calls = [];
  }

  async #answer(call: TransportCall): Promise<Reply> {
    const { meta, params } = call;
    this.#calls.push({ action: meta.action, params: snapshot(params), options: call.options as Readonly<Record<string, unknown>>, meta });
    const stub = this.#pick(meta, params);
    if (stub !== undefined) return replyOf(await run(stub.take()!, call), meta.action);
    if (!this.#strict) {
      const json = await documentedExample(meta);
      if (json !== undefined) return { json };
    }
    return { error: await this.#unmocked(meta, params) };
  }

  /** The stub that answers: partial request over none, then the last defined (module comment). */
  #pick(meta: ActionMeta, params: Readonly<Record<string, unknown>>): Stub | undefined {
    let best: Stub | undefined;
    for (const s of this.#stubs) if (s.matches(meta, params) && (best === undefined || beats(s, best))) best = s;
    return best;
  }

  async #unmocked(meta: ActionMeta, params: Readonly<Record<string, unknown>>): Promise<UnmockedCallError> {
    const action = meta.action;
    const fn = (await functionName(action)) ?? `'${action}'`;
    const sent = Object.keys(params);
    const why = this.#strict ? 'the mock is strict' : 'no documented response example is known for it';
    const others = this.#stubs.some((s) => !isTarget(s.target, meta) && 'meta' in s.target && s.target.meta.action === action)
      ? ` (a stub for ${action} exists, but for another copy of the client, e.g. its CommonJS build beside its ESM one: stub mock.on('${action}') to answer every copy)`
      : this.#stubs.some((s) => isTarget(s.target, meta))
        ? ' (its stubs match other params, or their once-answers are used up)'
        : '';
    return new UnmockedCallError(
      `scloud-sdk/testing: ${action} was called with no stub answering it and ${why}${others}; params sent: ${sent.length > 0 ? sent.join(', ') : 'none'}. ` +
        `Stub it before the call: mock.on(${fn}).resolves({ ... }), or mock.on(${fn}, { /* partial params */ }).resolves({ ... }) for matching calls only` +
        `${this.#strict ? ', or use mockClient() without strict to answer with the documented response example' : ''}.`,
      { action },
    );
  }
}

/** Precedence between two stubs that both match a call: a partial request beats none; then the last defined. */
function beats(a: Stub, b: Stub): boolean {
  const partialA = a.partial !== undefined;
  if (partialA !== (b.partial !== undefined)) return partialA;
  return a.defined > b.defined;
}

function sameTarget(a: StubTarget, b: StubTarget): boolean {
  return 'meta' in a ? 'meta' in b && a.meta === b.meta : 'action' in b && a.action === b.action;
}

/** A copy of the params as sent (a later change by the caller does not rewrite the history). */
function snapshot(params: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  try {
    return structuredClone(params);
  } catch {
    return { ...params };
  }
}

/** Runs a fake; what it returns is a resolve, what it throws a reject. */
async function run(answer: Answer, call: TransportCall): Promise<Answer> {
  if (answer.kind !== 'fake') return answer;
  try {
    const params = snapshot(call.params);
    const value = await (answer.fake as (p: unknown, c: MockCall) => unknown)(params, {
      action: call.meta.action,
      params,
      options: call.options as Readonly<Record<string, unknown>>,
    });
    return { kind: 'resolve', value };
  } catch (error) {
    if (error instanceof Error || typeof (error as { RetCode?: unknown } | null)?.RetCode === 'number')
      return { kind: 'reject', error: error as Error | ApiErrorAnswer };
    return { kind: 'reject', error: new Error(`callsFake threw ${String(error)}`) };
  }
}

/** The API's answer for a stub's answer: a body, an HTTP error, or an error the transport throws. */
function replyOf(answer: Answer, action: string): Reply {
  if (answer.kind === 'resolve') {
    const value = answer.value;
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return { error: new TypeError(`callsFake for ${action} must return an object of response fields`) };
    return { body: { RetCode: 0, Action: `${action}Response`, ...value } };
  }
  if (answer.kind !== 'reject') return { error: new TypeError('unreachable') };
  const e = answer.error;
  // The API's errors come back as the API sends them, so the client raises the same class.
  if (e instanceof ApiError) return { body: { RetCode: e.retCode, Message: e.apiMessage, Action: `${action}Response` } };
  if (e instanceof HttpError) return { status: e.status, text: e.body };
  if (e instanceof Error) return { error: e };
  return { body: { RetCode: e.RetCode, Message: e.Message ?? `mocked error (RetCode ${e.RetCode})`, Action: `${action}Response` } };
}
