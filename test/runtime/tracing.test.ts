/**
 * OpenTelemetry spans through the real SDK (BasicTracerProvider, in-memory exporter, AsyncLocalStorage context
 * manager) against the signature-checking server: success, API error, network errors with retries, nesting in the
 * caller's span and around spans made inside the call, no secret or value anywhere in a span, `tracing: false`,
 * and `tracing: { api }`. The cases without the API package installed run in child processes (tracing-absent.test.ts).
 */
import * as api from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCustomImageMeta } from '../../generated/uhost/CreateCustomImage.js';
import { Client, SDK_VERSION, type ClientConfig, type OpenTelemetryApi, type Transport } from '../../runtime/index.js';
import { ok, PRIVATE_KEY, PUBLIC_KEY, retCode, status, TestServer, text } from './server.js';

const server = new TestServer();
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const contextManager = new AsyncLocalStorageContextManager();

beforeAll(async () => {
  await server.start();
  api.context.setGlobalContextManager(contextManager.enable());
  api.trace.setGlobalTracerProvider(provider);
});
afterAll(async () => {
  await server.stop();
  api.trace.disable();
  api.context.disable();
});
afterEach(() => exporter.reset());

const clients: Client[] = [];
afterAll(() => clients.forEach((c) => c.close()));
function client(extra: Partial<ClientConfig> = {}): Client {
  const c = new Client({
    publicKey: PUBLIC_KEY,
    privateKey: PRIVATE_KEY,
    baseUrl: server.url,
    region: 'cn-bj2',
    backoff: { baseMs: 1, capMs: 2 },
    env: {},
    home: '/nonexistent',
    ...extra,
  });
  clients.push(c);
  return c;
}

const port = (): number => Number(new URL(server.url).port);
const spans = (): ReadableSpan[] => exporter.getFinishedSpans();
const only = (): ReadableSpan => {
  expect(spans()).toHaveLength(1);
  return spans()[0] as ReadableSpan;
};

/** Everything a span carries that an exporter would send, as text. */
function everything(list: readonly ReadableSpan[]): string {
  return JSON.stringify(
    list.map((s) => ({ name: s.name, attributes: s.attributes, status: s.status, events: s.events.map((e) => ({ name: e.name, attributes: e.attributes })) })),
  );
}

