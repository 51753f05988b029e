/**
 * The TypeScript compiler's verdict on two generated clients, independent of generator/diff: for every action
 * of the old client, does code written against it still compile against the new one? Old request type
 * assignable to the new one, new response type assignable to the old one (checker.isTypeAssignableTo, strict),
 * no property lost at any depth (an object literal setting it, or code reading it, would fail), and every
 * name the action's file exported still exported by the product. Per product: exported types and values (the
 * allowed-value lists) of models.ts and the class facade still there. Uses the TypeScript that ts-morph bundles, on the generated .ts files.
 */
import { join } from 'node:path';
import { Project, ts } from 'ts-morph';

export interface ProductVerdict {
  /** Old action -> why code using it breaks (empty: still compiles). */
  actions: Map<string, string[]>;
  /** Exported type names gone from the product index that no removed action's file exported. */
  removedTypes: string[];
  /** Exported values (allowed-value lists) gone from the product index that no action file of the old side exported. */
  removedValues: string[];
  /** Class facade of each side (`export class X extends Client`). */
  facade: { old: string | undefined; new: string | undefined };
}

/**
 * Compiler options of the check: strict, as users compile. No DOM lib: request, response and model types use
 * no DOM or Node types (only the runtime does, and its types do not enter these checks), and it is 4x faster.
 */
export const VERDICT_OPTIONS = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ES2022,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts'],
};

/**
 * `products`: product -> its actions on the old side. The clients are read from `project`'s file system
 * (the disk by default; an in-memory project for generated test clients); their files replace any source
 * files the project held.
 */
export function compilerVerdict(
  oldOut: string,
  newOut: string,
  products: ReadonlyMap<string, readonly string[]>,
  project = new Project({ compilerOptions: VERDICT_OPTIONS, skipAddingFilesFromTsConfig: true }),
): Map<string, ProductVerdict> {
  const fs = project.getFileSystem();
  for (const f of project.getSourceFiles()) project.removeSourceFile(f);
  const roots: string[] = [];
  for (const p of products.keys()) for (const out of [oldOut, newOut]) if (fs.fileExistsSync(join(out, p, 'index.ts'))) roots.push(join(out, p, 'index.ts'));
  project.addSourceFilesAtPaths(roots);
  project.resolveSourceFileDependencies();
  const program = project.getProgram().compilerObject;
  const checker = program.getTypeChecker();
  const facadeOf = (out: string, product: string): string | undefined => {
    const file = join(out, product, 'client.ts');
    return fs.fileExistsSync(file) ? /export class (\w+) extends Client/.exec(fs.readFileSync(file))?.[1] : undefined;
  };
  const result = new Map<string, ProductVerdict>();
  for (const [product, actions] of products) {
    const facade = { old: facadeOf(oldOut, product), new: facadeOf(newOut, product) };
    result.set(product, productVerdict(program, checker, { oldOut, newOut, product, actions, facade }));
  }
  return result;
}

interface Exports {
  types: Map<string, ts.Type>;
  values: Set<string>;
}

function moduleExports(program: ts.Program, checker: ts.TypeChecker, file: string): Exports | undefined {
  const sf = program.getSourceFile(file);
  const sym = sf === undefined ? undefined : checker.getSymbolAtLocation(sf);
  if (sym === undefined) return undefined;
  const types = new Map<string, ts.Type>();
  const values = new Set<string>();
  for (const e of checker.getExportsOfModule(sym)) {
    const target = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e;
    if (target.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) types.set(e.name, checker.getDeclaredTypeOfSymbol(target));
    else values.add(e.name);
  }
  return { types, values };
}

interface ProductInput {
  oldOut: string;
  newOut: string;
  product: string;
  actions: readonly string[];
  facade: ProductVerdict['facade'];
}

function productVerdict(program: ts.Program, checker: ts.TypeChecker, { oldOut, newOut, product, actions, facade }: ProductInput): ProductVerdict {
  const oldIdx = moduleExports(program, checker, join(oldOut, product, 'index.ts'));
  const newIdx = moduleExports(program, checker, join(newOut, product, 'index.ts'));
  const verdict: ProductVerdict = { actions: new Map(), removedTypes: [], removedValues: [], facade };
  if (oldIdx === undefined) throw new Error(`${oldOut}/${product}/index.ts is not in the program`);
  const ownedByRemoved = new Set<string>();
  const ownedByActions = new Set<string>();
  for (const action of actions) {
    const file = moduleExports(program, checker, join(oldOut, product, `${action}.ts`));
    if (file === undefined) throw new Error(`${oldOut}/${product}/${action}.ts is missing`);
    const reasons: string[] = [];
    for (const v of file.values) ownedByActions.add(v);
    if (newIdx === undefined || !newIdx.types.has(`${action}Request`)) {
      reasons.push('action removed');
      for (const t of file.types.keys()) ownedByRemoved.add(t);
    } else {
      const req = (idx: Exports): ts.Type => idx.types.get(`${action}Request`)!;
      const res = (idx: Exports): ts.Type => idx.types.get(`${action}Response`)!;
      if (!checker.isTypeAssignableTo(req(oldIdx), req(newIdx))) reasons.push('old request not assignable to the new request type');
      if (!checker.isTypeAssignableTo(res(newIdx), res(oldIdx))) reasons.push('new response not assignable to the old response type');
      // The checker assumes types related once the same generic (Array) nests 3+ deep on both sides
      // (isDeeplyNestedType): compare such depths field by field as well.
      reasons.push(...notAssignable(checker, req(oldIdx), req(newIdx), 'request'), ...notAssignable(checker, res(newIdx), res(oldIdx), 'response'));
      reasons.push(...keysLost(checker, req(oldIdx), req(newIdx), 'request'), ...keysLost(checker, res(oldIdx), res(newIdx), 'response'));
      for (const v of file.values) if (!newIdx.values.has(v)) reasons.push(`export ${v} gone`);
      for (const t of file.types.keys()) if (!newIdx.types.has(t)) reasons.push(`type ${t} gone`);
    }
    verdict.actions.set(action, reasons);
  }
  if (newIdx !== undefined) {
    verdict.removedTypes = [...oldIdx.types.keys()].filter((t) => !newIdx.types.has(t) && !ownedByRemoved.has(t)).sort();
    verdict.removedValues = [...oldIdx.values].filter((v) => !newIdx.values.has(v) && !ownedByActions.has(v) && v !== facade.old).sort();
  }
  return verdict;
}

