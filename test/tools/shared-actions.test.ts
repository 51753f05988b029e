/** An action name documented in two products: lint's `action-in-two-products` check over parsed specs. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintDocs } from '../../generator/lint/lint-docs.js';
import { sharedActionDiagnostics, sharedActions } from '../../generator/lint/shared-actions.js';
import { parseDocs } from '../../generator/engine/library.js';
import type { ActionSpec } from '../../generator/spec/model.js';
import { createCustomImage } from './spec-fixtures.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIX = join(ROOT, 'test/fixtures/tools/shared');

const inProduct = (product: string, action = 'CreateCustomImage'): ActionSpec => ({
  ...createCustomImage(),
  action,
  product,
  source: `${product}-api/create_custom_image.md`,
});

describe('sharedActions / sharedActionDiagnostics', () => {
  it('fixture: two names shared by unetworkacl and vpc; the later product (vpc) gets a warning naming the other page', async () => {
    const { specs } = await parseDocs(FIX);
    expect(specs.map((s) => `${s.product}/${s.action}`)).toEqual([
      'unetworkacl/CreateNetworkAcl',
      'unetworkacl/DeleteNetworkAcl',
      'unetworkacl/DescribeNetworkAcl',
      'vpc/CreateNetworkAcl',
      'vpc/CreateVPC',
      'vpc/DeleteNetworkAcl',
    ]);
    expect(sharedActions(specs).map((s) => [s.action, s.specs.map((x) => x.product)])).toEqual([
      ['CreateNetworkAcl', ['unetworkacl', 'vpc']],
      ['DeleteNetworkAcl', ['unetworkacl', 'vpc']],
    ]);
    const ds = sharedActionDiagnostics(specs, 'docs/');
    expect(ds.map((d) => `${d.file}:${d.line}:${d.col} ${d.severity} ${d.code}`)).toEqual([
      'docs/vpc-api/create_network_acl.md:1:1 warning action-in-two-products',
      'docs/vpc-api/delete_network_acl.md:1:1 warning action-in-two-products',
    ]);
    expect(ds[0]!.message).toBe(
      'CreateNetworkAcl is also documented in product unetworkacl (unetworkacl-api/create_network_acl.md); each product keeps its own function, ' +
        "and 'scloud-gen mock' answers CreateNetworkAcl from unetworkacl unless started with --prefer vpc; if these pages describe one API, document it in one product only",
    );
  });

  it("three products: every page but the first product's names both others; order of the input does not matter", () => {
    const specs = [inProduct('ulighthost'), inProduct('ucompshare'), inProduct('uhost'), inProduct('uhost', 'Other')];
    const ds = sharedActionDiagnostics(specs, 'd');
    expect(ds.map((d) => d.file)).toEqual(['d/uhost-api/create_custom_image.md', 'd/ulighthost-api/create_custom_image.md']);
    expect(ds.find((d) => d.file.includes('ulighthost'))!.message).toMatch(
      /^CreateCustomImage is also documented in products ucompshare \(ucompshare-api\/create_custom_image\.md\) and uhost \(uhost-api\/create_custom_image\.md\);/,
    );
    expect(sharedActionDiagnostics([...specs].reverse(), 'd')).toEqual(ds);
  });

  it("two pages of one product are not two products (that is the parser's duplicate-action)", () => {
    expect(sharedActions([inProduct('uhost'), { ...inProduct('uhost'), source: 'uhost-api/create_custom_image_old.md' }])).toEqual([]);
  });

  it('lint reports it on the fixture, counted like any other warning', async () => {
    const r = await lintDocs(FIX);
    expect(r.counts.warning).toEqual({ 'action-in-two-products': 2 });
    expect(r.products).toEqual(['unetworkacl', 'vpc']);
    expect(r.byPage.map((p) => p.file.split('/').slice(-2).join('/'))).toEqual(['vpc-api/create_network_acl.md', 'vpc-api/delete_network_acl.md']);
  });
});
