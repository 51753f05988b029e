import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocs } from '../../generator/engine/library.js';
import { parseSpecText, serializeSpec } from '../../generator/spec/io.js';

const GOLDEN = join(import.meta.dirname, '..', 'golden');
const CASES = ['older', 'seeds', 'zh'];

function listYaml(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.split('\\').join('/'))
    .sort();
}

describe.each(CASES)('golden case %s', (name) => {
  const docs = join(GOLDEN, name, 'docs');
  const specDir = join(GOLDEN, name, 'spec');

  it('parses docs to the expected YAML', async () => {
    const r = await parseDocs(docs);
    const got = new Map(r.specs.map((s) => [`${s.product}/${s.action}.yaml`, serializeSpec(s)]));
    if (process.env.UPDATE_GOLDEN === '1') {
      rmSync(specDir, { recursive: true, force: true });
      for (const [rel, text] of got) {
        mkdirSync(dirname(join(specDir, rel)), { recursive: true });
        writeFileSync(join(specDir, rel), text);
      }
    }
    expect([...got.keys()].sort()).toEqual(listYaml(specDir));
    for (const [rel, text] of got) expect(text, rel).toBe(readFileSync(join(specDir, rel), 'utf8'));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('round-trips: parse -> serialize -> parseSpecText -> serialize is byte-identical', () => {
    for (const rel of listYaml(specDir)) {
      const text = readFileSync(join(specDir, rel), 'utf8');
      const back = parseSpecText(text, rel);
      expect(back.diagnostics).toEqual([]);
      expect(serializeSpec(back.spec!)).toBe(text);
    }
  });
});

describe('golden case zh: rules', () => {
  it('reports duplicates, skips and warnings by code', async () => {
    const r = await parseDocs(join(GOLDEN, 'zh', 'docs'));
    const codes = r.diagnostics.map((d) => `${d.file.split('/docs/')[1]}:${d.line} ${d.code}`);
    expect(codes).toContain('uhost-api/describe_widget.md:30 duplicate-param');
    expect(codes).toContain('uhost-api/describe_widget.md:31 unknown-type');
    expect(codes).toContain('uhost-api/describe_widget.md:40 missing-model');
    expect(codes).toContain('umem-api/create_group.md:1 duplicate-action');
    expect(codes).toContain('umem-api/change_log.md:1 not-an-action');
    expect(r.diagnostics.find((d) => d.file.endsWith('put_object.md'))?.message).toMatch(/REST-style/);
    expect(r.skipped).toEqual([
      { source: 'umem-api/change_log.md', reason: 'not-an-action' },
      { source: 'umem-api/create_group.md', reason: 'duplicate' },
      { source: 'umem-api/put_object.md', reason: 'not-an-action' },
    ]);
    const redis = r.specs.find((s) => s.action === 'CreateURedisGroup')!;
    expect(redis.source).toBe('umem-api/create_u_redis_group.md');
  });
});

describe('golden case older: bare arrays typed from the response example', () => {
  it('DescribeNetworkAcl Entries (unknown[] before) is AclEntryInfo[], its TargetResourceList TargetResourceInfo[]', async () => {
    const r = await parseDocs(join(GOLDEN, 'older', 'docs'));
    const codes = r.diagnostics.map((d) => `${d.file.split('/docs/')[1]}:${d.line} ${d.severity} ${d.code}`);
    expect(codes).toEqual(['unetworkacl-api/describe_network_acl.md:28 info inferred-model', 'unetworkacl-api/describe_network_acl.md:54 info inferred-model']);
    const acl = r.specs[0]!.models.find((m) => m.name === 'AclInfo')!;
    expect(acl.fields.find((f) => f.name === 'Entries')).toMatchObject({ type: 'array', items: { type: 'model', model: 'AclEntryInfo' } });
    expect(r.specs[0]!.models.map((m) => m.name)).toEqual(['AclEntryInfo', 'AclInfo', 'AssociationInfo', 'TargetResourceInfo']);
  });
});
