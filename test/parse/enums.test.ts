/** Allowed values (generator/parse/enums.ts): the forms the docs use, the findings of issues 10 and 13, properties. */
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lintDocs } from '../../generator/lint/lint-docs.js';
import { parseDocs } from '../../generator/engine/library.js';
import { extractEnum, fitEnum } from '../../generator/parse/enums.js';

const FIX = join(import.meta.dirname, '..', 'fixtures', 'parse', 'enums');
const values = (d: string): string[] | undefined => extractEnum(d).hint?.values;

describe('extractEnum: forms', () => {
  it.each([
    ['枚举值：Year/Month/Dynamic', ['Year', 'Month', 'Dynamic']],
    ['枚举值，"aes128", "aes192"。默认值为“aes128”', ['aes128', 'aes192']],
    ['可选值：uhost, uphost。为空拉取所有。', ['uhost', 'uphost']],
    ['可选值uhost、uphost，不填则返回所有', ['uhost', 'uphost']],
    ['Enum values: Fast, Slow', ['Fast', 'Slow']],
    ['模式，枚举值：Fast, Slow', ['Fast', 'Slow']],
    ['枚举值：A、B、C', ['A', 'B', 'C']],
    ['枚举值为UHost或UPHost。', ['UHost', 'UPHost']],
    ['枚举值为[ipvs,iptables]', ['ipvs', 'iptables']],
    ['限定枚举值：“Host”/"Path"', ['Host', 'Path']],
    ['取值“On”（默认值）， “Off”', ['On', 'Off']],
    ['取值"Intel" "Amd"，默认值“Intel”', ['Intel', 'Amd']],
    ['枚举值：`Lite`、`Base`', ['Lite', 'Base']],
    ['枚举值["Intel/Auto", "Amd/Auto"],默认值是"Intel/Auto"。', ['Intel/Auto', 'Amd/Auto']],
    ['枚举：""，Toa', ['', 'Toa']],
    ['ike版本，枚举值： "IKE V1"，"IKE V2"，默认v1', ['IKE V1', 'IKE V2']],
    ['枚举类型：Yes，No，默认值为No', ['Yes', 'No']],
  ])('%j -> %j', (d, want) => expect(values(d)).toEqual(want));

  it.each([
    ['付费方式, 枚举值为: Year, 按年付费; Month, 按月付费；默认为按月付费', { Year: '按年付费', Month: '按月付费' }],
    ['枚举值，包括：标准型：Standard，增强型：Enhanced。', { Standard: '标准型', Enhanced: '增强型' }],
    ['枚举值：Roundrobin -> 轮询;Source -> 源地址。', { Roundrobin: '轮询', Source: '源地址' }],
    ['枚举值：LocalDisk=>本地盘， CloudDisk=>云盘', { LocalDisk: '本地盘', CloudDisk: '云盘' }],
    ['限定枚举值：Regular-正则，Wildcard-泛域名； 默认值：Regular', { Regular: '正则', Wildcard: '泛域名' }],
    ['计费模式。枚举值为：\n\n> Year，按年付费；\n\n> Month，按月付费；\n\n默认为月付', { Year: '按年付费', Month: '按月付费' }],
    ['状态，枚举值：\n\n>初始化: Initializing;\n\n> 安装失败: Install Fail;\n\n> 未知：""', { Initializing: '初始化', 'Install Fail': '安装失败', '': '未知' }],
    ['枚举值：0 禁用 1 启用', { 0: '禁用', 1: '启用' }],
    ['枚举值: 国际: International，BGP: Bgp。\n各地域允许的线路参数如下: cn-sh1: Bgp', { International: '国际', Bgp: 'BGP' }],
    ['取值：\n\non：是。\noff：否。', { on: '是', off: '否' }],
    ['是否加密。Yes：加密，No：不加密，默认值（No）', { Yes: '加密', No: '不加密' }],
  ])('pairs %j', (d, want) => {
    const h = extractEnum(d).hint;
    expect(h?.values).toEqual(Object.keys(want).sort((a, b) => d.indexOf(a === '' ? '""' : a) - d.indexOf(b === '' ? '""' : b)));
    expect(h?.meanings).toEqual(want);
  });

  it.each([
    ['取值范围[1,100]，默认值为1。'],
    ['限定取值：[1-65535]，默认值80'],
    ['取值为1024的倍数'],
    ['当StickinessType取值"UserDefined"时有效'],
    ['当 MachineType 为 "O" 时，支持以下取值：\n- o1i：快杰型\n- o1a：快杰型'],
    ['一组Nodes节点云主机机型，如["N", "C", "O", "OS"]，具体请参照云主机机型。'],
    ['可选“主动模式”与“野蛮模式”'],
    ['如果不传某个枚举值，默认返回年付、月付的价格组合集。'],
    ['JSON 格式的UDisk数据列表, 每项参数可见下面 UDiskDataSet'],
    ['网卡升降级（1，表示升级，2表示降级，0表示不变）'],
    ['ProtocolVersion字段为0时，可设为以下几个值:普通数据盘：DataDisk；普通系统盘：SystemDisk'],
    ['是否开启高可用,enable或disable'],
  ])('no list: %j', (d) => expect(extractEnum(d)).toEqual({ problems: [] }));
});

