/**
 * The diff-vs-compiler property on random products: random request/response trees, page models with cycles,
 * page-level renames, same-named models of different shapes in two actions, Region/Zone/Offset/Limit/
 * TotalCount for the client-default and pagination rules, enums. Pairs are mostly an old side and a few edits
 * of it (near-equal pairs are the interesting ones), sometimes two unrelated products. A pair whose renames changelog
 * would keep as aliases is checked a second time, the new client generated with them.
 */
import fc from 'fast-check';
import { Project } from 'ts-morph';
import { expect } from 'vitest';
import { proposeAliases } from '../../generator/diff/alias-plan.js';
import { diffSpecs } from '../../generator/diff/compare.js';
import type { AliasEntry } from '../../generator/spec/aliases.js';
import { generateFiles } from '../../generator/engine/library.js';
import type { ActionSpec, Field, Model, TypeNode } from '../../generator/spec/model.js';
import { compilerVerdict, VERDICT_OPTIONS } from './compiler-verdict.js';
import { disagreements } from './verdict-agreement.js';
const MODELS = ['M', 'N', 'P'];
const ACTIONS = ['DescribeThing', 'GetThing'];

const leaf: fc.Arbitrary<TypeNode> = fc.oneof(
  fc.constantFrom<TypeNode>(
    { type: 'string' },
    { type: 'integer' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'unknown', raw: 'map' },
    { type: 'unknown', raw: 'set' },
    { type: 'object' },
    { type: 'object', fields: [] },
  ),
  fc.constantFrom(...MODELS, 'Missing').map((model): TypeNode => ({ type: 'model', model })),
);

const fieldOf = (names: readonly string[], node: fc.Arbitrary<TypeNode>): fc.Arbitrary<Field> =>
  fc.tuple(fc.constantFrom(...names), fc.boolean(), node, fc.option(fc.subarray(['a', 'b']), { nil: undefined })).map(([name, required, t, values]) => ({
    ...structuredClone(t),
    name,
    required,
    description: '',
    ...(values !== undefined && values.length > 0 ? { enum: values } : {}),
  }));

const { node } = fc.letrec<{ node: TypeNode; field: Field }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    leaf,
    tie('node').map((items): TypeNode => ({ type: 'array', items })),
    fc.array(tie('field'), { maxLength: 3 }).map((fields): TypeNode => ({ type: 'object', fields })),
  ),
  field: fieldOf(['A', 'B', 'C'], tie('node')),
}));

const field = (names: readonly string[]): fc.Arbitrary<Field> => fieldOf(names, node);
const models: fc.Arbitrary<Model[]> = fc.uniqueArray(
  fc.record({ name: fc.constantFrom(...MODELS), description: fc.constant(''), fields: fc.array(field(['A', 'B', 'C']), { maxLength: 3 }) }),
  { selector: (m) => m.name, maxLength: 3 },
);

const spec = (action: string): fc.Arbitrary<ActionSpec> =>
  fc
    .record({
      request: fc.array(field(['Region', 'Zone', 'Offset', 'Limit', 'A', 'B']), { maxLength: 4 }),
      response: fc.array(field(['TotalCount', 'Set', 'A', 'B']), { maxLength: 4 }),
      models,
    })
    .map((r) => ({
      action,
      product: 'demo',
      title: action,
      summary: '',
      source: `demo/${action}.md`,
      docUrl: 'https://docs.example/x',
      idempotent: true,
      ...r,
    }));

const product: fc.Arbitrary<ActionSpec[]> = fc
  .tuple(spec(ACTIONS[0]!), fc.option(spec(ACTIONS[1]!), { nil: undefined }))
  .map(([a, b]) => (b === undefined ? [a] : [a, b]));

/** Small edits of the old side, so most pairs are near-equal (the interesting case): retype, toggle, drop, rename. */
const edit = fc.record({
  op: fc.constantFrom('type', 'required', 'remove', 'add', 'rename-model', 'drop-action'),
  at: fc.nat(),
  type: node,
  field: field(['A', 'B', 'TotalCount']),
});

function fieldsOf(specs: ActionSpec[]): Field[][] {
  const lists: Field[][] = [];
  const walk = (fields: Field[]): void => {
    lists.push(fields);
    for (const f of fields) {
      let t: TypeNode | undefined = f;
      while (t?.type === 'array') t = t.items;
      if (t?.fields !== undefined) walk(t.fields);
    }
  };
  for (const s of specs) [s.request, s.response, ...s.models.map((m) => m.fields)].forEach(walk);
  return lists;
}

type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

