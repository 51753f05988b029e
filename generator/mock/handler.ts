/**
 * What the mock answers to one request, independent of HTTP: checks in the order the real gateway does
 * (Action present, signature, action known, required params), then the success body.
 * Error shapes are the provider's: `{ RetCode, Message, Action }` with HTTP 200.
 */
import { timingSafeEqual } from 'node:crypto';
import { signParams } from '../../runtime/sign.js';
import type { ActionSpec, Field, TypeNode } from '../spec/model.js';
import { routeActions, type Routing } from './routing.js';
import { successBody } from './sample.js';

export interface KeyPair {
  publicKey: string;
  privateKey: string;
}

/** The key pair of the provider's signature documentation (the runtime's known-answer tests use it too). */
export const DOCUMENTED_TEST_KEYS: KeyPair = {
  publicKey: 'ucloudsomeone@example.com1296235120854146120',
  privateKey: '46f09bb9fab4f12dfc160dae12273d5332b5debe',
};

/** RetCodes the mock answers with, as the real API uses them. */
export const RET = {
  ok: 0,
  missingAction: 160,
  unknownAction: 161,
  badSignature: 171,
  /** "Missing params" / "Params [X] not valid": the API's param error. */
  paramError: 230,
} as const;

export interface Outcome {
  body: Record<string, unknown>;
  retCode: number;
  /** Action as sent, or `-` when there was none; for the log line. */
  action: string;
  /** Short reason for the log on errors; never contains param values or keys. */
  reason?: string;
  /** The answering product, set only for a name several products document (the log shows `vpc/CreateNetworkAcl`). */
  product?: string;
}

/** Public params every request carries; not part of an action's own request spec. */
const PUBLIC = new Set(['Action', 'PublicKey', 'Signature']);

export class MockApi {
  readonly routing: Routing;
  readonly #keys: Map<string, string>;

  /** `prefer`: products that answer an action name documented in several products (see routing.ts). */
  constructor(specs: readonly ActionSpec[], keys: readonly KeyPair[] = [DOCUMENTED_TEST_KEYS], prefer: readonly string[] = []) {
    this.routing = routeActions(specs, prefer);
    this.#keys = new Map(keys.map((k) => [k.publicKey, k.privateKey]));
  }

  /** Distinct action names served (fewer than the specs when products share names). */
  get actions(): number {
    return this.routing.byAction.size;
  }

  handle(flat: Readonly<Record<string, string>>): Outcome {
    const action = flat.Action;
    if (action === undefined || action === '') {
      return fail(RET.missingAction, '-', 'Missing Action: every request needs an Action param', 'missing Action');
    }
    const sig = this.#checkSignature(flat);
    if (sig !== undefined) return fail(RET.badSignature, action, sig, 'bad signature');
    const spec = this.routing.byAction.get(action);
    if (spec === undefined) {
      return fail(RET.unknownAction, action, `Action [${action}] not exist: the mock serves ${servedCount(this.routing)} from its spec dir`, 'unknown action');
    }
    const missing = missingParams(spec, flat);
    if (missing.length > 0) {
      const list = missing.join(', ');
      return {
        ...fail(RET.paramError, action, `Missing params [${list}]: required by ${action}, see ${spec.docUrl}`, `missing params ${list}`),
        ...this.#via(spec),
      };
    }
    return { body: successBody(spec), retCode: RET.ok, action, ...this.#via(spec) };
  }

  #via(spec: ActionSpec): { product?: string } {
    return this.routing.shared.some((r) => r.action === spec.action) ? { product: spec.product } : {};
  }

  /** undefined when valid, else the message (which never echoes the expected signature or a key). */
  #checkSignature(flat: Readonly<Record<string, string>>): string | undefined {
    const publicKey = flat.PublicKey;
    const given = flat.Signature;
    if (publicKey === undefined || publicKey === '') return 'Signature VerifyAC Error: missing PublicKey';
    if (given === undefined || given === '') return 'Signature VerifyAC Error: missing Signature';
    const privateKey = this.#keys.get(publicKey);
    if (privateKey === undefined) return 'Signature VerifyAC Error: unknown PublicKey; start the mock with --public-key/--private-key';
    const expected = signParams({ ...flat }, privateKey);
    const a = Buffer.from(expected, 'utf8');
    const b = Buffer.from(given.toLowerCase(), 'utf8');
    if (a.length !== b.length || !timingSafeEqual(a, b)) {
      return 'Signature VerifyAC Error: signature does not match the params and the private key of this PublicKey';
    }
    return undefined;
  }
}

/**
 * Required params absent from the flat wire params, by wire name: top-level ones, then the required fields
 * inside each object or array element that is present (`Disks.0.Type` when `Disks.0.Size` came without it).
 * A param counts as present when its own key or any key below it is (`Disks` when `Disks.0.Size` is).
 */
export function missingParams(spec: ActionSpec, flat: Readonly<Record<string, string>>): string[] {
  const keys = Object.keys(flat);
  const models = new Map(spec.models.map((m) => [m.name, m.fields]));
  const out: string[] = [];
  const present = (path: string): boolean => flat[path] !== undefined || keys.some((k) => k.startsWith(`${path}.`));
  const walk = (fields: readonly Field[], prefix: string, depth: number): void => {
    for (const f of fields) {
      if (prefix === '' && PUBLIC.has(f.name)) continue;
      const path = prefix + f.name;
      if (!present(path)) {
        if (f.required) out.push(prefix === '' ? (f.wire ?? f.name) : path);
        continue;
      }
      if (depth < 6) inner(f, path, depth);
    }
  };
  const inner = (t: TypeNode, path: string, depth: number): void => {
    const sub = t.type === 'model' ? models.get(t.model ?? '') : t.fields;
    if ((t.type === 'object' || t.type === 'model') && sub !== undefined) walk(sub, `${path}.`, depth + 1);
    if (t.type === 'array' && t.items !== undefined) {
      const indexes = new Set(keys.filter((k) => k.startsWith(`${path}.`)).map((k) => k.slice(path.length + 1).split('.')[0]!));
      for (const i of [...indexes].sort()) inner(t.items, `${path}.${i}`, depth + 1);
    }
  };
  walk(spec.request, '', 0);
  return out;
}

/** `4 actions (from 6 specs: 2 names are documented in two products)`, or `3 actions` when every name is one spec. */
export function servedCount(r: Routing): string {
  const n = r.byAction.size;
  const actions = `${n} action${n === 1 ? '' : 's'}`;
  if (r.specs === n) return actions;
  return `${actions} (from ${r.specs} specs: ${r.shared.length} name${r.shared.length === 1 ? ' is' : 's are'} documented in more than one product)`;
}

function fail(retCode: number, action: string, message: string, reason: string): Outcome {
  const body: Record<string, unknown> = { RetCode: retCode, Message: message };
  if (action !== '-') body.Action = `${action}Response`;
  return { body, retCode, action, reason };
}