describe('extractEnum: findings of issues 10 and 13', () => {
  it('a typo inside a list keeps the list and says what was assumed', () => {
    const r = extractEnum('GPU类型，枚举值["V100", "V100S",2080","2080Ti"]，MachineType为G时必填');
    expect(r.hint?.values).toEqual(['V100', 'V100S', '2080', '2080Ti']);
    expect(r.problems).toEqual([{ code: 'enum-typo', message: expect.stringContaining('2080" has an unbalanced quote; read as "2080"') }]);
  });
  it('`...` is never a value: an open list is reported, not taken', () => {
    const r = extractEnum('可用区，枚举值：cn-bj2-02、cn-bj2-03、...');
    expect(r.hint).toBeUndefined();
    expect(r.problems).toEqual([{ code: 'unreadable-enum', message: expect.stringContaining("ends with '...'") }]);
  });
  it('a list it cannot read is a warning, never a silent drop', () => {
    for (const d of ['本端标识。枚举值，自动识别，“auto”；IP地址或域名。', '健康检查方式。限定取值：“Port”/"HTTP/GRPC"，默认值：“Port”'])
      expect(extractEnum(d)).toMatchObject({ problems: [{ code: 'unreadable-enum' }] });
    expect(extractEnum('弹性IP的运营商信息，枚举值为：  Bgp：BGP IP International：国际IP').hint).toBeUndefined();
  });
  it('a page: the list of a parent array row goes to the sub-field it names; lint shows every problem with its line', async () => {
    const r = await parseDocs(FIX);
    const req = r.specs[0]!.request;
    const networks = req.find((f) => f.name === 'Networks')!;
    expect(networks.enum).toBeUndefined();
    expect(networks.items?.fields?.find((f) => f.name === 'Type')?.enum).toEqual(['VPC', 'HybridGW']);
    expect(req.find((f) => f.name === 'BwPackages')!.enum).toBeUndefined();
    expect(req.find((f) => f.name === 'GpuType')!.enum).toEqual(['K80', 'V100S', '2080', 'T4/4']);
    expect(req.find((f) => f.name === 'Zones')!.enum).toBeUndefined();
    expect(req.find((f) => f.name === 'Priority')).toMatchObject({ type: 'integer', enum: ['1', '2'], enumMeanings: { 1: '高', 2: '低' } });
    const lint = await lintDocs(FIX);
    const shown = lint.byPage
      .flatMap((p) => p.diagnostics)
      .filter((d) => d.code.includes('enum'))
      .map((d) => `${d.line} ${d.code} ${d.message.slice(0, 40)}`);
    expect(shown).toEqual([
      "14 unreadable-enum 'BwPackages.N' has sub-fields but its de",
      "17 enum-typo 'GpuType': allowed-value list has a typo",
      "18 unreadable-enum 'Zones': allowed values after '枚举值' cann",
      "20 unreadable-enum 'Protocol': allowed values after '枚举值' c",
    ]);
  });
});

describe('fitEnum', () => {
  it('keeps strings, checks numbers, takes the items of arrays, and gives booleans and objects none', () => {
    expect(fitEnum(['1', '2'], { type: 'integer' })).toEqual({ values: ['1', '2'] });
    expect(fitEnum(['Yes', 'No'], { type: 'integer' }).problem).toMatch(/'Yes', 'No' are not integers but the field is typed integer/);
    expect(fitEnum(['GET'], { type: 'array', items: { type: 'string' } })).toEqual({ values: ['GET'] });
    expect(fitEnum(['true', 'false'], { type: 'boolean' })).toEqual({});
    expect(fitEnum(['a'], { type: 'object' })).toEqual({});
  });
});

describe('extractEnum: properties', () => {
  const token = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,9}$/);
  const list = fc.uniqueArray(token, { minLength: 2, maxLength: 8 });
  it('never throws; values are printable ASCII without duplicates; same input, same output', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), fc.constantFrom('', '枚举值：', '可选值：', '取值', '枚举值['), (s, prefix) => {
        const a = extractEnum(prefix + s);
        expect(extractEnum(prefix + s)).toEqual(a);
        const v = a.hint?.values ?? [];
        expect(new Set(v).size).toBe(v.length);
        for (const x of v) expect(x).toMatch(/^[\x20-\x7e]*$/);
      }),
      { numRuns: 400 },
    );
  });
  it('reads back any list written in a documented form', () => {
    const forms: ((v: string[]) => string)[] = [
      (v) => `类型，枚举值：${v.join('、')}`,
      (v) => `类型，枚举值：${v.join(', ')}。默认为${v[0]}`,
      (v) => `类型，枚举值[${v.map((x) => `"${x}"`).join(', ')}]`,
      (v) => `类型，枚举值：${v.map((x) => `"${x}"`).join('/')}`,
      (v) => `枚举值为：${v.map((x, i) => `${x}，含义${'一二三四五六七八'[i]}`).join('；')}`,
      (v) => `状态，枚举值：\n\n${v.map((x) => `> ${x}，说明`).join('\n\n')}`,
    ];
    fc.assert(
      fc.property(list, fc.nat(forms.length - 1), (v, f) => {
        expect(values(forms[f]!(v))).toEqual(v);
      }),
      { numRuns: 300 },
    );
  });
});
