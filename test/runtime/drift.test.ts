import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, ConfigError, ResponseDriftError, type ActionMeta, type ClientConfig, type DriftRecord, type Logger, type Shape } from '../../runtime/index.js';
import { DRIFT_LOG_WINDOW_MS, DriftLogWriter } from '../../runtime/drift-log.js';
import { checkResponseShape, MAX_FINDINGS } from '../../runtime/response-check.js';
import { PRIVATE_KEY, PUBLIC_KEY, TestServer, type Step } from './server.js';

const server = new TestServer();
const dir = mkdtempSync(join(tmpdir(), 'scloud-drift-'));
beforeAll(async () => {
  await server.start();
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Answers `body` as JSON with a request id header. */
const answer =
  (body: Record<string, unknown>, requestId = 'req-1'): Step =>
  (_req, res) => {
    const text = JSON.stringify({ RetCode: 0, Action: 'DescribeUHostInstanceResponse', ...body });
    res.writeHead(200, { 'content-type': 'application/json', 'x-ucloud-request-uuid': requestId });
    res.end(text);
  };

const DESCRIBE: ActionMeta = {
  action: 'DescribeUHostInstance',
  idempotent: true,
  product: 'uhost',
  doc: 'uhost-api/describe_uhost_instance.md',
  params: { f: { Region: 's', Limit: 'i' }, r: ['Region'] },
  response: {
    f: {
      TotalCount: 'i',
      Ratio: 'n',
      Matrix: [['i']],
      Extra: 'u',
      UHostSet: [
        {
          f: {
            UHostId: 's',
            State: 's',
            CPU: 'i',
            Tags: 'o',
            Meta: { f: { Zone: 's' } },
            DiskSet: [{ f: { Size: 'i', Type: 's', IsBoot: 'b' }, r: ['Size'] }],
          },
          r: ['UHostId'],
        },
      ],
    },
    r: ['TotalCount'],
  },
};

/** Every kind at depth: through arrays, models (objects in arrays) and arrays of arrays. */
const DRIFTED = {
  Ratio: 2, // an integer where a number is documented: fine
  Matrix: [
    [1, 2],
    [3, '4'],
  ],
  Extra: { anything: 'goes' },
  UHostSet: [
    {
      UHostId: 'uhost-1',
      State: 5,
      CPU: 2,
      Tags: { a: 'b' },
      Meta: { Zone: 'z' },
      DiskSet: [{ Size: '40', Type: 'CLOUD_SSD', IsBoot: 'true' }, { Type: 'x' }],
      NewField: 'n',
    },
    { State: 'Running', CPU: 1.5, Tags: [], Meta: null, DiskSet: { Size: 1 }, 'user@host.example': 1 },
  ],
};
const EXPECTED = [
  ['TotalCount', 'required-missing', 'integer', null],
  ['Matrix[][]', 'type-mismatch', 'integer', 'string'],
  ['UHostSet[].State', 'type-mismatch', 'string', 'integer'],
  ['UHostSet[].DiskSet[].Size', 'type-mismatch', 'integer', 'string'],
  ['UHostSet[].DiskSet[].IsBoot', 'type-mismatch', 'boolean', 'string'],
  ['UHostSet[].DiskSet[].Size', 'required-missing', 'integer', null],
  ['UHostSet[].NewField', 'undocumented', null, 'string'],
  ['UHostSet[].UHostId', 'required-missing', 'string', null],
  ['UHostSet[].CPU', 'type-mismatch', 'integer', 'number'],
  ['UHostSet[].Tags', 'type-mismatch', 'object', 'array'],
  ['UHostSet[].Meta', 'type-mismatch', 'object', 'null'],
  ['UHostSet[].DiskSet', 'type-mismatch', 'array', 'object'],
  ['UHostSet[].*', 'undocumented', null, 'integer'],
];

const clients: Client[] = [];
function client(extra: Partial<ClientConfig> = {}): Client {
  const c = new Client({
    publicKey: PUBLIC_KEY,
    privateKey: PRIVATE_KEY,
    baseUrl: server.url,
    region: 'cn-bj2',
    transport: 'http',
    env: {},
    home: '/nonexistent',
    backoff: { baseMs: 1, capMs: 2 },
    ...extra,
  });
  clients.push(c);
  return c;
}
afterAll(() => clients.forEach((c) => c.close()));

/** A logger that keeps every line and its data. */
function memoryLogger(): Logger & { lines: { level: string; message: string; data?: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; data?: Record<string, unknown> }[] = [];
  const at =
    (level: string) =>
    (message: string, data?: Record<string, unknown>): void =>
      void lines.push({ level, message, data });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

describe('response checking against a local server answering drifted bodies', () => {
  it('finds every kind at depth, through arrays and models, and hands each record to onDrift', async () => {
    const records: DriftRecord[] = [];
    server.play(answer(DRIFTED));
    const data = await client({ validateResponses: 'warn', logLevel: 'silent', hooks: { onDrift: (r) => records.push(r) } }).invoke(DESCRIBE, {});
    expect(records.map((r) => [r.path, r.kind, r.documented, r.received])).toEqual(EXPECTED);
    for (const r of records) {
      expect(r).toMatchObject({ action: 'DescribeUHostInstance', product: 'uhost', doc: 'uhost-api/describe_uhost_instance.md', requestId: 'req-1' });
      expect(Date.parse(r.time)).not.toBeNaN();
    }
    // `warn` returns the response as received.
    expect(data).toEqual({ RetCode: 0, Action: 'DescribeUHostInstanceResponse', ...DRIFTED });
  });

  it('a body that matches, and actions without a documented response (call(), hand-written metas), give nothing', async () => {
    const records: DriftRecord[] = [];
    const c = client({ validateResponses: 'throw', hooks: { onDrift: (r) => records.push(r) } });
    server.play(answer({ TotalCount: 1, UHostSet: [{ UHostId: 'u', DiskSet: [{ Size: 1 }] }] }), answer(DRIFTED), answer(DRIFTED));
    await c.invoke(DESCRIBE, {});
    await c.call('DescribeUHostInstance', {});
    await c.invoke({ ...DESCRIBE, response: undefined }, {});
    expect(records).toEqual([]);
  });

  it('warn: one line per distinct (action, path, kind) per client, naming action, path and both types; undocumented fields not warned', async () => {
    const log = memoryLogger();
    const c = client({ validateResponses: 'warn', logger: log, logLevel: 'warn' });
    server.play(answer(DRIFTED), answer(DRIFTED, 'req-2'), answer(DRIFTED));
    await c.invoke(DESCRIBE, {});
    await c.invoke(DESCRIBE, {});
    const warned = EXPECTED.filter(([, kind]) => kind !== 'undocumented');
    const lines = log.lines.filter((l) => l.level === 'warn');
    expect(lines).toHaveLength(warned.length);
    expect(lines.map((l) => l.data?.path)).toEqual(warned.map(([path]) => path));
    expect(lines[2]?.message).toBe(
      'DescribeUHostInstance: response drift at UHostSet[].State: documented string, received integer (uhost-api/describe_uhost_instance.md, request req-1); reported once per client',
    );
    expect(lines[0]?.message).toMatch(/^DescribeUHostInstance: response drift at TotalCount: required field missing \(documented integer\)/);
    expect(lines[0]?.data).toMatchObject({
      action: 'DescribeUHostInstance',
      product: 'uhost',
      kind: 'required-missing',
      documented: 'integer',
      received: null,
    });
    // Another client warns again: the dedup is per client.
    const log2 = memoryLogger();
    await client({ validateResponses: 'warn', logger: log2 }).invoke(DESCRIBE, {});
    expect(log2.lines.filter((l) => l.level === 'warn')).toHaveLength(warned.length);
  });

  it('warn with no logger and no level writes to stderr (the mode asked for it); an explicit level above warn silences it', async () => {
    const original = console.error;
    const seen: string[] = [];
    console.error = (...args: unknown[]) => void seen.push(args.join(' '));
    try {
      server.play(answer(DRIFTED), answer(DRIFTED));
      await client({ validateResponses: 'warn' }).invoke(DESCRIBE, {});
      expect(seen.some((l) => l.startsWith('scloud-sdk warn DescribeUHostInstance: response drift at UHostSet[].State'))).toBe(true);
      seen.length = 0;
      await client({ validateResponses: 'warn', logLevel: 'error' }).invoke(DESCRIBE, {});
      expect(seen).toEqual([]);
    } finally {
      console.error = original;
    }
  });

  it('throw: ResponseDriftError with the findings and the parsed response, not retried, reported to onError', async () => {
    const errors: unknown[] = [];
    const log = memoryLogger();
    server.play(answer(DRIFTED, 'req-9'), answer(DRIFTED));
    const e = await client({ validateResponses: 'throw', logger: log, hooks: { onError: ({ error }) => errors.push(error) } })
      .invoke(DESCRIBE, {})
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ResponseDriftError);
    const drift = e as ResponseDriftError;
    expect(server.attempts).toBe(1); // an idempotent action, still not retried: the same answer would come back
    expect(errors).toEqual([e]);
    expect(drift.findings.map((f) => [f.path, f.kind, f.documented, f.received])).toEqual(EXPECTED.filter(([, kind]) => kind !== 'undocumented'));
    expect(drift.response).toEqual({ RetCode: 0, Action: 'DescribeUHostInstanceResponse', ...DRIFTED });
    expect(drift).toMatchObject({ action: 'DescribeUHostInstance', requestId: 'req-9', doc: 'uhost-api/describe_uhost_instance.md' });
    expect(drift.message).toMatch(
      /^DescribeUHostInstance: the response does not match the documented shape: TotalCount: required field missing \(documented integer\); Matrix\[\]\[\]: documented integer, received string; .*; and 1 more \(uhost-api\/describe_uhost_instance.md, request req-9\)\. The parsed response is on error.response/,
    );
    // The response is not an own enumerable property: dumping the error does not dump the user's data.
    expect(Object.keys(drift)).not.toContain('response');
    expect(JSON.stringify(drift)).not.toContain('uhost-1');
    expect(inspect(drift, { depth: 10 })).not.toContain('uhost-1');
    expect(log.lines.filter((l) => l.level === 'error').map((l) => l.message)).toEqual([
      expect.stringMatching(
        /^DescribeUHostInstance attempt 1: HTTP 200, RetCode 0, .*: ResponseDriftError: .*failed after 1 attempt\(s\) \(response does not match the documented shape\)$/,
      ),
    ]);
  });

  it('throw: undocumented fields alone do not fail the call', async () => {
    server.play(answer({ TotalCount: 1, Surprise: true }));
    await expect(client({ validateResponses: 'throw' }).invoke(DESCRIBE, {})).resolves.toMatchObject({ Surprise: true });
  });

  it('per call: validateResponses overrides the client setting both ways; env SCLOUD_VALIDATE_RESPONSES in any case; bad values are ConfigErrors', async () => {
    server.play(answer(DRIFTED), answer(DRIFTED), answer(DRIFTED));
    await expect(client().invoke(DESCRIBE, {}, { validateResponses: 'throw' })).rejects.toBeInstanceOf(ResponseDriftError);
    await expect(client({ validateResponses: 'throw' }).invoke(DESCRIBE, {}, { validateResponses: 'off' })).resolves.toBeDefined();
    const fromEnv = client({ env: { SCLOUD_VALIDATE_RESPONSES: 'THROW' } });
    expect(fromEnv.settings.validateResponses).toBe('throw');
    await expect(fromEnv.invoke(DESCRIBE, {})).rejects.toBeInstanceOf(ResponseDriftError);
    expect(client({ env: { SCLOUD_VALIDATE_RESPONSES: '' } }).settings.validateResponses).toBe('off');
    expect(() => client({ env: { SCLOUD_VALIDATE_RESPONSES: 'strict' } })).toThrow(
      /env SCLOUD_VALIDATE_RESPONSES must be 'off', 'warn' or 'throw', got "strict"/,
    );
    expect(() => client({ validateResponses: true as never })).toThrow(ConfigError);
    await expect(client().invoke(DESCRIBE, {}, { validateResponses: 'loud' as never })).rejects.toThrow(/call option `validateResponses` must be/);
  });

  it('an onDrift hook that throws is logged and changes nothing', async () => {
    const log = memoryLogger();
    server.play(answer({ TotalCount: 1, Surprise: 1 }));
    await expect(
      client({
        validateResponses: 'warn',
        logger: log,
        hooks: {
          onDrift: () => {
            throw new Error('hook broke');
          },
        },
      }).invoke(DESCRIBE, {}),
    ).resolves.toBeDefined();
    expect(log.lines.some((l) => l.level === 'warn' && l.message === 'hook onDrift threw (ignored): hook broke')).toBe(true);
  });

  it('a body past MAX_FINDINGS distinct findings is not walked further', () => {
    const body: Record<string, unknown> = {};
    for (let i = 0; i < 500; i++) body[`F${i}`] = i;
    expect(checkResponseShape(body, { f: {} })).toHaveLength(MAX_FINDINGS);
  });
});

describe('SCLOUD_DRIFT_LOG', () => {
  it('appends one JSON line per record, no value, with the record fields, and merges repeats into one line a minute', async () => {
    const file = join(dir, 'drift.jsonl');
    const c = client({ validateResponses: 'warn', logLevel: 'silent', env: { SCLOUD_DRIFT_LOG: file } });
    expect(c.settings.driftLog).toBe(file);
    server.play(answer(DRIFTED, 'req-a'), answer(DRIFTED, 'req-b'));
    await c.invoke(DESCRIBE, {});
    await c.invoke(DESCRIBE, {}); // within the minute: counted, not written yet
    await new Promise((r) => setTimeout(r, 50)); // node:fs is loaded on the first record
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.path, l.kind, l.documented, l.received])).toEqual(EXPECTED);
    expect(Object.keys(lines[0] ?? {})).toEqual(['time', 'action', 'product', 'doc', 'path', 'kind', 'documented', 'received', 'requestId', 'count', 'sdk']);
    expect(lines[0]).toMatchObject({
      action: 'DescribeUHostInstance',
      product: 'uhost',
      doc: 'uhost-api/describe_uhost_instance.md',
      requestId: 'req-a',
      count: 1,
    });
    expect(readFileSync(file, 'utf8')).not.toMatch(/uhost-1|CLOUD_SSD|"40"|Running/);
  });

  it('counts: the first occurrence at once, then one line per key per minute with the occurrences since, the rest at exit', () => {
    const file = join(dir, 'window.jsonl');
    writeFileSync(file, '');
    const w = new DriftLogWriter(file, () => undefined);
    const rec: DriftRecord = {
      time: 't',
      action: 'A',
      product: 'p',
      doc: null,
      path: 'X',
      kind: 'type-mismatch',
      documented: 'integer',
      received: 'string',
      requestId: null,
    };
    const t0 = 1_000_000;
    w.write(rec, t0);
    return new Promise<void>((resolve) => setTimeout(resolve, 50)).then(() => {
      w.write(rec, t0 + 10);
      w.write(rec, t0 + 20);
      w.write(rec, t0 + DRIFT_LOG_WINDOW_MS); // a minute after the last line: 3 occurrences
      w.write(rec, t0 + DRIFT_LOG_WINDOW_MS + 1);
      w.write({ ...rec, received: 'null' }, t0 + DRIFT_LOG_WINDOW_MS + 2); // another received type: its own key
      w.flush(); // what exit writes
      const counts = readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { count: number; received: string })
        .map((l) => `${l.received}:${l.count}`);
      expect(counts).toEqual(['string:1', 'string:3', 'null:1', 'string:1']);
    });
  });

  it('a file that cannot be written: one warn line, the call unaffected', async () => {
    const log = memoryLogger();
    const file = join(dir, 'no-such-dir', 'drift.jsonl');
    server.play(answer(DRIFTED), answer(DRIFTED));
    const c = client({ validateResponses: 'warn', logger: log, env: { SCLOUD_DRIFT_LOG: file } });
    await c.invoke(DESCRIBE, {});
    await new Promise((r) => setTimeout(r, 50));
    await c.invoke(DESCRIBE, {});
    const notes = log.lines.filter((l) => l.message.startsWith('SCLOUD_DRIFT_LOG'));
    expect(notes.map((l) => l.message)).toEqual([`SCLOUD_DRIFT_LOG: cannot append to ${file} (ENOENT); drift records are not written to it`]);
  });

  it('the modules a checked call reaches import no node: built-in statically (node:fs is loaded only for the log)', () => {
    for (const m of ['response-check', 'drift', 'drift-log', 'wire-equivalent', 'validate']) {
      expect(readFileSync(new URL(`../../runtime/${m}.ts`, import.meta.url), 'utf8')).not.toMatch(/^import[^;]*from 'node:/m);
    }
  });
});

