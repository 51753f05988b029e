/**
 * One action -> the IR of `<product>/<Action>.ts`: request and response interfaces (with named nested
 * interfaces), the exported meta const, the async function and, for Offset/Limit + TotalCount pages with
 * one array field, a `paginate<Action>` async iterator.
 */
import type { ActionSpec, Field, Waiter } from '../spec/model.js';
import { usableWaiters } from '../spec/waiters.js';
import type { EmitContext } from './context.js';
import { buildDoc, type DocIR } from './jsdoc.js';
import { camelCase, NameRegistry, propertyName } from './names.js';
import { jsString, type Lit } from './layout.js';
import { requestShape } from '../spec/shape.js';
import { responseCheckEntries, shapeLit } from './shape.js';
import { fieldsToProps, type InterfaceIR, type TypeScope } from './types.js';

/** Request params the client can fill from its defaults: optional in the type, checked at run time. */
export const CLIENT_DEFAULTS: ReadonlySet<string> = new Set(['Region', 'Zone', 'ProjectId']);

export interface ParamIR {
  name: string;
  type: string;
  optional: boolean;
}

export interface FunctionIR {
  name: string;
  /** On the first overload when there are overloads, else on the function. */
  docs: DocIR;
  isAsync: boolean;
  params: ParamIR[];
  returnType: string;
  /** The body is `return callee(args);`. */
  call: { callee: string; args: string[] };
  /** Overload signatures printed before the implementation (whose params and return type are the ones above). */
  overloads?: { params: ParamIR[]; returnType: string; docs: DocIR }[];
}

/** An exported const of the file besides the meta (a waiter definition). */
export interface ConstIR {
  name: string;
  type: string;
  docs: DocIR;
  value: Lit;
}

export interface ActionFileIR {
  path: string;
  source: string;
  runtimeTypes: string[];
  runtimeValues: string[];
  modelImports: string[];
  interfaces: InterfaceIR[];
  meta: { name: string; docs: DocIR; value: Lit };
  /** Waiter definitions, printed after the meta. */
  consts: ConstIR[];
  functions: FunctionIR[];
  /** Names for the product index. */
  exportedValues: string[];
  exportedTypes: string[];
}

/** Names an action claims in its product (so models never take them). */
export function actionNames(action: string): string[] {
  return [`${action}Request`, `${action}Response`];
}