/**
 * Where `from` is not assignable to `to`, walked through arrays and object properties so that every call to
 * the checker compares shallow types: a property `to` requires that `from` may omit, or a leaf type (string,
 * union, record...) the checker says is not assignable. Cycles through models are followed once.
 */
export function notAssignable(checker: ts.TypeChecker, from: ts.Type, to: ts.Type, path: string, seen = new Map<ts.Type, Set<ts.Type>>()): string[] {
  const f = withoutUndefined(checker, from);
  const t = withoutUndefined(checker, to);
  const done = seen.get(f) ?? new Set<ts.Type>();
  if (done.has(t)) return [];
  seen.set(f, done.add(t));
  if (checker.isArrayType(f) && checker.isArrayType(t)) return notAssignable(checker, elementOf(checker, f), elementOf(checker, t), `${path}[]`, seen);
  const fromProps = objectProps(checker, f);
  const toProps = objectProps(checker, t);
  if (fromProps.length === 0 || toProps.length === 0)
    return checker.isTypeAssignableTo(f, t) ? [] : [`${path}: ${checker.typeToString(f)} not assignable to ${checker.typeToString(t)}`];
  const out: string[] = [];
  for (const q of toProps) {
    const p = checker.getPropertyOfType(f, q.name);
    const optional = (s: ts.Symbol): boolean => (s.flags & ts.SymbolFlags.Optional) !== 0;
    if (p === undefined || optional(p)) {
      if (!optional(q)) out.push(`${path}.${q.name}: now required`);
      if (p === undefined) continue;
    }
    out.push(...notAssignable(checker, checker.getTypeOfSymbol(p), checker.getTypeOfSymbol(q), `${path}.${q.name}`, seen));
  }
  return out;
}

/** `T | undefined` -> `T` (an optional property's type); `unknown` stays unknown (getNonNullableType makes it `{}`). */
function withoutUndefined(checker: ts.TypeChecker, t: ts.Type): ts.Type {
  return t.isUnion() && t.types.some((x) => (x.flags & ts.TypeFlags.Undefined) !== 0) ? checker.getNonNullableType(t) : t;
}

/** Paths of properties the old type has (at any depth, through arrays) that the new type lacks. */
export function keysLost(checker: ts.TypeChecker, oldType: ts.Type, newType: ts.Type, path: string, seen = new Map<ts.Type, Set<ts.Type>>()): string[] {
  const o = checker.getNonNullableType(oldType);
  const n = checker.getNonNullableType(newType);
  const done = seen.get(o) ?? new Set<ts.Type>();
  if (done.has(n)) return [];
  seen.set(o, done.add(n));
  if (checker.isArrayType(o)) {
    if (checker.isArrayType(n)) return keysLost(checker, elementOf(checker, o), elementOf(checker, n), `${path}[]`, seen);
    return hasKeys(checker, o) ? [`${path}: keys lost (no longer an array)`] : [];
  }
  const props = objectProps(checker, o);
  if (props.length === 0) return [];
  const target = objectProps(checker, n).length > 0 ? n : undefined;
  const out: string[] = [];
  for (const p of props) {
    const q = target === undefined ? undefined : checker.getPropertyOfType(target, p.name);
    if (q === undefined) out.push(`${path}.${p.name} lost`);
    else out.push(...keysLost(checker, checker.getTypeOfSymbol(p), checker.getTypeOfSymbol(q), `${path}.${p.name}`, seen));
  }
  return out;
}

function elementOf(checker: ts.TypeChecker, t: ts.Type): ts.Type {
  return checker.getTypeArguments(t as ts.TypeReference)[0]!;
}

function objectProps(checker: ts.TypeChecker, t: ts.Type): ts.Symbol[] {
  if (!(t.flags & ts.TypeFlags.Object) || checker.isArrayType(t)) return [];
  return checker.getPropertiesOfType(t);
}

function hasKeys(checker: ts.TypeChecker, t: ts.Type, depth = 0): boolean {
  const u = checker.getNonNullableType(t);
  if (checker.isArrayType(u)) return depth < 32 && hasKeys(checker, elementOf(checker, u), depth + 1);
  return objectProps(checker, u).length > 0;
}
