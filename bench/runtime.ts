/**
 * Runtime benchmark: sign+encode cost per request, and requests/s against a loopback server (in a worker thread,
 * so it does not share the client's event loop) for our client on each transport and two bare baselines,
 * all in the same run. Bounded: every measurement stops at MAX_REQUESTS or MAX_MS.
 */
import { Agent, request } from 'node:http';
import { Worker } from 'node:worker_threads';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions } from 'esbuild';

/**
 * The runtime as it ships: compiled to plain ES2022 (tsx, which runs this file, would add its keepNames
 * wrappers to every closure of the hot path and measure something nobody runs). Its dependencies stay
 * packages, as in an install (undici is CommonJS and cannot be inlined into an ESM bundle as it is).
 */
const BUILD_DIR = mkdtempSync(join(tmpdir(), 'scloud-bench-'));
const RUNTIME_FILE = join(BUILD_DIR, 'runtime.mjs');

async function loadCompiledRuntime(): Promise<typeof import('../runtime/index.js')> {
  await build({
    entryPoints: [new URL('../runtime/index.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'es2022',
    outfile: RUNTIME_FILE,
    external: ['node-fetch', 'undici'],
    logLevel: 'error',
  });
  // The bundle imports its dependencies by name: resolve them from this project's node_modules.
  symlinkSync(new URL('../node_modules', import.meta.url).pathname, join(BUILD_DIR, 'node_modules'));
  return (await import(pathToFileURL(RUNTIME_FILE).href)) as typeof import('../runtime/index.js');
}

const { Client, flattenParams, signAndEncode } = await loadCompiledRuntime();

const PUBLIC_KEY = 'ucloudsomeone@example.com1296235120854146120';
const PRIVATE_KEY = '46f09bb9fab4f12dfc160dae12273d5332b5debe';
const MAX_REQUESTS = 40_000;
const MAX_MS = 400;
const ROUNDS = 7;

/** 15 wire params, a realistic CreateUHostInstance. */
const PARAMS = {
  Region: 'cn-bj2',
  Zone: 'cn-bj2-04',
  ImageId: 'f43736e1-65a5-4bea-ad2e-8a46e18883c2',
  CPU: 2,
  Memory: 2048,
  LoginMode: 'Password',
  Password: 'VUNsb3VkLmNu',
  Name: 'Host01',
  ChargeType: 'Month',
  Quantity: 1,
  Disks: [{ IsBoot: true, Type: 'CLOUD_SSD', Size: 40 }],
  NetCapability: 'Normal',
};

/** Exactly what the client does per call: flatten, add Action/PublicKey, sign, form-encode. */
function signEncode(): string {
  const flat = flattenParams(PARAMS);
  flat.Action = 'CreateUHostInstance';
  flat.PublicKey = PUBLIC_KEY;
  return signAndEncode(flat, PRIVATE_KEY);
}

export function benchSignOnly(): void {
  benchSign();
}

function benchSign(): void {
  const n = Object.keys(flattenParams(PARAMS)).length + 2; // + Action, PublicKey (Signature is the output)
  for (let i = 0; i < 20_000; i++) signEncode();
  const results: number[] = [];
  for (let round = 0; round < 5; round++) {
    const iterations = 50_000;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) signEncode();
    results.push(Number(process.hrtime.bigint() - t0) / 1e3 / iterations);
  }
  results.sort((a, b) => a - b);
  console.log(`sign+encode, ${n} wire params: median ${results[2]?.toFixed(2)} µs/request (best ${results[0]?.toFixed(2)}; target < 6)`);
}

const SERVER = `
const { createServer } = require('node:http');
const { parentPort } = require('node:worker_threads');
const body = JSON.stringify({ RetCode: 0, Action: 'CreateUHostInstanceResponse', UHostIds: ['uhost-bench'] });
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 30000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
`;

type Send = () => Promise<unknown>;

/** The loopback server in a worker thread, so it does not share the client's event loop. */
async function startServer(): Promise<{ worker: Worker; url: string }> {
  const worker = new Worker(SERVER, { eval: true });
  const port = await new Promise<number>((resolve) => worker.once('message', resolve));
  return { worker, url: `http://127.0.0.1:${port}/` };
}

function median(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
}

async function measure(send: Send, concurrency: number): Promise<number> {
  let done = 0;
  let started = 0;
  const t0 = performance.now();
  const deadline = t0 + MAX_MS;
  const loop = async (): Promise<void> => {
    while (started < MAX_REQUESTS && performance.now() < deadline) {
      started++;
      await send();
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return done / ((performance.now() - t0) / 1000);
}

function bareNodeHttp(url: string, body: string): { send: Send; close(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const u = new URL(url);
  const send: Send = () =>
    new Promise((resolve, reject) => {
      const buf = Buffer.from(body);
      const req = request(
        {
          host: u.hostname,
          port: u.port,
          path: '/',
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': buf.length },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(buf);
    });
  return { send, close: () => agent.destroy() };
}

function bareFetch(url: string, body: string): Send {
  return async () => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    return JSON.parse(await res.text());
  };
}

async function benchLoopback(): Promise<void> {
  const { worker, url } = await startServer();
  const body = signEncode();
  const config = { publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY, baseUrl: url, env: {}, home: '/nonexistent', maxRetries: 0 };
  const undiciClient = new Client({ ...config, transport: 'undici' });
  const httpClient = new Client({ ...config, transport: 'http' });
  const fetchClient = new Client({ ...config, transport: 'fetch' });
  const bare = bareNodeHttp(url, body);
  const peers: [string, Send][] = [
    ['bare node:http keep-alive', bare.send],
    ['client, undici transport (default)', () => undiciClient.call('CreateUHostInstance', PARAMS)],
    ['client, http transport', () => httpClient.call('CreateUHostInstance', PARAMS)],
    ['bare fetch', bareFetch(url, body)],
    ['client, fetch transport', () => fetchClient.call('CreateUHostInstance', PARAMS)],
  ];
  try {
    for (const concurrency of [1, 50]) {
      const rates = new Map<string, number[]>(peers.map(([name]) => [name, []]));
      for (const [, send] of peers) await measure(send, concurrency); // warm-up
      for (let round = 0; round < ROUNDS; round++) {
        for (const [name, send] of peers) rates.get(name)?.push(await measure(send, concurrency));
      }
      // The machine is shared: compare each peer with the bare node:http run of the same round, then take medians.
      const bare = rates.get('bare node:http keep-alive') ?? [];
      for (const [name, xs] of rates) {
        const ratios = xs.map((x, i) => x / (bare[i] ?? x));
        console.log(
          `concurrency ${String(concurrency).padStart(2)}  ${name.padEnd(36)} ${Math.round(median(xs)).toString().padStart(6)} req/s  ${(median(ratios) * 100).toFixed(0).padStart(3)} % of bare node:http (median of ${ROUNDS} paired rounds)`,
        );
      }
    }
  } finally {
    undiciClient.close();
    httpClient.close();
    fetchClient.close();
    bare.close();
    await worker.terminate();
  }
}

/**
 * Whole client.call() CPU cost without any network: a transport that answers at once, 50 calls in flight. Without
 * OpenTelemetry (what every user without a tracer provider pays), then with the OpenTelemetry SDK registered
 * (a span per call, the in-memory exporter emptied after each round).
 */
async function benchClientOverhead(): Promise<void> {
  console.log(
    `client.call() overhead without network (sign, encode, validate, timers, parse), no tracer provider: median ${(await clientOverhead()).toFixed(2)} µs/call`,
  );
  const api = await import('@opentelemetry/api');
  const { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
  const exporter = new InMemorySpanExporter();
  api.trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  try {
    console.log(
      `client.call() overhead, OpenTelemetry SDK registered (one span per call): median ${(await clientOverhead(() => exporter.reset())).toFixed(2)} µs/call`,
    );
  } finally {
    api.trace.disable();
  }
}

async function clientOverhead(afterRound = (): void => undefined): Promise<number> {
  const resp = { status: 200, header: () => undefined, body: '{"RetCode":0,"Action":"CreateUHostInstanceResponse","UHostIds":["uhost-bench"]}' };
  const client = new Client({ publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY, env: {}, home: '/nonexistent', transport: { send: async () => resp } });
  const results: number[] = [];
  for (let round = 0; round < 6; round++) {
    const n = 50_000;
    const t0 = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        for (let i = 0; i < n / 50; i++) await client.call('CreateUHostInstance', PARAMS);
      }),
    );
    if (round > 0) results.push(Number(process.hrtime.bigint() - t0) / 1e3 / n);
    afterRound();
  }
  return median(results);
}

/**
 * Bytes a user's bundle gets for `Client` and one action (esbuild, minified, ES module), for Node and for a Worker
 * (the `workerd`/`worker` conditions; from generated/ as it stands, so run `npm run generate` first).
 */
async function benchBundleSize(): Promise<void> {
  const line: string[] = [];
  const targets: [string, BuildOptions][] = [
    ['node', { platform: 'node' }],
    ['worker', { platform: 'neutral', conditions: ['workerd', 'worker'] }],
  ];
  for (const [target, options] of targets) {
    const out = await build({
      stdin: {
        contents: "export { Client } from './generated/index.ts'; export { createCustomImage } from './generated/uhost/index.ts';",
        resolveDir: new URL('..', import.meta.url).pathname,
        loader: 'ts',
      },
      bundle: true,
      minify: true,
      format: 'esm',
      write: false,
      external: ['undici', 'node-fetch'],
      logLevel: 'error',
      ...options,
    });
    const code = out.outputFiles?.[0]?.contents ?? new Uint8Array();
    line.push(`${target} ${(code.length / 1024).toFixed(1)} KiB (gzip ${(gzipSync(code, { level: 9 }).length / 1024).toFixed(1)} KiB)`);
  }
  console.log(`bundle of Client + one action (createCustomImage), esbuild --minify: ${line.join(', ')}`);
}

/** A DescribeUHostInstance-like answer: 20 hosts with disks and IPs (about 10 KB), and its documented shape. */
const HOSTS_SHAPE = {
  f: {
    TotalCount: 'i',
    UHostSet: [
      {
        f: {
          UHostId: 's',
          Name: 's',
          Zone: 's',
          State: 's',
          CPU: 'i',
          Memory: 'i',
          GPU: 'i',
          ImageId: 's',
          OsType: 's',
          ChargeType: 's',
          CreateTime: 'i',
          ExpireTime: 'i',
          AutoRenew: 's',
          Tag: 's',
          Remark: 's',
          NetCapability: 's',
          HotplugFeature: 'b',
          DiskSet: [{ f: { DiskId: 's', Type: 's', Size: 'i', IsBoot: 's', Encrypted: 'b', BackupType: 's' }, r: ['DiskId'] }],
          IPSet: [{ f: { IP: 's', Type: 's', IPId: 's', Bandwidth: 'i', Default: 's', VPCId: 's', SubnetId: 's' } }],
        },
        r: ['UHostId'],
      },
    ],
  },
  r: ['TotalCount'],
} as const;
const HOST = {
  UHostId: 'uhost-abcdef12',
  Name: 'web-01',
  Zone: 'cn-bj2-04',
  State: 'Running',
  CPU: 4,
  Memory: 8192,
  GPU: 0,
  ImageId: 'uimage-xyz',
  OsType: 'Linux',
  ChargeType: 'Month',
  CreateTime: 1700000000,
  ExpireTime: 1710000000,
  AutoRenew: 'Yes',
  Tag: 'Default',
  Remark: '',
  NetCapability: 'Normal',
  HotplugFeature: true,
  DiskSet: [
    { DiskId: 'bsi-1', Type: 'CLOUD_SSD', Size: 40, IsBoot: 'True', Encrypted: false, BackupType: 'NONE' },
    { DiskId: 'bs-2', Type: 'CLOUD_RSSD', Size: 100, IsBoot: 'False', Encrypted: false, BackupType: 'NONE' },
  ],
  IPSet: [
    { IP: '10.9.1.1', Type: 'Private', IPId: '', Bandwidth: 0, Default: 'true', VPCId: 'uvnet-1', SubnetId: 'subnet-1' },
    { IP: '106.75.1.1', Type: 'BGP', IPId: 'eip-1', Bandwidth: 2, Default: 'true', VPCId: '', SubnetId: '' },
  ],
};
const hostsBody = (drift: boolean): string =>
  JSON.stringify({
    RetCode: 0,
    Action: 'DescribeUHostInstanceResponse',
    TotalCount: 20,
    UHostSet: Array.from({ length: 20 }, () => (drift ? { ...HOST, State: 3, Extra: 'x' } : HOST)),
  });

/**
 * Response checking's cost per call: the same client.invoke() of a 20-host answer with validateResponses 'off',
 * 'warn' (a body that matches) and 'warn' on a drifted body (every host: a type mismatch and an undocumented field;
 * lines are deduped, records still made), in alternating rounds, each paired with the 'off' round before it.
 */
async function benchResponseCheck(): Promise<void> {
  const meta: import('../runtime/index.js').ActionMeta = {
    action: 'DescribeUHostInstance',
    idempotent: true,
    params: { f: { Limit: 'i' } },
    product: 'uhost',
    doc: 'uhost-api/describe_uhost_instance.md',
    response: HOSTS_SHAPE,
  };
  const clientFor = (body: string): InstanceType<typeof Client> =>
    new Client({
      publicKey: PUBLIC_KEY,
      privateKey: PRIVATE_KEY,
      env: {},
      home: '/nonexistent',
      logLevel: 'silent',
      transport: { send: async () => ({ status: 200, header: () => undefined, body }) },
    });
  const clean = clientFor(hostsBody(false));
  const drifted = clientFor(hostsBody(true));
  const cases: [string, () => Promise<unknown>][] = [
    ['off', () => clean.invoke(meta, { Limit: 20 })],
    ['warn, body matches', () => clean.invoke(meta, { Limit: 20 }, { validateResponses: 'warn' })],
    ['warn, drifted body', () => drifted.invoke(meta, { Limit: 20 }, { validateResponses: 'warn' })],
  ];
  const perCall = async (call: () => Promise<unknown>): Promise<number> => {
    const n = 4_000;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await call();
    return Number(process.hrtime.bigint() - t0) / 1e3 / n;
  };
  for (const [, call] of cases) await perCall(call); // warm-up
  const times = new Map<string, number[]>(cases.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) for (const [name, call] of cases) times.get(name)?.push(await perCall(call));
  const off = times.get('off') ?? [];
  for (const [name, xs] of times) {
    const ratios = xs.map((x, i) => x / (off[i] ?? x));
    console.log(
      `response check, 20-host answer (~${Math.round(hostsBody(false).length / 1024)} KB), ${name.padEnd(20)} median ${median(xs).toFixed(2)} µs/call  ${median(ratios).toFixed(2)}x off (median of ${ROUNDS} paired rounds)`,
    );
  }
}

/**
 * A short script's view: a fresh process that imports the runtime and makes one call. undici is loaded on the
 * first request, so this is where its load time shows.
 */
async function benchFirstCall(): Promise<void> {
  const { worker, url } = await startServer();
  const script = (transport: string): string => `
    const t0 = performance.now();
    const { Client } = await import(${JSON.stringify(pathToFileURL(RUNTIME_FILE).href)});
    const c = new Client({ publicKey: 'pk', privateKey: 'sk', baseUrl: '${url}', env: {}, home: '/nonexistent', transport: '${transport}' });
    await c.call('DescribeX');
    console.log(performance.now() - t0);
    c.close();`;
  try {
    const line: string[] = [];
    for (const transport of ['undici', 'http', 'fetch']) {
      const ms: number[] = [];
      for (let i = 0; i < 7; i++) ms.push(Number(execFileSync(process.execPath, ['--input-type=module', '-e', script(transport)], { encoding: 'utf8' })));
      line.push(`${transport} ${median(ms).toFixed(0)} ms`);
    }
    console.log(`fresh process, import + first call (median of 7): ${line.join(', ')}`);
  } finally {
    await worker.terminate();
  }
}

export async function run(): Promise<void> {
  try {
    benchSign();
    await benchBundleSize();
    await benchClientOverhead();
    await benchResponseCheck();
    await benchFirstCall();
    await benchLoopback();
  } finally {
    rmSync(BUILD_DIR, { recursive: true, force: true });
  }
}
