import { describe, expect, it } from 'vitest';
import { parseLooseJson, parseRequestExample, parseResponseExample, wireKey } from '../../generator/parse/examples.js';
import { resolveModels, type ModelDef } from '../../generator/parse/models.js';
import { buildTree, splitName, type NamedRow } from '../../generator/parse/param-tree.js';
import type { Field, TypeNode } from '../../generator/spec/model.js';

function row(name: string, node: TypeNode = { type: 'string' }, required = false, line = 1): NamedRow {
  return { name, node, required, description: name, hints: {}, line };
}

describe('splitName', () => {
  it.each([
    ['A', [{ name: 'A', arrays: 0 }]],
    ['X.N', [{ name: 'X', arrays: 1 }]],
    ['X.n', [{ name: 'X', arrays: 1 }]],
    [
      'X.0.Y',
      [
        { name: 'X', arrays: 1 },
        { name: 'Y', arrays: 0 },
      ],
    ],
    [
      'Disks.N.CustomBackup.Day',
      [
        { name: 'Disks', arrays: 1 },
        { name: 'CustomBackup', arrays: 0 },
        { name: 'Day', arrays: 0 },
      ],
    ],
    [
      'MetricInfos.N.TagList.N.TagValues.N',
      [
        { name: 'MetricInfos', arrays: 1 },
        { name: 'TagList', arrays: 1 },
        { name: 'TagValues', arrays: 1 },
      ],
    ],
    ['X..Y', undefined],
    ['', undefined],
  ])('%s', (given, want) => expect(splitName(given)).toEqual(want));
});

describe('buildTree', () => {
  it('X.N keeps wire on the array field', () => {
    const { fields } = buildTree([row('Ids.N')], true);
    expect(fields).toEqual([{ name: 'Ids', wire: 'Ids.N', type: 'array', items: { type: 'string' }, required: false, description: 'Ids.N' }]);
  });
  it('nests to any depth; parents required iff a child is', () => {
    const { fields } = buildTree([row('NetworkInterface.N.EIP.Bandwidth', { type: 'integer' }, true), row('NetworkInterface.N.EIP.PayMode')], true);
    const ni = fields[0]!;
    expect(ni).toMatchObject({ name: 'NetworkInterface', type: 'array', required: true });
    expect(ni.wire).toBeUndefined();
    const eip = ni.items!.fields![0]!;
    expect(eip).toMatchObject({ name: 'EIP', type: 'object', required: true });
    expect(eip.fields!.map((f) => [f.name, f.wire, f.required])).toEqual([
      ['Bandwidth', 'NetworkInterface.N.EIP.Bandwidth', true],
      ['PayMode', 'NetworkInterface.N.EIP.PayMode', false],
    ]);
  });
  it('array of array of strings', () => {
    const { fields } = buildTree([row('M.N.T.N.V.N')], true);
    const v = fields[0]!.items!.fields![0]!.items!.fields![0]!;
    expect(v).toMatchObject({ name: 'V', wire: 'M.N.T.N.V.N', type: 'array', items: { type: 'string' } });
  });
  it('first of a repeated name wins, with a warning', () => {
    const r = buildTree([row('A', { type: 'string' }, false, 3), row('A', { type: 'integer' }, false, 4)], true);
    expect(r.fields).toHaveLength(1);
    expect(r.fields[0]!.type).toBe('string');
    expect(r.problems).toEqual([expect.objectContaining({ line: 4, code: 'duplicate-param' })]);
  });
  it('a declared object parent keeps its description', () => {
    const r = buildTree([row('Filter', { type: 'object' }), row('Filter.Name')], true);
    expect(r.fields[0]).toMatchObject({ name: 'Filter', type: 'object', description: 'Filter' });
    expect(r.problems).toEqual([]);
  });
  it('response fields have no wire', () => expect(buildTree([row('A')], false).fields[0]!.wire).toBeUndefined());
});

describe('resolveModels', () => {
  const field = (name: string, t: TypeNode): Field => ({ name, ...t, required: false, description: '' });
  const def = (name: string, fields: Field[]): ModelDef => ({ model: { name, description: '', fields }, line: 9, lines: new Map() });
  it('keeps reachable models, sorted, cycle-safe; degrades missing ones', () => {
    const root = [field('A', { type: 'array', items: { type: 'model', model: 'B' } }), field('M', { type: 'model', model: 'Missing' })];
    const defs = new Map([
      ['B', def('B', [field('c', { type: 'model', model: 'C' })])],
      ['C', def('C', [field('b', { type: 'model', model: 'B' })])],
      ['Unused', def('Unused', [])],
    ]);
    const r = resolveModels([{ fields: root, lines: new Map([[root[1]!, 7]]) }], defs);
    expect(r.models.map((m) => m.name)).toEqual(['B', 'C']);
    expect(root[1]).toEqual({ name: 'M', type: 'object', required: false, description: '' });
    expect(r.problems).toEqual([expect.objectContaining({ line: 7, code: 'missing-model' })]);
  });
});

describe('examples', () => {
  it.each([
    ['https://api.x.com/?Action=A\n&Region=cn-bj2\n&Zone=z', { Action: 'A', Region: 'cn-bj2', Zone: 'z' }],
    ['https://api.x.com/？Action=A\n& Region＝cn-bj2 ', { Action: 'A', Region: 'cn-bj2' }],
    ['https://api.x.com/?Action=A&Name=a&nbsp;b', { Action: 'A', Name: 'a b' }],
    ['https://api.x.com/?Action=A\n&K=-----BEGIN&nbspRSA&nbspKEY-----\n&Z=1', { Action: 'A', K: '-----BEGIN&nbspRSA&nbspKEY-----', Z: '1' }],
    ['curl -X POST https://api.x.com -d \'{"Action": "A", "Count": 2}\'', { Action: 'A', Count: '2' }],
    ['{"Action": "A", "Tags": ["x"],}', { Action: 'A', Tags: '["x"]' }],
  ])('request %j', (given, want) => expect(parseRequestExample(given).value).toEqual(want));
  it.each([['暂无'], [''], [undefined]])('request none %j', (given) => expect(parseRequestExample(given)).toEqual({}));
  it('request garbage is a problem', () => expect(parseRequestExample('just words').problem).toMatch(/Key=Value/));
  it.each([
    ['{"a": 1,}', { a: 1 }],
    ['{"a": [1, 2,], "s": "x,}"}', { a: [1, 2], s: 'x,}' }],
  ])('loose JSON %j', (given, want) => expect(parseLooseJson(given).value).toEqual(want));
  it('response none and bad', () => {
    expect(parseResponseExample('暂无')).toEqual({});
    expect(parseResponseExample('{oops').problem).toMatch(/not JSON/);
  });
  it('wireKey', () => expect(wireKey('Disks.0.Type')).toBe('Disks.N.Type'));
});
