/**
 * render.ts gives a one-line property type to ts-morph with the property's name (no code writer per type); the
 * printed text must be what ts-morph prints for the plain structure (`name`, `hasQuestionToken`, `type`).
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { interfaceStructure, printStatements } from '../../generator/emit/print.js';
import type { InterfaceIR } from '../../generator/emit/type-text.js';

const { printStructure, StructureKind } = createRequire(import.meta.url)('ts-morph') as typeof import('ts-morph');

const noDoc = { description: '', tags: [] };
const cases: { given: string; name: string; type: string; optional: boolean }[] = [
  { given: 'a plain type', name: 'ImageId', type: 'string', optional: false },
  { given: 'an optional field', name: 'Zone', type: 'string', optional: true },
  { given: 'a quoted name', name: "'Disks.N.Type'", type: 'number', optional: true },
  { given: 'an open union with quotes and parentheses', name: 'ChargeType', type: "'Year' | 'Month' | (string & {})", optional: true },
  { given: 'nested arrays of a model', name: 'Sets', type: 'Array<Array<UHostIPSet>>', optional: false },
  { given: 'a string literal with a quote inside', name: 'Quote', type: '"it\'s" | \'a "b"\'', optional: true },
  { given: 'a template literal type', name: 'Tpl', type: '`cn-${string}`', optional: true },
  { given: 'a free-form object', name: 'Tags', type: 'Record<string, unknown>', optional: true },
  { given: 'an object type over several lines (printed through `type`)', name: 'Shape', type: '{\n  a: string;\n  b?: number;\n}', optional: true },
];

/** What ts-morph prints for the interface given as plain property structures. */
function plain(i: InterfaceIR): string {
  const structure = {
    kind: StructureKind.Interface,
    name: i.name,
    isExported: true,
    properties: i.props.map((p) => ({ name: p.name, type: p.type, hasQuestionToken: p.optional, docs: p.docs.description === '' ? [] : [p.docs.description] })),
  } as const;
  return `${printStructure({ kind: StructureKind.SourceFile, statements: [structure] }, { indentNumberOfSpaces: 2, useSingleQuote: true }).replace(/\n+$/, '')}\n`;
}

describe('interface properties', () => {
  it.each(cases)('$given: printed as ts-morph prints name, ? and type', ({ name, type, optional }) => {
    const ir: InterfaceIR = {
      name: 'Shape',
      docs: noDoc,
      props: [
        { name, type, optional, docs: { description: `The ${name}.`, tags: [] } },
        { name: 'Last', type: 'boolean', optional: false, docs: noDoc },
      ],
    };
    expect(printStatements([interfaceStructure(ir)])).toBe(plain(ir));
  });

  it('all of them in one interface', () => {
    const ir: InterfaceIR = { name: 'All', docs: noDoc, props: cases.map((c) => ({ name: c.name, type: c.type, optional: c.optional, docs: noDoc })) };
    expect(printStatements([interfaceStructure(ir)])).toBe(plain(ir));
  });
});
