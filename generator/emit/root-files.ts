/**
 * The client's root files: `index.ts` (the runtime's public names only, so the package root loads no product),
 * `all/index.ts` (`scloud-sdk/all`: the same names and every product as a namespace), `README.md` (products and
 * actions) and `examples.ts` (the testing kit's index), from what each product's emit left of it (its summary).
 */
import type { EmitContext } from './context.js';
import { examplesIndexText } from './example-modules.js';
import { mdHeader, tsHeader } from './header.js';
import { namedList } from './layout.js';
import { camelCase } from './identifiers.js';
import type { ProductOutput } from './product-files.js';
import { runtimeValueExports, type RuntimeExports } from './runtime-exports.js';
import { ALL_ID } from '../spec/product-table.js';

/** What the root index and README need of a product. */
export interface ProductSummary {
  product: string;
  ident: string;
  facade: string;
  actions: { fn: string; action: string; docUrl: string; title: string; deprecated: boolean }[];
}

/** A product's summary. */
export function summarize(p: ProductOutput): ProductSummary {
  return {
    product: p.product,
    ident: p.ident,
    facade: p.facade,
    actions: p.specs.map((s) => ({
      fn: camelCase(s.action),
      action: s.action,
      docUrl: s.docUrl,
      title: s.title,
      deprecated: s.status?.includes('deprecated') === true,
    })),
  };
}

/** `index.ts`, `all/index.ts`, `README.md` and `examples.ts` of the output root, from every product's summary (sorted by product). */
export function rootFiles(products: readonly ProductSummary[], ctx: EmitContext, root: RuntimeExports): [string, string][] {
  return [
    ['index.ts', rootIndexText(ctx, root)],
    [`${ALL_ID}/index.ts`, allIndexText(products, ctx, root)],
    ['README.md', readmeText(products, ctx)],
    ['examples.ts', examplesIndexText(products, ctx)],
  ];
}

function rootIndexText(ctx: EmitContext, root: RuntimeExports): string {
  return ctx.templates.index({
    header: tsHeader(ctx, 'the SCloud API reference'),
    runtimeValues: runtimeValueExports(root, './runtime'),
    runtimeTypes: root.types.length > 0 ? namedList('export', root.types, './runtime/index.js', true) : '',
  });
}

function allIndexText(products: readonly ProductSummary[], ctx: EmitContext, root: RuntimeExports): string {
  return ctx.templates.all({
    header: tsHeader(ctx, 'every product of the SCloud API reference'),
    runtimeValues: runtimeValueExports(root, '../runtime'),
    runtimeTypes: root.types.length > 0 ? namedList('export', root.types, '../runtime/index.js', true) : '',
    products: products.map((p) => ({
      ident: p.ident,
      dir: p.product,
      title: `${p.product}: ${p.actions.length === 1 ? '1 action' : `${p.actions.length} actions`}.`,
    })),
  });
}

function readmeText(products: readonly ProductSummary[], ctx: EmitContext): string {
  const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
  const first = products[0]?.actions[0];
  return ctx.templates.readme({
    header: mdHeader(ctx, 'every product of the SCloud API reference'),
    actionCount: products.reduce((n, p) => n + p.actions.length, 0),
    productCount: products.length,
    example: {
      product: products[0]?.product ?? 'uhost',
      action: first?.action ?? 'DescribeUHostInstance',
      fn: camelCase(first?.action ?? 'DescribeUHostInstance'),
      facade: products[0]?.facade ?? 'UHostClient',
    },
    products: products.map((p) => ({
      product: p.product,
      facade: p.facade,
      count: p.actions.length,
      actions: p.actions.map((a) => ({ ...a, title: cell(a.title) })),
    })),
  });
}
