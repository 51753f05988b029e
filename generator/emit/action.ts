/**
 * One action -> the IR of `<product>/<Action>.ts`: request and response interfaces (with named nested
 * interfaces), the exported meta const, the async function and, for Offset/Limit + TotalCount pages with
 * one array field, a `paginate<Action>` async iterator.
 */
import type { ActionSpec, Field, Waiter } from '../spec/model.js';
import { usableWaiters } from '../spec/waiters.js';
import type { EmitContext } from './context.js';
import { buildDoc, type DocIR } from './jsdoc.js';
import { camelCase, NameRegistry, propertyName } from './identifiers.js';
import { jsString, type Lit } from './layout.js';
import { requestShape } from '../spec/shape.js';
import { responseCheckEntries, shapeLit } from './shape-literal.js';
import { fieldsToProps, listNames, type InterfaceIR, type TypeScope } from './type-text.js';

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
  /** Runtime values the file calls, each imported from the module that defines it (runtime/<module>), not the index. */
  runtimeValues: { name: string; module: string }[];
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

/** What the parts of an action's file refer to each other by. */
interface ActionNames {
  spec: ActionSpec;
  /** Request and response interface names, the function's and its meta const's. */
  req: string;
  res: string;
  fn: string;
  meta: string;
  see: string;
  deprecated: boolean;
  /** Whether every request param is optional (then `params` may be left out). */
  paramsOptional: boolean;
}

const CLIENT_PARAM: ParamIR = { name: 'client', type: 'Client', optional: false };

export function emitAction(spec: ActionSpec, modelNames: Map<string, string>, ctx: EmitContext): ActionFileIR {
  const registry = new NameRegistry();
  const usedModels = new Set<string>();
  const scope: TypeScope = {
    nested: [],
    claim: (w) => registry.claim(w),
    taken: (n) => registry.has(n),
    modelName: (n) => {
      const ts = modelNames.get(n);
      if (ts !== undefined) usedModels.add(ts);
      return ts;
    },
    warn: (code, message) => ctx.warn(spec.source, code, `${spec.action}: ${message}`),
  };
  const req = registry.claim(`${spec.action}Request`);
  const res = registry.claim(`${spec.action}Response`);
  const reqProps = fieldsToProps(spec.request, req, scope, { optionalNames: CLIENT_DEFAULTS });
  const reqNested = scope.nested.splice(0);
  const resProps = fieldsToProps(spec.response, res, scope, {});
  const resNested = scope.nested.splice(0);
  const fn = camelCase(spec.action);
  const names: ActionNames = {
    spec,
    req,
    res,
    fn,
    meta: `${fn}Meta`,
    see: spec.docUrl,
    deprecated: spec.status?.includes('deprecated') === true,
    paramsOptional: reqProps.every((p) => p.optional),
  };
  const request: InterfaceIR = {
    name: req,
    docs: buildDoc({ description: `Request parameters of ${spec.action}: ${spec.title}`, see: names.see }),
    props: reqProps,
  };
  const response: InterfaceIR = { name: res, docs: buildDoc({ description: `Response of ${spec.action}: ${spec.title}`, see: names.see }), props: resProps };
  const functions: FunctionIR[] = [callFunction(names)];
  const runtimeValues: ActionFileIR['runtimeValues'] = [];
  const runtimeTypes = ['ActionMeta', 'CallOptions', 'Client', 'RawCallOptions', 'WithResponse'];
  const pager = paginator(names, resProps);
  if (pager !== undefined) {
    functions.push(pager);
    runtimeValues.push({ name: 'paginate', module: 'paginate.js' });
  }
  const consts: ConstIR[] = [];
  for (const w of usableWaiters(spec)) {
    const constName = `${camelCase(w.name)}Waiter`;
    consts.push(waiterConst(constName, w, names.meta, res, spec.action));
    functions.push(waiterFunction(names, w, constName));
  }
  if (consts.length > 0) {
    runtimeTypes.push('WaiterDefinition', 'WaiterResult', 'WaitOptions');
    runtimeValues.push({ name: 'waitFor', module: 'waiter.js' });
  }
  const interfaces = [request, ...reqNested, response, ...resNested, ...scope.nested];
  return {
    path: `${spec.product}/${spec.action}.ts`,
    source: spec.source,
    runtimeTypes: runtimeTypes.sort(),
    runtimeValues,
    modelImports: [...usedModels].sort(),
    interfaces,
    meta: metaConst(names),
    consts,
    functions,
    exportedValues: [names.meta, ...consts.map((c) => c.name), ...functions.map((f) => f.name), ...listNames(interfaces)],
    exportedTypes: interfaces.map((i) => i.name),
  };
}