export function emitAction(spec: ActionSpec, modelNames: Map<string, string>, ctx: EmitContext): ActionFileIR {
  const file = `${spec.product}/${spec.action}.ts`;
  const registry = new NameRegistry();
  const usedModels = new Set<string>();
  const scope: TypeScope = {
    nested: [],
    claim: (w) => registry.claim(w),
    modelName: (n) => {
      const ts = modelNames.get(n);
      if (ts !== undefined) usedModels.add(ts);
      return ts;
    },
    warn: (code, message) => ctx.warn(spec.source, code, `${spec.action}: ${message}`),
  };
  const reqName = registry.claim(`${spec.action}Request`);
  const resName = registry.claim(`${spec.action}Response`);
  const fn = camelCase(spec.action);
  const metaName = `${fn}Meta`;
  const see = spec.docUrl;
  const deprecated = spec.status?.includes('deprecated') === true;
  const reqProps = fieldsToProps(spec.request, reqName, scope, { optionalNames: CLIENT_DEFAULTS });
  const reqNested = scope.nested.splice(0);
  const resProps = fieldsToProps(spec.response, resName, scope, {});
  const resNested = scope.nested.splice(0);
  const request: InterfaceIR = {
    name: reqName,
    docs: buildDoc({ description: `Request parameters of ${spec.action}: ${spec.title}`, see }),
    props: reqProps,
  };
  const response: InterfaceIR = {
    name: resName,
    docs: buildDoc({ description: `Response of ${spec.action}: ${spec.title}`, see }),
    props: resProps,
  };
  const paramsOptional = reqProps.every((p) => p.optional);
  const client = { name: 'client', type: 'Client', optional: false };
  const params = { name: 'params', type: reqName, optional: paramsOptional };
  const functions: FunctionIR[] = [
    {
      name: fn,
      isAsync: true,
      docs: buildDoc({
        title: spec.title,
        description: spec.summary,
        deprecated,
        see,
        params: [
          { name: 'client', text: 'the configured Client (credentials, region defaults, retries)' },
          { name: 'params', text: `request parameters, see {@link ${reqName}}` },
          { name: 'options', text: 'per-call options (timeout, abort signal, retries)' },
        ],
        returns: `the parsed response, see {@link ${resName}}`,
      }),
      params: [client, params, { name: 'options', type: 'CallOptions | RawCallOptions', optional: true }],
      returnType: 'Promise<unknown>',
      call: { callee: `client.invoke<${resName}>`, args: [metaName, 'params', 'options'] },
      overloads: [
        { params: [client, params, { name: 'options', type: 'CallOptions', optional: true }], returnType: `Promise<${resName}>`, docs: { description: '', tags: [] } },
        {
          // A required option cannot follow an optional param: `params` is then `Req | undefined`.
          params: [client, paramsOptional ? { ...params, type: `${reqName} | undefined`, optional: false } : params, { name: 'options', type: 'RawCallOptions', optional: false }],
          returnType: `Promise<WithResponse<${resName}>>`,
          docs: buildDoc({ description: `${spec.action} with \`{ withResponse: true }\`: the parsed response as \`data\`, beside \`response\` (HTTP status, headers, request id, attempts).`, deprecated, see }),
        },
        // Either options, when the caller does not know which (the class facade passes its own options on).
        { params: [client, params, { name: 'options', type: 'CallOptions | RawCallOptions', optional: true }], returnType: `Promise<${resName} | WithResponse<${resName}>>`, docs: { description: '', tags: [] } },
      ],
    },
  ];
  functions[0]!.overloads![0]!.docs = functions[0]!.docs;
  const runtimeValues: string[] = [];
  const pager = paginationOf(spec);
  if (pager !== undefined) {
    const itemsType = elementType(resProps.find((p) => p.name === propertyName(pager.items.name))?.type ?? 'unknown[]');
    const pageParams = `Omit<${reqName}, 'Offset'>`;
    functions.push({
      name: `paginate${spec.action}`,
      isAsync: false,
      docs: buildDoc({
        title: `Every item of ${spec.action}'s \`${pager.items.name}\`, page by page (Offset/Limit, until TotalCount).`,
        deprecated,
        see,
        params: [
          { name: 'client', text: 'the configured Client' },
          { name: 'params', text: 'request parameters without Offset; Limit sets the page size' },
          { name: 'options', text: 'per-call options, applied to every page request' },
        ],
        returns: 'an async iterator over the items of every page',
      }),
      params: [
        { name: 'client', type: 'Client', optional: false },
        { name: 'params', type: pageParams, optional: paramsOptional },
        { name: 'options', type: 'CallOptions', optional: true },
      ],
      returnType: `AsyncIterableIterator<${itemsType}>`,
      call: { callee: `paginate<${itemsType}>`, args: ['client', metaName, 'params', jsString(pager.items.name), 'options'] },
    });
    runtimeValues.push('paginate');
  }
  const consts: ConstIR[] = [];
  const runtimeTypes = ['ActionMeta', 'CallOptions', 'Client', 'RawCallOptions', 'WithResponse'];
  for (const w of usableWaiters(spec)) {
    const constName = `${camelCase(w.name)}Waiter`;
    consts.push(waiterConst(constName, w, metaName, resName, spec.action));
    functions.push({
      name: `waitUntil${w.name}`,
      isAsync: false,
      docs: buildDoc({
        title: w.description ?? `Waits until ${spec.action} reports \`${w.state}\` as ${w.success.map((v) => `\`${v}\``).join(' or ')}.`,
        notes: [
          `Polls ${spec.action} with \`params\`, backing off between ${w.delays?.minDelayMs ?? 2000} and ${w.delays?.maxDelayMs ?? 20000} ms, for at most ${w.delays?.maxWaitMs ?? 600000} ms (\`options\` override these).` +
            `${w.failure !== undefined && w.failure.length > 0 ? ` Ends with WaiterFailedError on ${w.failure.map((v) => `\`${v}\``).join(', ')}` : ''}` +
            `${w.fatalRetCodes !== undefined && w.fatalRetCodes.length > 0 ? `${w.failure?.length ? ',' : ' Ends'} at once on RetCode ${w.fatalRetCodes.join(', ')}` : ''}` +
            `${(w.failure?.length ?? 0) + (w.fatalRetCodes?.length ?? 0) > 0 ? ';' : ''} on the deadline with WaiterTimeoutError (the last state seen).`,
        ],
        see,
        params: [
          { name: 'client', text: 'the configured Client' },
          { name: 'params', text: `request parameters of each poll, see {@link ${reqName}}` },
          { name: 'options', text: 'delays, overall limit, abort signal, per-poll timeout and retries' },
        ],
        returns: 'the response that reported the state, with the state and the number of polls',
      }),
      params: [client, params, { name: 'options', type: 'WaitOptions', optional: true }],
      returnType: `Promise<WaiterResult<${resName}>>`,
      call: { callee: 'waitFor', args: ['client', constName, 'params', 'options'] },
    });
  }
  if (consts.length > 0) {
    runtimeTypes.push('WaiterDefinition', 'WaiterResult', 'WaitOptions');
    runtimeValues.push('waitFor');
  }
  const interfaces = [request, ...reqNested, response, ...resNested, ...scope.nested];
  return {
    path: file,
    source: spec.source,
    runtimeTypes: runtimeTypes.sort(),
    runtimeValues: runtimeValues.sort(),
    modelImports: [...usedModels].sort(),
    interfaces,
    meta: {
      name: metaName,
      docs: buildDoc({ description: `Wire metadata of ${spec.action} (param and response shapes for validation, retry safety).` }),
      value: {
        obj: [
          ['action', { raw: jsString(spec.action) }],
          ['idempotent', { raw: spec.idempotent ? 'true' : 'false' }],
          ['params', shapeLit(requestShape(spec))],
          ...responseCheckEntries(spec),
        ],
      },
    },
    consts,
    functions,
    exportedValues: [metaName, ...consts.map((c) => c.name), ...functions.map((f) => f.name)],
    exportedTypes: interfaces.map((i) => i.name),
  };
}

