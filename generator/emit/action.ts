/**
 * One action -> the IR of `<product>/<Action>.ts`: request and response interfaces (with named nested
 * interfaces), the exported meta const, the async function and, for Offset/Limit + TotalCount pages with
 * one array field, a `paginate<Action>` async iterator.
 */
import type { ActionSpec, Field, Model } from '../spec/model.js';
import type { EmitContext } from './context.js';
import { buildDoc, type DocIR } from './jsdoc.js';
import { camelCase, NameRegistry, propertyName } from './names.js';
import { jsString, type Lit } from './layout.js';
import { objectShape } from './shape.js';
import { fieldsToProps, type InterfaceIR, type TypeScope } from './types.js';

/** Request params the client can fill from its defaults: optional in the type, checked at run time. */
export const CLIENT_DEFAULTS: ReadonlySet<string> = new Set(['Region', 'Zone', 'ProjectId']);

export interface FunctionIR {
  name: string;
  docs: DocIR;
  isAsync: boolean;
  params: { name: string; type: string; optional: boolean }[];
  returnType: string;
  /** The body is `return callee(args);`. */
  call: { callee: string; args: string[] };
}

export interface ActionFileIR {
  path: string;
  source: string;
  runtimeTypes: string[];
  runtimeValues: string[];
  modelImports: string[];
  interfaces: InterfaceIR[];
  meta: { name: string; docs: DocIR; value: Lit };
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
  const pageModels = new Map<string, Model>(spec.models.map((m) => [m.name, m] as const));
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
      params: [
        { name: 'client', type: 'Client', optional: false },
        { name: 'params', type: reqName, optional: paramsOptional },
        { name: 'options', type: 'CallOptions', optional: true },
      ],
      returnType: `Promise<${resName}>`,
      call: { callee: `client.invoke<${resName}>`, args: [metaName, 'params', 'options'] },
    },
  ];
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
  const interfaces = [request, ...reqNested, response, ...resNested, ...scope.nested];
  return {
    path: file,
    source: spec.source,
    runtimeTypes: ['ActionMeta', 'CallOptions', 'Client'],
    runtimeValues,
    modelImports: [...usedModels].sort(),
    interfaces,
    meta: {
      name: metaName,
      docs: buildDoc({ description: `Wire metadata of ${spec.action} (param shapes for validation, retry safety).` }),
      value: {
        obj: [
          ['action', { raw: jsString(spec.action) }],
          ['idempotent', { raw: spec.idempotent ? 'true' : 'false' }],
          ['params', objectShape(spec.request, pageModels)],
        ],
      },
    },
    functions,
    exportedValues: [metaName, ...functions.map((f) => f.name)],
    exportedTypes: interfaces.map((i) => i.name),
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