/** The exported meta const: what the runtime validates params and responses against, and whether a call may be retried. */
function metaConst({ spec, meta }: ActionNames): ActionFileIR['meta'] {
  return {
    name: meta,
    docs: buildDoc({ description: `Wire metadata of ${spec.action} (param and response shapes for validation, retry safety).` }),
    value: {
      obj: [
        ['action', { raw: jsString(spec.action) }],
        ['idempotent', { raw: spec.idempotent ? 'true' : 'false' }],
        ['params', shapeLit(requestShape(spec))],
        ...responseCheckEntries(spec),
      ],
    },
  };
}

/**
 * The action's async function, with its overloads: plain options give the response; `{ withResponse: true }` gives it
 * beside the HTTP details; either, for callers that pass options on (the class facade).
 */
function callFunction(n: ActionNames): FunctionIR {
  const params: ParamIR = { name: 'params', type: n.req, optional: n.paramsOptional };
  const docs = buildDoc({
    title: n.spec.title,
    description: n.spec.summary,
    deprecated: n.deprecated,
    see: n.see,
    params: [
      { name: 'client', text: 'the configured Client (credentials, region defaults, retries)' },
      { name: 'params', text: `request parameters, see {@link ${n.req}}` },
      { name: 'options', text: 'per-call options (timeout, abort signal, retries)' },
    ],
    returns: `the parsed response, see {@link ${n.res}}`,
  });
  const none: DocIR = { description: '', tags: [] };
  return {
    name: n.fn,
    isAsync: true,
    docs,
    params: [CLIENT_PARAM, params, { name: 'options', type: 'CallOptions | RawCallOptions', optional: true }],
    returnType: 'Promise<unknown>',
    call: { callee: `client.invoke<${n.res}>`, args: [n.meta, 'params', 'options'] },
    overloads: [
      { params: [CLIENT_PARAM, params, { name: 'options', type: 'CallOptions', optional: true }], returnType: `Promise<${n.res}>`, docs },
      {
        // A required option cannot follow an optional param: `params` is then `Req | undefined`.
        params: [
          CLIENT_PARAM,
          n.paramsOptional ? { ...params, type: `${n.req} | undefined`, optional: false } : params,
          { name: 'options', type: 'RawCallOptions', optional: false },
        ],
        returnType: `Promise<WithResponse<${n.res}>>`,
        docs: buildDoc({
          description: `${n.spec.action} with \`{ withResponse: true }\`: the parsed response as \`data\`, beside \`response\` (HTTP status, headers, request id, attempts).`,
          deprecated: n.deprecated,
          see: n.see,
        }),
      },
      // Either options, when the caller does not know which (the class facade passes its own options on).
      {
        params: [CLIENT_PARAM, params, { name: 'options', type: 'CallOptions | RawCallOptions', optional: true }],
        returnType: `Promise<${n.res} | WithResponse<${n.res}>>`,
        docs: none,
      },
    ],
  };
}