function applyEdit(specs: ActionSpec[], e: Edit): ActionSpec[] {
  const lists = fieldsOf(specs);
  const list = lists[e.at % lists.length]!;
  const f = list[e.at % Math.max(1, list.length)];
  if (e.op === 'add') list.push(structuredClone(e.field));
  else if (e.op === 'drop-action' && specs.length > 1) specs.splice(e.at % specs.length, 1);
  else if (e.op === 'rename-model') renameModel(specs[e.at % specs.length]!);
  else if (f !== undefined && e.op === 'remove') list.splice(list.indexOf(f), 1);
  else if (f !== undefined && e.op === 'required') f.required = !f.required;
  else if (f !== undefined && e.op === 'type') {
    for (const k of ['type', 'items', 'fields', 'model', 'raw'] as const) delete f[k];
    Object.assign(f, structuredClone(e.type));
  }
  return specs;
}

/** Rename the page's first model to an unused name, references included (a page-level rename). */
function renameModel(s: ActionSpec): void {
  const from = s.models[0]?.name;
  const to = MODELS.find((m) => !s.models.some((x) => x.name === m));
  if (from === undefined || to === undefined) return;
  s.models[0]!.name = to;
  const visit = (t: TypeNode | undefined): void => {
    if (t === undefined) return;
    if (t.type === 'model' && t.model === from) t.model = to;
    visit(t.items);
    t.fields?.forEach(visit);
  };
  [...s.request, ...s.response, ...s.models.flatMap((m) => m.fields)].forEach(visit);
}

export const pair: fc.Arbitrary<[ActionSpec[], ActionSpec[]]> = fc.oneof(
  { arbitrary: fc.tuple(product, product), weight: 1 },
  {
    arbitrary: fc
      .tuple(product, fc.array(edit, { minLength: 1, maxLength: 3 }))
      .map(([o, es]): [ActionSpec[], ActionSpec[]] => [o, es.reduce(applyEdit, structuredClone(o))]),
    weight: 3,
  },
);

/**
 * A pair whose diff has a rename an alias keeps: the first of a seeded sample of products in which renaming the
 * first model is one. Always run as an example, so the aliased path is checked whatever the random pairs are
 * (60 random pairs may hold no such rename).
 */
function renamePair(): [ActionSpec[], ActionSpec[]] {
  for (const o of fc.sample(product, { numRuns: 500, seed: 25 })) {
    const n = structuredClone(o);
    renameModel(n[0]!);
    if (proposeAliases(diffSpecs(o, n), [], '1.1.0').entries.length > 0) return [o, n];
  }
  throw new Error('no product of the seeded sample has a model whose rename an alias keeps: change the seed');
}

/**
 * Check `runs` random pairs: generate both clients, ask the compiler, compare with diff. Fails with the
 * shrunk counterexample, its seed and the disagreement lines (SCLOUD_DIFF_SEED=<seed> replays that run); also
 * fails when every pair (or none) was breaking.
 */
export async function checkDiffAgainstCompiler(runs: number): Promise<void> {
  const project = new Project({ compilerOptions: VERDICT_OPTIONS, useInMemoryFileSystem: true });
  const fs = project.getFileSystem();
  const write = async (dir: string, specs: ActionSpec[], aliases: AliasEntry[] = []): Promise<void> => {
    for (const [rel, text] of (await generateFiles(specs, { progress: false, aliases })).files) fs.writeFileSync(`${dir}/${rel}`, text);
  };
  let breaking = 0;
  let aliased = 0;
  let run = 0;
  await fc.assert(
    fc.asyncProperty(pair, async ([before, after]) => {
      const root = `/r${run++}`;
      const [o, n] = [`${root}/old`, `${root}/new`];
      await write(o, before);
      await write(n, after);
      const actions = new Map([['demo', before.map((s) => s.action)]]);
      const verdicts = compilerVerdict(o, n, actions, project);
      const report = diffSpecs(before, after);
      if (report.summary.breaking > 0) breaking++;
      expect(disagreements(report, verdicts)).toEqual([]);
      // The renames changelog would keep as aliases: with them, the new client against the old one, again.
      const { entries } = proposeAliases(report, [], '1.1.0');
      if (entries.length > 0) {
        aliased++;
        await write(`${root}/aliased`, after, entries);
        const covered = diffSpecs(before, after, {}, { after: entries });
        expect(disagreements(covered, compilerVerdict(o, `${root}/aliased`, actions, project))).toEqual([]);
      }
      fs.deleteSync(root); // runs stay independent and the in-memory file system does not grow
    }),
    { numRuns: runs, examples: [[renamePair()]], ...(process.env.SCLOUD_DIFF_SEED !== undefined ? { seed: Number(process.env.SCLOUD_DIFF_SEED) } : {}) },
  );
  expect(breaking).toBeGreaterThan(0);
  expect(breaking).toBeLessThan(runs);
  expect(aliased, 'pairs with a rename an alias keeps (renamePair() is one)').toBeGreaterThan(0);
}
