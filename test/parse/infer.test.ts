/**
 * Older-layout bare arrays/objects typed from the response example (issue 10): the one page model that has
 * every key of the example's objects and the fewest fields; nothing when none or several qualify.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePage } from '../../generator/parse/docs.js';
import { inferFromExample } from '../../generator/parse/infer.js';
import type { ModelDef } from '../../generator/parse/models.js';
import { parseSpecText, serializeSpec } from '../../generator/spec/io.js';
import type { Field } from '../../generator/spec/model.js';

const TABLE = '|Parameter name|Type|Description|Required|\n|---|---|---|---|\n';
const rows = (list: [string, string][]): string => list.map(([n, t]) => `|${n}|${t}|${n} 说明|No|\n`).join('');
const model = (name: string, fields: string[], types: Record<string, string> = {}): string =>
  `## ${name}\n${TABLE}${rows(fields.map((f) => [f, types[f] ?? 'string']))}\n`;
/** An older-layout page: response rows, model sections, a response example. */
const older = (response: [string, string][], models: string, example: unknown): string =>
  `# 查询-DescribeThing\n\n查询\n\n# Request Parameters\n${TABLE}|Region|string|地域|**Yes**|\n\n# Response Elements\n${TABLE}|RetCode|int|返回码|**Yes**|\n${rows(response)}\n${models}# Response Example\n\`\`\`\n${JSON.stringify({ RetCode: 0, ...(example as object) }, null, 2)}\n\`\`\`\n`;

function parse(text: string) {
  const r = parsePage(text, 'p-api/describe_thing.md', 'p');
  const codes = r.diagnostics.map((d) => `${d.line} ${d.code}`);
  return { r, codes, spec: r.spec! };
}

describe('bare array/object typed from the response example', () => {
  it('picks the model that knows every key; the other models miss one (AclEntryInfo case)', () => {
    const text = older(
      [['Entries', 'array']],
      model('AclEntryInfo', ['EntryId', 'Priority', 'CreateTime']) + model('AssociationInfo', ['AssociationId', 'CreateTime']),
      { Entries: [{ EntryId: 'e', CreateTime: '1' }, { Priority: '1' }] },
    );
    const { r, codes, spec } = parse(text);
    expect(spec.response[1]).toEqual({
      name: 'Entries',
      type: 'array',
      items: { type: 'model', model: 'AclEntryInfo' },
      required: false,
      description: 'Entries 说明',
    });
    expect(spec.models.map((m) => m.name)).toEqual(['AclEntryInfo']);
    expect(codes).toEqual(['14 inferred-model']);
    expect(r.diagnostics[0]!.message).toBe(
      "'Entries' is a bare array; typed as array of AclEntryInfo, the one page model whose fields match the response example (keys CreateTime, EntryId, Priority) — write array[[*AclEntryInfo*](#AclEntryInfo)] in the type cell",
    );
  });
  it('of several models with every key, the one with the fewest fields (Components of DescribePHostMachineType)', () => {
    const text = older([['Components', 'object']], model('PHostDiskSet', ['Space', 'Count', 'Type', 'Name']) + model('PHostComponentSet', ['Name', 'Count']), {
      Components: { Count: '0', Name: '' },
    });
    const { spec, codes } = parse(text);
    expect(spec.response[1]).toEqual({ name: 'Components', type: 'model', model: 'PHostComponentSet', required: false, description: 'Components 说明' });
    expect(Object.keys(spec.response[1]!)).toEqual(['name', 'type', 'model', 'required', 'description']);
    expect(codes).toEqual(['14 inferred-model']);
  });
  it.each([
    ['two models tie', model('A', ['X', 'Y']) + model('B', ['X', 'Y']), { Set: [{ X: 1 }] }],
    ['a key no model has', model('A', ['X', 'Y']), { Set: [{ X: 1, Z: 2 }] }],
    ['only empty objects', model('A', ['X']), { Set: [{}] }],
    ['scalar elements', model('A', ['X']), { Set: ['a', 'b'] }],
    ['no example value', model('A', ['X']), {}],
  ])('nothing when %s: the untyped-array warning stays', (_n, models, example) => {
    const { spec, codes } = parse(older([['Set', 'array']], models, example));
    expect(spec.response[1]).toMatchObject({ type: 'array', items: { type: 'unknown', raw: 'array' } });
    expect(codes).toEqual(['14 untyped-array']);
  });
  it('at any depth: a bare field of a model reached through a bare field, and a named model', () => {
    const models =
      model('OuterSet', ['Id', 'Inner', 'Named'], { Inner: 'array', Named: 'array' }) +
      model('InnerSet', ['Deep', 'Size'], { Deep: 'object' }) +
      model('DeepSet', ['Leaf']) +
      model('NamedSet', ['Z']);
    const text = older([['Outer', 'array']], models, { Outer: [{ Id: 'a', Inner: [{ Size: '1', Deep: { Leaf: 'x' } }], Named: [{ Z: '1' }] }] }).replace(
      '|Named|array|Named 说明|',
      '|Named|array|见 NamedSet|',
    );
    const { spec, codes } = parse(text);
    const byName = new Map(spec.models.map((m) => [m.name, m]));
    expect([...byName.keys()]).toEqual(['DeepSet', 'InnerSet', 'NamedSet', 'OuterSet']);
    expect(byName.get('OuterSet')!.fields.map((f) => f.items ?? f.type)).toEqual([
      'string',
      { type: 'model', model: 'InnerSet' },
      { type: 'model', model: 'NamedSet' },
    ]);
    expect(byName.get('InnerSet')!.fields[0]).toMatchObject({ name: 'Deep', type: 'model', model: 'DeepSet' });
    expect(codes.filter((c) => c.endsWith('inferred-model'))).toHaveLength(3);
    expect(codes.filter((c) => !c.endsWith('inferred-model'))).toEqual([]);
  });
  it('not in the current layout, where models are linked', () => {
    const text = `# 查询 - DescribeThing\n\n## 定义\n\n### 公共参数\n\n| 参数名 | 类型 | 描述信息 | 必填 |\n|:---|:---|:---|:---|\n| **Action** | string | \`DescribeThing\` | **Yes** |\n\n### 响应字段\n\n| 字段名 | 类型 | 描述信息 | 必填 |\n|:---|:---|:---|:---|\n| **Set** | array | s | No |\n\n#### M\n\n| 字段名 | 类型 | 描述信息 | 必填 |\n|:---|:---|:---|:---|\n| **X** | string | x | No |\n\n### 响应示例\n\n\`\`\`json\n{"Set": [{"X": "a"}]}\n\`\`\`\n`;
    const { spec, codes } = parse(text);
    expect(spec.response[0]).toMatchObject({ type: 'array', items: { type: 'unknown' } });
    expect(codes).toEqual(['15 untyped-array']);
  });
  it('the spec with inferred models is schema-valid and reads back', () => {
    const { spec } = parse(older([['Entries', 'array']], model('E', ['A']), { Entries: [{ A: 1 }] }));
    const yaml = serializeSpec(spec);
    expect(parseSpecText(yaml, 'p/DescribeThing.yaml').diagnostics).toEqual([]);
  });
});