/** A waiter's definition as a literal: the shape runtime/waiter.ts's `WaiterDefinition` takes. */
function waiterConst(name: string, w: Waiter, metaName: string, resName: string, action: string): ConstIR {
  const strings = (xs: readonly string[]): Lit => ({ arr: xs.map((x) => ({ raw: jsString(x) })) });
  const obj: [string, Lit][] = [
    ['name', { raw: jsString(w.name) }],
    ['meta', { raw: metaName }],
    ['state', { raw: jsString(w.state) }],
    ['success', strings(w.success)],
  ];
  if (w.failure !== undefined && w.failure.length > 0) obj.push(['failure', strings(w.failure)]);
  if (w.fatalRetCodes !== undefined && w.fatalRetCodes.length > 0) obj.push(['fatalRetCodes', { arr: w.fatalRetCodes.map((c) => ({ raw: String(c) })) }]);
  const delays = (['minDelayMs', 'maxDelayMs', 'maxWaitMs'] as const).filter((k) => w.delays?.[k] !== undefined).map((k): [string, Lit] => [k, { raw: String(w.delays![k]) }]);
  if (delays.length > 0) obj.push(['delays', { obj: delays }]);
  return { name, type: `WaiterDefinition<${resName}>`, docs: buildDoc({ description: `Waiter ${w.name}: polls ${action} until \`${w.state}\` is ${w.success.join(' or ')}.` }), value: { obj } };
}

/** Offset + Limit request params, TotalCount and exactly one array in the response. */
export function paginationOf(spec: ActionSpec): { items: Field } | undefined {
  const numeric = (f: Field | undefined): boolean => f !== undefined && (f.type === 'integer' || f.type === 'number');
  const req = new Map(spec.request.map((f) => [f.name, f] as const));
  const res = new Map(spec.response.map((f) => [f.name, f] as const));
  if (!numeric(req.get('Offset')) || !numeric(req.get('Limit')) || !numeric(res.get('TotalCount'))) return undefined;
  const arrays = spec.response.filter((f) => f.type === 'array');
  return arrays.length === 1 ? { items: arrays[0]! } : undefined;
}

/** `X[]` -> `X`, `Array<X>` -> `X`. */
function elementType(arrayType: string): string {
  if (arrayType.endsWith('[]')) return arrayType.slice(0, -2);
  const m = /^Array<(.*)>$/s.exec(arrayType);
  return m?.[1] ?? 'unknown';
}