describe('a traced call', () => {
  it('success: one CLIENT span <product>/<Action> with the RPC attributes, RetCode, request id and attempts', async () => {
    server.play((req, res) => ok({ ImageId: 'uimage-1' })(req, Object.assign(res, { writeHead: withHeader(res, 'x-ucloud-request-uuid', 'req-42') })));
    await client().invoke(createCustomImageMeta, { UHostId: 'uhost-1', ImageName: 'web' });
    const span = only();
    expect(span.name).toBe('uhost/CreateCustomImage');
    expect(span.kind).toBe(api.SpanKind.CLIENT);
    expect(span.instrumentationScope).toMatchObject({ name: 'scloud-sdk', version: SDK_VERSION });
    expect(span.attributes).toEqual({
      'rpc.system': 'scloud',
      'rpc.service': 'uhost',
      'rpc.method': 'CreateCustomImage',
      'server.address': '127.0.0.1',
      'server.port': port(),
      'scloud.attempts': 1,
      'scloud.ret_code': 0,
      'scloud.request_id': 'req-42',
    });
    expect(span.status.code).toBe(api.SpanStatusCode.UNSET);
    expect(span.events).toEqual([]);
    expect(span.parentSpanContext).toBeUndefined();
  });

  it('call(): named by the action alone (no product), without rpc.service', async () => {
    server.play(ok());
    await client().call('DescribeUHostInstance', { Limit: 1 });
    const span = only();
    expect(span.name).toBe('DescribeUHostInstance');
    expect(span.attributes['rpc.service']).toBeUndefined();
    expect(span.attributes['rpc.method']).toBe('DescribeUHostInstance');
  });

  it('API error: error status, error.type, RetCode, and the exception without the API message', async () => {
    server.play(retCode(8039, 'image name web-secret-name already used by uhost-1'));
    const e = await client()
      .invoke(createCustomImageMeta, { UHostId: 'uhost-1', ImageName: 'web-secret-name' })
      .catch((err: unknown) => err);
    expect((e as Error).name).toBe('ApiError');
    const span = only();
    expect(span.status).toEqual({ code: api.SpanStatusCode.ERROR, message: 'CreateCustomImage failed: RetCode 8039' });
    expect(span.attributes).toMatchObject({ 'error.type': 'ApiError', 'scloud.ret_code': 8039, 'scloud.attempts': 1 });
    const [exception] = span.events;
    expect(exception?.name).toBe('exception');
    expect(exception?.attributes).toMatchObject({ 'exception.type': 'ApiError', 'exception.message': 'CreateCustomImage failed: RetCode 8039' });
    expect(String(exception?.attributes?.['exception.stacktrace'])).toMatch(/^ApiError: CreateCustomImage failed: RetCode 8039\n {4}at /);
    expect(everything(spans())).not.toMatch(/web-secret-name/);
  });

  it('network error with retries: one scloud.retry event per retry with its reason, then the error', async () => {
    const closed = new TestServer();
    await closed.start();
    await closed.stop(); // its port now refuses connections: never sent, so retried for every action
    const e = await client({ baseUrl: closed.url, maxRetries: 2 })
      .invoke(createCustomImageMeta, { UHostId: 'uhost-1', ImageName: 'web' })
      .catch((err: unknown) => err);
    expect((e as Error).name).toBe('NetworkError');
    const span = only();
    expect(span.attributes).toMatchObject({ 'scloud.attempts': 3, 'error.type': 'NetworkError' });
    expect(span.attributes['scloud.ret_code']).toBeUndefined();
    const retries = span.events.filter((ev) => ev.name === 'scloud.retry');
    expect(retries.map((ev) => ev.attributes)).toEqual(
      [1, 2].map((attempt) => ({
        'scloud.attempt': attempt,
        'scloud.retry.reason': 'connection failed before sending (ECONNREFUSED)',
        'scloud.retry.delay_ms': expect.any(Number),
        'error.type': 'NetworkError',
      })),
    );
    expect(span.events.map((ev) => ev.name)).toEqual(['scloud.retry', 'scloud.retry', 'exception']);
    expect(span.status.code).toBe(api.SpanStatusCode.ERROR);
  });

  it('HTTP 503 then success: the retry event says why, the span ends well with 2 attempts', async () => {
    server.play(status(503, 'busy'), ok());
    await client().call('DescribeImage', {});
    const span = only();
    expect(span.events.map((ev) => [ev.name, ev.attributes?.['scloud.retry.reason']])).toEqual([['scloud.retry', 'HTTP 503']]);
    expect(span.attributes).toMatchObject({ 'scloud.attempts': 2, 'scloud.ret_code': 0 });
    expect(span.attributes['error.type']).toBeUndefined();
    expect(span.status.code).toBe(api.SpanStatusCode.UNSET);
  });

  it("is a child of the caller's active span, and spans made inside the call (a transport's) are its children", async () => {
    const inner: Transport = {
      send: async () => {
        api.trace.getTracer('test-transport').startSpan('POST').end();
        return { status: 200, header: () => undefined, body: '{"RetCode":0}' };
      },
    };
    const tracer = api.trace.getTracer('caller');
    await tracer.startActiveSpan('handle-request', async (parent) => {
      await client({ transport: inner }).call('DescribeImage', {});
      parent.end();
    });
    const byName = new Map(spans().map((s) => [s.name, s]));
    const parent = byName.get('handle-request');
    const ours = byName.get('DescribeImage');
    const post = byName.get('POST');
    expect(ours?.spanContext().traceId).toBe(parent?.spanContext().traceId);
    expect(ours?.parentSpanContext?.spanId).toBe(parent?.spanContext().spanId);
    expect(post?.parentSpanContext?.spanId).toBe(ours?.spanContext().spanId);
  });

  it('holds no secret and no parameter or response value, whatever fails', async () => {
    const password = 'Pa55-word-VALUE';
    const params = { UHostId: 'uhost-VALUE-17', ImageName: 'image-VALUE-9', Password: password };
    const c = client();
    // Success, an API error quoting the params, an HTTP error whose body quotes them, an HTML page, and a hook that throws with a value.
    server.play(
      ok({ ImageId: 'uimage-VALUE-1' }),
      retCode(8000, `bad uhost-VALUE-17 / ${password} / ${PRIVATE_KEY}`),
      status(400, `denied image-VALUE-9 ${password}`),
      text(`<p>uhost-VALUE-17</p>`),
    );
    for (let i = 0; i < 4; i++) await c.invoke(createCustomImageMeta, params).catch(() => undefined);
    const throwing = client({
      hooks: {
        onRequest: () => {
          throw new TypeError(`hook saw uhost-VALUE-17 ${password}`);
        },
      },
    });
    await throwing.invoke(createCustomImageMeta, params).catch(() => undefined);
    expect(spans()).toHaveLength(5);
    const signatures = server.received.map((r) => r.params.Signature as string);
    expect(signatures).toHaveLength(4);
    const all = everything(spans());
    for (const secretOrValue of [PRIVATE_KEY, password, 'VALUE', ...signatures]) expect(all).not.toContain(secretOrValue);
    expect(spans().map((s) => s.status.message)).toEqual([
      undefined,
      'CreateCustomImage failed: RetCode 8000',
      'CreateCustomImage: HTTP 400',
      'CreateCustomImage: HTTP 200',
      'CreateCustomImage: TypeError before sending',
    ]);
  });

  it('tracing: false makes no span while a provider is registered', async () => {
    server.play(ok());
    await client({ tracing: false }).call('DescribeImage', {});
    expect(spans()).toEqual([]);
  });

  it('makes no span once the provider is unregistered (trace.disable), and again when one is registered', async () => {
    server.play(ok(), ok());
    const c = client();
    api.trace.disable();
    try {
      await c.call('DescribeImage', {});
      expect(spans()).toEqual([]);
    } finally {
      api.trace.setGlobalTracerProvider(provider);
    }
    await c.call('DescribeImage', {});
    expect(spans()).toHaveLength(1);
  });

  it('tracing: { api } uses the API module given (the way for bundles that cannot import it by name)', async () => {
    server.play(ok());
    const given: OpenTelemetryApi = api;
    let tracers = 0;
    const counting: OpenTelemetryApi = { context: given.context, trace: { getTracer: (name, version) => (tracers++, given.trace.getTracer(name, version)) } };
    await client({ tracing: { api: counting } }).call('DescribeImage', {});
    expect(tracers).toBe(1);
    expect(only().name).toBe('DescribeImage');
  });

  it('a wrong tracing option is a ConfigError naming it', () => {
    expect(() => client({ tracing: 'on' as never })).toThrow(/^option `tracing` must be a boolean or \{ api \}, got a string; pass false, or \{ api \}/);
    expect(() => client({ tracing: { api: {} } as never })).toThrow(/option `tracing`/);
  });
});

/** A writeHead that adds one header to what the step writes. */
function withHeader(res: import('node:http').ServerResponse, name: string, value: string): import('node:http').ServerResponse['writeHead'] {
  const original = res.writeHead.bind(res) as (code: number, headers?: Record<string, unknown>) => unknown;
  return ((code: number, headers: Record<string, unknown> = {}) => original(code, { ...headers, [name]: value })) as never;
}