describe('inferFromExample (property)', () => {
  const name = fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F');
  const models = fc.uniqueArray(fc.record({ name: fc.constantFrom('M1', 'M2', 'M3', 'M4'), fields: fc.uniqueArray(name, { minLength: 1, maxLength: 5 }) }), {
    selector: (m) => m.name,
    minLength: 1,
    maxLength: 4,
  });
  const elements = fc.array(fc.dictionary(name, fc.oneof(fc.integer(), fc.string({ maxLength: 3 }))), { maxLength: 4 });
  it('types a field only with a model that has every example key, and only when no other ties', () => {
    fc.assert(
      fc.property(models, elements, (ms, els) => {
        const defs = new Map<string, ModelDef>(
          ms.map((m) => [
            m.name,
            {
              line: 1,
              lines: new Map(),
              model: { name: m.name, description: '', fields: m.fields.map((f) => ({ name: f, type: 'string', required: false, description: '' })) },
            },
          ]),
        );
        const field: Field = { name: 'Set', type: 'array', items: { type: 'unknown', raw: 'array' }, required: false, description: '' };
        const got = inferFromExample([field], defs, { Set: els });
        const keys = new Set(els.flatMap((e) => Object.keys(e)));
        const fits = ms.filter((m) => keys.size > 0 && [...keys].every((k) => (m.fields as string[]).includes(k)));
        const fewest = Math.min(...fits.map((m) => m.fields.length));
        const best = fits.filter((m) => m.fields.length === fewest);
        if (best.length === 1) {
          expect(got.map((g) => g.model)).toEqual([best[0]!.name]);
          expect(field.items).toEqual({ type: 'model', model: best[0]!.name });
        } else {
          expect(got).toEqual([]);
          expect(field.items).toEqual({ type: 'unknown', raw: 'array' });
        }
      }),
      { numRuns: 500 },
    );
  });
});
