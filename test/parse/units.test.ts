import { marked, type Tokens } from 'marked';
import { describe, expect, it } from 'vitest';
import { absoluteLink, cleanDescription, extractHints } from '../../generator/parse/description.js';
import { isIdempotent } from '../../generator/parse/idempotency.js';
import { headingKey, roleOf, splitSections } from '../../generator/parse/sections.js';
import { cleanCell, cleanName, parseRequired, readTable } from '../../generator/parse/table.js';
import { parseTitle } from '../../generator/parse/title.js';
import { normaliseType } from '../../generator/parse/type-cell.js';

const BASE = 'https://docs.example.com';

describe('title', () => {
  it.each([
    ['创建云主机 - CreateUHostInstance', { title: '创建云主机', action: 'CreateUHostInstance' }],
    ['创建主备redis-CreateURedisGroup', { title: '创建主备redis', action: 'CreateURedisGroup' }],
    ['查询空间  -DescribeUMemSpace', { title: '查询空间', action: 'DescribeUMemSpace' }],
    ['**Create Custom Image - CreateCustomImage**', { title: 'Create Custom Image', action: 'CreateCustomImage' }],
    ['Create Custom Image - **CreateCustomImage**', { title: 'Create Custom Image', action: 'CreateCustomImage' }],
    ['Create BareMetal 2.0 User-defined Image - CreatePHostImage', { title: 'Create BareMetal 2.0 User-defined Image', action: 'CreatePHostImage' }],
    ['【已废弃】旧接口 - OldThing', { title: '旧接口', action: 'OldThing', status: ['deprecated'] }],
    ['新接口【新】 - NewThing', { title: '新接口', action: 'NewThing', status: ['new'] }],
    ['【测试】接口 - T', { title: '接口', action: 'T', status: ['测试'] }],
    ['更新日志', { title: '更新日志' }],
    ['a - b c', { title: 'a - b c' }],
  ])('%s', (given, want) => expect(parseTitle(given)).toEqual(want));
});

describe('section roles', () => {
  it.each([
    ['Request Parameters', 'request'],
    ['**请求参数：**', 'request'],
    ['请求参数:', 'request'],
    ['  响应字段（部分） ', 'response'],
    ['Response Elements', 'response'],
    ['Response Field', 'response'],
    ['数据模型', 'models'],
    ['Public Parameters', 'public'],
    ['Request Example', 'requestExample'],
    ['响应示例', 'responseExample'],
    ['简介', 'overview'],
    ['UHostInstanceSet', 'model'],
    ['机型与磁盘关系', 'other'],
  ])('%s -> %s', (given, want) => expect(roleOf(given).role).toBe(want));
  it('normalises heading keys', () => expect(headingKey('**Data Model**：')).toBe('data model'));
  it('tracks lines of headings, tables and code', () => {
    const doc = splitSections('# T - A\n\ntext\n\n## 请求参数\n\n|a|b|\n|-|-|\n|x|y|\n\n```\ncode\n```\n');
    expect(doc.headings.map((h) => h.line)).toEqual([1, 5]);
    const req = doc.sections.find((s) => s.role === 'request')!;
    expect(req.blocks.map((b) => [b.kind, b.line])).toEqual([
      ['table', 7],
      ['code', 11],
    ]);
  });
});

function table(md: string): Tokens.Table {
  return marked.lexer(md, { gfm: true }).find((t) => t.type === 'table') as Tokens.Table;
}