describe('no value in any line, record or error (property)', () => {
  /** Every string value carries this mark; names never do. */
  const MARK = '§';
  const names = fc.constantFrom('A', 'B', 'Cc', 'D_1', 'E-2', 'Id');
  const scalarShape = fc.constantFrom<Shape>('s', 'i', 'n', 'b', 'o', 'u');
  const shapeArb: fc.Arbitrary<Shape> = fc.letrec<{ shape: Shape }>((tie) => ({
    shape: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalarShape,
      tie('shape').map((s) => [s] as const),
      fc.dictionary(names, tie('shape'), { maxKeys: 4 }).chain((f) => fc.subarray(Object.keys(f)).map((r) => ({ f, r }))),
    ),
  })).shape;
  const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
    v: fc.oneof(
      { depthSize: 'small' },
      fc.string().map((s) => `${MARK}${s}`),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('v'), { maxLength: 3 }),
      fc.dictionary(
        fc.oneof(
          names,
          fc.string().map((s) => `k${MARK}${s}`),
        ),
        tie('v'),
        { maxKeys: 4 },
      ),
    ),
  })).v;
  /** A body that follows the shape in places and breaks it in others. */
  const bodyFor = (shape: Shape): fc.Arbitrary<unknown> => {
    if (typeof shape === 'string' || Array.isArray(shape)) {
      const inner = Array.isArray(shape) ? fc.array(bodyFor((shape as readonly [Shape])[0]), { maxLength: 3 }) : value;
      return fc.oneof(inner, value);
    }
    const fields = Object.entries((shape as { f: Record<string, Shape> }).f).map(([k, s]) => [k, fc.option(bodyFor(s), { nil: undefined })] as const);
    return fc
      .tuple(
        fc.record(Object.fromEntries(fields)),
        fc.dictionary(
          fc.string().map((s) => `x${MARK}${s}`),
          value,
          { maxKeys: 2 },
        ),
      )
      .map(([a, b]) => ({ ...b, ...a }));
  };
  const arb = fc
    .dictionary(names, shapeArb, { minKeys: 1, maxKeys: 5 })
    .chain((f) => fc.subarray(Object.keys(f)).map((r) => ({ f, r })))
    .chain((shape) => fc.tuple(fc.constant(shape), bodyFor(shape)));
  const TYPES = new Set(['string', 'integer', 'number', 'boolean', 'null', 'array', 'object', 'unknown', null]);

  it('random values at random depths never reach a warn line, its data, a record, the drift log or a ResponseDriftError', async () => {
    const file = join(dir, 'property.jsonl');
    await fc.assert(
      fc.asyncProperty(arb, async ([shape, body]) => {
        const text = JSON.stringify({ ...(body as object), RetCode: 0 });
        const log = memoryLogger();
        const records: DriftRecord[] = [];
        const transport = { send: async () => ({ status: 200, header: () => undefined, body: text }) };
        const meta: ActionMeta = { action: 'Describe', idempotent: true, params: { f: {} }, response: shape, product: 'p', doc: 'p-api/describe.md' };
        const config = {
          publicKey: PUBLIC_KEY,
          privateKey: PRIVATE_KEY,
          env: { SCLOUD_DRIFT_LOG: file },
          home: '/nonexistent',
          transport,
          logger: log,
          logLevel: 'debug' as const,
          hooks: { onDrift: (r: DriftRecord) => records.push(r) },
        };
        await new Client({ ...config, validateResponses: 'warn' }).invoke(meta, {});
        const thrown = await new Client({ ...config, validateResponses: 'throw' }).invoke(meta, {}).then(
          () => undefined,
          (e: unknown) => e,
        );
        const texts = [
          ...log.lines.filter((l) => l.level === 'warn').map((l) => `${l.message} ${JSON.stringify(l.data)}`),
          ...records.map((r) => JSON.stringify(r)),
        ];
        if (thrown !== undefined) {
          expect(thrown).toBeInstanceOf(ResponseDriftError);
          texts.push((thrown as Error).message, JSON.stringify(thrown), inspect(thrown, { depth: 10 }), String(thrown));
          expect((thrown as ResponseDriftError).response).toEqual(JSON.parse(text));
        }
        for (const t of texts) expect(t).not.toContain(MARK);
        for (const r of records) {
          expect(TYPES.has(r.documented) && TYPES.has(r.received)).toBe(true);
          expect(r.path).toMatch(/^[A-Za-z_*][\w*-]*(?:\[\])*(?:\.[A-Za-z_*][\w*-]*(?:\[\])*)*$/);
        }
      }),
      { numRuns: 150 },
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(readFileSync(file, 'utf8')).not.toContain(MARK);
  });
});
