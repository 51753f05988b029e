/**
 * Property test: for random pairs of small products (random-products.ts), diff's verdict agrees with the
 * TypeScript compiler on the two generated clients, for every action and product (compiler-verdict.ts).
 * SCLOUD_DIFF_RUNS sets the number of runs (default 60; the heavy suite runs 2000), SCLOUD_DIFF_SEED replays the
 * seed a failing run printed. Below it, the shrunk counterexamples the property has found, as known answers.
 */
import { Project } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { diffSpecs } from '../../generator/diff/compare.js';
import { generateFiles } from '../../generator/engine/library.js';
import type { ActionSpec, Field, TypeNode } from '../../generator/spec/model.js';
import { compilerVerdict, VERDICT_OPTIONS } from './compiler-verdict.js';
import { checkDiffAgainstCompiler } from './random-products.js';

describe('diff verdict = compiler verdict (random products)', () => {
  it('agrees on every action and product', () => checkDiffAgainstCompiler(Number(process.env.SCLOUD_DIFF_RUNS ?? 60)), 300_000);
});

/** A field four arrays deep (request.Region.A[][].B[].A[].A.A) whose type changes string -> string[]. */
function deep(leaf: TypeNode): ActionSpec {
  const f = (name: string, t: TypeNode): Field => ({ ...t, name, required: false, description: '' });
  return {
    action: 'DescribeThing',
    product: 'demo',
    title: 'DescribeThing',
    summary: '',
    source: 'demo/DescribeThing.md',
    docUrl: 'https://docs.example/x',
    idempotent: true,
    request: [f('Region', { type: 'object', fields: [f('A', { type: 'array', items: { type: 'array', items: { type: 'model', model: 'N' } } })] })],
    response: [],
    models: [
      { name: 'M', description: '', fields: [f('A', { type: 'object', fields: [f('A', leaf)] })] },
      {
        name: 'N',
        description: '',
        fields: [f('B', { type: 'array', items: { type: 'object', fields: [f('A', { type: 'array', items: { type: 'model', model: 'M' } })] } })],
      },
    ],
  };
}

/** The oracle's reasons for DescribeThing, and diff's changes, between two versions of one spec. */
async function both(before: ActionSpec, after: ActionSpec): Promise<{ compiler: string[] | undefined; diff: string[] }> {
  const project = new Project({ compilerOptions: VERDICT_OPTIONS, useInMemoryFileSystem: true });
  const fs = project.getFileSystem();
  for (const [dir, spec] of [
    ['/d/old', before],
    ['/d/new', after],
  ] as const)
    for (const [rel, text] of (await generateFiles([spec], { progress: false })).files) fs.writeFileSync(`${dir}/${rel}`, text);
  const verdict = compilerVerdict('/d/old', '/d/new', new Map([['demo', ['DescribeThing']]]), project);
  return { compiler: verdict.get('demo')!.actions.get('DescribeThing'), diff: diffSpecs([before], [after]).changes.map((c) => `${c.path} ${c.breaking}`) };
}

describe('the compiler oracle at depth (shrunk counterexamples of the heavy property)', () => {
  it('finds a change four arrays deep, where checker.isTypeAssignableTo alone assumes the types related', async () => {
    expect(await both(deep({ type: 'string' }), deep({ type: 'array', items: { type: 'string' } }))).toEqual({
      compiler: ['request.Region.A[][].B[].A[].A.A: string not assignable to string[]'],
      diff: ['request.Region.A[][].B[].A[].A.A true'],
    });
  });

  it('an unknown (a model the page does not define) that becomes a model is breaking: unknown is not {}', async () => {
    const before = deep({ type: 'model', model: 'Gone' });
    const after = deep({ type: 'model', model: 'P' });
    after.models.push({ name: 'P', description: '', fields: [] });
    expect(await both(before, after)).toEqual({
      compiler: ['request.Region.A[][].B[].A[].A.A: unknown not assignable to P'],
      diff: ['models.P false', 'request.Region.A[][].B[].A[].A.A true'],
    });
  });
});