/** `paginate<Action>()`: every item of the one array, page by page (Offset/Limit until TotalCount), when the action pages. */
function paginator(n: ActionNames, resProps: readonly InterfaceIR['props'][number][]): FunctionIR | undefined {
  const pager = paginationOf(n.spec);
  if (pager === undefined) return undefined;
  const itemsType = elementType(resProps.find((p) => p.name === propertyName(pager.items.name))?.type ?? 'unknown[]');
  return {
    name: `paginate${n.spec.action}`,
    isAsync: false,
    docs: buildDoc({
      title: `Every item of ${n.spec.action}'s \`${pager.items.name}\`, page by page (Offset/Limit, until TotalCount).`,
      deprecated: n.deprecated,
      see: n.see,
      params: [
        { name: 'client', text: 'the configured Client' },
        { name: 'params', text: 'request parameters without Offset; Limit sets the page size' },
        { name: 'options', text: 'per-call options, applied to every page request' },
      ],
      returns: 'an async iterator over the items of every page',
    }),
    params: [
      CLIENT_PARAM,
      { name: 'params', type: `Omit<${n.req}, 'Offset'>`, optional: n.paramsOptional },
      { name: 'options', type: 'CallOptions', optional: true },
    ],
    returnType: `AsyncIterableIterator<${itemsType}>`,
    call: { callee: `paginate<${itemsType}>`, args: ['client', n.meta, 'params', jsString(pager.items.name), 'options'] },
  };
}

/** `waitUntil<Name>()`: polls the action until the waiter's state path reaches a success value. */
function waiterFunction(n: ActionNames, w: Waiter, constName: string): FunctionIR {
  const values = (xs: readonly string[]): string => xs.map((v) => `\`${v}\``).join(', ');
  const failure = w.failure !== undefined && w.failure.length > 0 ? ` Ends with WaiterFailedError on ${values(w.failure)}` : '';
  const fatal =
    w.fatalRetCodes !== undefined && w.fatalRetCodes.length > 0 ? `${w.failure?.length ? ',' : ' Ends'} at once on RetCode ${w.fatalRetCodes.join(', ')}` : '';
  const ends = (w.failure?.length ?? 0) + (w.fatalRetCodes?.length ?? 0) > 0 ? ';' : '';
  const delays = `backing off between ${w.delays?.minDelayMs ?? 2000} and ${w.delays?.maxDelayMs ?? 20000} ms, for at most ${w.delays?.maxWaitMs ?? 600000} ms`;
  return {
    name: `waitUntil${w.name}`,
    isAsync: false,
    docs: buildDoc({
      title: w.description ?? `Waits until ${n.spec.action} reports \`${w.state}\` as ${w.success.map((v) => `\`${v}\``).join(' or ')}.`,
      notes: [
        `Polls ${n.spec.action} with \`params\`, ${delays} (\`options\` override these).${failure}${fatal}${ends} on the deadline with WaiterTimeoutError (the last state seen).`,
      ],
      see: n.see,
      params: [
        { name: 'client', text: 'the configured Client' },
        { name: 'params', text: `request parameters of each poll, see {@link ${n.req}}` },
        { name: 'options', text: 'delays, overall limit, abort signal, per-poll timeout and retries' },
      ],
      returns: 'the response that reported the state, with the state and the number of polls',
    }),
    params: [CLIENT_PARAM, { name: 'params', type: n.req, optional: n.paramsOptional }, { name: 'options', type: 'WaitOptions', optional: true }],
    returnType: `Promise<WaiterResult<${n.res}>>`,
    call: { callee: 'waitFor', args: ['client', constName, 'params', 'options'] },
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
  const delays = (['minDelayMs', 'maxDelayMs', 'maxWaitMs'] as const)
    .filter((k) => w.delays?.[k] !== undefined)
    .map((k): [string, Lit] => [k, { raw: String(w.delays![k]) }]);
  if (delays.length > 0) obj.push(['delays', { obj: delays }]);
  return {
    name,
    type: `WaiterDefinition<${resName}>`,
    docs: buildDoc({ description: `Waiter ${w.name}: polls ${action} until \`${w.state}\` is ${w.success.join(' or ')}.` }),
    value: { obj },
  };
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