describe('table cells', () => {
  it.each([
    ['a\\|b', 'a|b'],
    ['\\~x\\_y', '~x_y'],
    ['\t\u00a0x\u00a0 ', 'x'],
  ])('cleanCell(%j)', (given, want) => expect(cleanCell(given)).toBe(want));
  it.each([
    ['**Name**', 'Name'],
    ['`X.N`', 'X.N'],
    ['*Y*', 'Y'],
  ])('cleanName(%j)', (g, w) => expect(cleanName(g)).toBe(w));
  it.each([
    ['**Yes**', true],
    ['Yes', true],
    ['No', false],
    ['', false],
    ['是', true],
    ['maybe', undefined],
  ])('parseRequired(%j)', (g, w) => expect(parseRequired(g)).toBe(w));
  it('reads rows with their lines, escaped pipes, header-only tables', () => {
    const r = readTable(table('|参数名|类型|描述信息|必填|\n|---|---|---|---|\n|**A**|string|x \\| y|**Yes**|\n|B|int||No|\n'), 10);
    expect(r.rows).toEqual([
      { name: 'A', type: 'string', description: 'x | y', required: true, line: 12 },
      { name: 'B', type: 'int', description: '', required: false, line: 13 },
    ]);
    expect(readTable(table('|Parameter name|Type|Description|Required|\n|---|---|---|---|\n'), 1).rows).toEqual([]);
  });
  it('warns on an odd required cell', () => {
    const r = readTable(table('|Name|Type|Description|Required|\n|-|-|-|-|\n|A|string|d|maybe|\n'), 1);
    expect(r.problems.map((p) => p.code)).toEqual(['bad-required']);
  });
});

describe('types', () => {
  it.each([
    ['string', { type: 'string' }],
    ['int', { type: 'integer' }],
    ['Integer', { type: 'integer' }],
    ['float', { type: 'number' }],
    ['bool', { type: 'boolean' }],
    ['boolean', { type: 'boolean' }],
    ['array[string]', { type: 'array', items: { type: 'string' } }],
    ['array[int]', { type: 'array', items: { type: 'integer' } }],
    ['[*UHostKeyPair*](#UHostKeyPair)', { type: 'model', model: 'UHostKeyPair' }],
    ['array[[*RuleAction*](#RuleCondition)]', { type: 'array', items: { type: 'model', model: 'RuleAction' } }],
    ['object', { type: 'object' }],
    ['map<string>', { type: 'unknown', raw: 'map<string>' }],
  ])('%s', (given, want) => expect(normaliseType(given).node).toEqual(want));
  it('flags bare array/object and unknown', () => {
    expect(normaliseType('array').bare).toBe('array');
    expect(normaliseType('object').bare).toBe('object');
    expect(normaliseType('blob').unknown).toBe(true);
  });
});

describe('descriptions', () => {
  it.each([
    ['a<br>b<br/>c<br />d', 'a\nb\nc\nd'],
    ['支持 <ip-address> 格式', '支持 <ip-address> 格式'],
    ['see [R](/docs/api/summary/regionlist)', `see [R](${BASE}/docs/api/summary/regionlist)`],
    ['see [R](api/summary/regionlist)', `see [R](${BASE}/docs/api/summary/regionlist)`],
    ['see [C](https://console.example.com/x)', 'see [C](https://console.example.com/x)'],
    ['see [M](#Model)', 'see [M](#Model)'],
  ])('%j', (given, want) => expect(cleanDescription(given, BASE)).toBe(want));
  it('absoluteLink keeps mailto', () => expect(absoluteLink('mailto:a@b', BASE)).toBe('mailto:a@b'));
  it.each([
    ['Image Business Group. Default: Default', { default: 'Default' }],
    ['列表起始位置偏移量，默认为0', { default: '0' }],
    ['默认值：20', { default: '20' }],
    ['默认为1，最大为默认为2', {}],
    ['默认值：o1i 或 o1a或o1r（系统自动选择）', {}],
    // Allowed values moved to generator/parse/enums.ts (test/parse/enums.test.ts): hints carry none.
    ['枚举值["Intel/Auto", "Amd/Auto"],默认值是"Intel/Auto"。', { default: 'Intel/Auto' }],
    ['模式，枚举值：Fast, Slow', {}],
    ['【已废弃】旧参数', { deprecated: true }],
    ['Deprecated, use X', { deprecated: true }],
    ['是否开启高可用,enable或disable', {}],
  ])('hints %j', (given, want) => expect(extractHints(given)).toEqual(want));
});

describe('idempotency', () => {
  it.each([
    ['DescribeUHostInstance', true],
    ['GetUHostInstancePrice', true],
    ['ListCubePod', true],
    ['CheckX', true],
    ['QueryY', true],
    ['CreateUHostInstance', false],
    ['AllocateEIP', false],
    ['DeleteX', false],
    ['ModifyX', false],
    ['StopX', false],
  ])('%s -> %s', (action, want) => expect(isIdempotent(action)).toBe(want));
});
