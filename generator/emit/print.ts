/**
 * IR -> TypeScript text. Declarations are ts-morph STRUCTURES printed in one batched call per file with
 * `printStructure` (no parse, no manipulation API, whose per-node calls are far slower);
 * imports, signatures and the meta literal are laid out by layout.ts in prettier's style.
 * Imported lazily (printer.ts): a run whose output is all cached never loads ts-morph.
 */
import type { InterfaceDeclarationStructure, PropertySignatureStructure, StatementStructures } from 'ts-morph';
import type { ActionFileIR, ConstIR, FunctionIR, ParamIR } from './action.js';
import { buildDoc, renderDoc, type DocIR } from './jsdoc.js';
import type { FacadeIR } from './facade.js';
import type { AliasIR } from './models-file.js';
import { constList, constRecord, namedList, printLit, returnCall, signature, unionProperty } from './layout.js';
import type { InterfaceIR, ListIR } from './type-text.js';
import { requireCached } from '../speed/code-cache.js';

// ts-morph is CommonJS: required, not imported, so Node does not scan its 10 MB (TypeScript included) for named
// exports (cjs-module-lexer); its compiled code comes from the code cache when there is one (speed/code-cache.ts).
const { printStructure, StructureKind } = requireCached<typeof import('ts-morph')>('ts-morph', import.meta.url);

/** Print one file from its statements in a single batched call. */
export function printStatements(statements: (string | StatementStructures)[]): string {
  // Runs of structures go through ts-morph in one call; the parts the emitter already laid out as text (header,
  // imports, meta, functions) are joined around them as ts-morph joins statements (a blank line next to a
  // structure, a line break between two texts) instead of being fed through its code writer character by character.
  const parts: { text: string; structure: boolean }[] = [];
  let batch: StatementStructures[] = [];
  const flush = (): void => {
    if (batch.length === 0) return;
    const text = printStructure({ kind: StructureKind.SourceFile, statements: batch }, { indentNumberOfSpaces: 2, useSingleQuote: true });
    parts.push({ text: withoutTrailingNewlines(text), structure: true });
    batch = [];
  };
  for (const s of statements) {
    if (typeof s !== 'string') batch.push(s);
    else {
      flush();
      parts.push({ text: withoutTrailingNewlines(s), structure: false });
    }
  }
  flush();
  let out = '';
  parts.forEach((p, i) => {
    if (i > 0) out += p.structure || parts[i - 1]!.structure ? '\n\n' : '\n';
    out += p.text;
  });
  return `${out}\n`;
}

function withoutTrailingNewlines(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 10) end--;
  return end === text.length ? text : text.slice(0, end);
}

/**
 * A doc comment as the text ts-morph's JSDoc printer would build from `{ description, tags }`: given as a
 * string, the printer uses it directly instead of making a code writer per comment and per tag (two thirds of
 * the printing time on the full reference).
 */
function docs(d: DocIR): string[] {
  if (d.description === '' && d.tags.length === 0) return [];
  const tags = d.tags.map((t) => (t.text === '' ? `@${t.tagName}` : `@${t.tagName} ${t.text}`)).join('\n');
  return [d.description === '' ? tags : tags === '' ? d.description : `${d.description}\n${tags}`];
}

export function interfaceStructure(i: InterfaceIR): InterfaceDeclarationStructure {
  return {
    kind: StructureKind.Interface,
    name: i.name,
    isExported: true,
    docs: docs(i.docs),
    properties: i.props.map(propertySignature),
  };
}

/**
 * A property signature. A one-line type is given with the name (`Name?: Type`, printed exactly as ts-morph prints
 * `name` + `?` + `: ` + type), because ts-morph makes a code writer for every `type` it prints (29k on the full
 * reference, a tenth of the printing); a type that spans lines goes through `type`, where ts-morph indents it.
 */
function propertySignature(p: InterfaceIR['props'][number]): PropertySignatureStructure {
  if (p.type.includes('\n')) return { kind: StructureKind.PropertySignature, name: p.name, type: p.type, hasQuestionToken: p.optional, docs: docs(p.docs) };
  return { kind: StructureKind.PropertySignature, name: `${p.name}${p.optional ? '?' : ''}: ${p.type}`, docs: docs(p.docs) };
}

const paramText = (p: ParamIR): string => `${p.name}${p.optional ? '?' : ''}: ${p.type}`;

/** Doc comment then text, or the text alone when there is no doc. */
function documented(doc: string, text: string): string {
  return doc === '' ? text : `${doc}\n${text}`;
}

/** A function, its overload signatures (each with its doc comment) first. */
function functionText(f: FunctionIR): string {
  const prefix = `export ${f.isAsync ? 'async ' : ''}function ${f.name}`;
  const overloads = (f.overloads ?? []).map((o) =>
    documented(renderDoc(o.docs), signature(`export function ${f.name}`, o.params.map(paramText), o.returnType, '', ';')),
  );
  const head = signature(prefix, f.params.map(paramText), f.returnType);
  const body = `${head}\n${returnCall(f.call.callee, f.call.args)}\n}`;
  return [...overloads, f.overloads === undefined ? documented(renderDoc(f.docs), body) : body].join('\n');
}

/** A const of the file: doc comment, `export const name: Type = literal;`. */
function constText(c: ConstIR): string {
  const prefix = `export const ${c.name}: ${c.type} = `;
  return documented(renderDoc(c.docs), `${prefix}${printLit(c.value, '', prefix.length, ';')};`);
}

export function printActionFile(ir: ActionFileIR, header: string): string {
  const imports = [namedList('import', ir.runtimeTypes, '../runtime/index.js', true)];
  for (const v of ir.runtimeValues) imports.push(namedList('import', [v.name], `../runtime/${v.module}`, false));
  if (ir.modelImports.length > 0) imports.push(namedList('import', ir.modelImports, './models.js', true));
  const prefix = `export const ${ir.meta.name}: ActionMeta = `;
  const meta = `${renderDoc(ir.meta.docs)}\n${prefix}${printLit(ir.meta.value, '', prefix.length, ';')};`;
  const code = [meta, ...ir.consts.map(constText), ...ir.functions.map(functionText)].join('\n\n');
  const lists = listsText(ir.interfaces);
  return layoutUnions(
    printStatements([`${header}\n${imports.join('\n')}`, ...ir.interfaces.map(interfaceOrEmpty), ...(lists === '' ? [] : [lists]), code]),
    ir.interfaces,
  );
}

/** `models.ts` (or any file of interfaces): the interfaces, their lists, then the deprecated aliases of renamed models. */
export function printInterfacesFile(header: string, interfaces: InterfaceIR[], aliases: readonly AliasIR[] = []): string {
  const tail = [listsText(interfaces), aliasesText(aliases)].filter((t) => t !== '');
  return layoutUnions(printStatements([header, ...interfaces.map(interfaceOrEmpty), ...tail]), interfaces);
}

function aliasesText(aliases: readonly AliasIR[]): string {
  return aliases.map((a) => documented(renderDoc(a.docs), `export ${a.kind === 'type' ? 'type' : 'const'} ${a.name} = ${a.target};`)).join('\n\n');
}

/**
 * The allowed-value lists of a file's interfaces, in field order: each `...Values` const, its `...Meanings` after
 * it, typed by a file-local helper (declared once, under a name no interface or list of the file has).
 */
function listsText(interfaces: readonly InterfaceIR[]): string {
  const lists = interfaces.flatMap((i) => i.props.flatMap((p) => (p.list === undefined ? [] : [p.list])));
  if (lists.length === 0) return '';
  const taken = new Set([...interfaces.map((i) => i.name), ...lists.flatMap((l) => [l.values, l.meanings?.name ?? ''])]);
  let helper = 'AllowedMeanings';
  for (let i = 2; taken.has(helper); i++) helper = `AllowedMeanings${i}`;
  const blocks = lists.map((l) => listText(l, helper));
  if (lists.some((l) => l.meanings !== undefined)) {
    blocks.unshift(
      `/** What the docs say each allowed value means (a value they explain no further has no entry). */\ntype ${helper}<T extends readonly (string | number)[]> = { readonly [V in T[number]]?: string };`,
    );
  }
  return blocks.join('\n\n');
}

function listText(l: ListIR, helper: string): string {
  const field = `\`${l.field}\``;
  const values = `/** Allowed values of ${field}, as the docs list them. */\n${constList(l.values, l.literals, l.numeric)}`;
  if (l.meanings === undefined) return values;
  const meanings = constRecord(l.meanings.name, { generic: helper, arg: `typeof ${l.values}` }, l.meanings.entries);
  return `${values}\n/** Meanings of the allowed values of ${field}, as the docs give them. */\n${meanings}`;
}

/** ts-morph prints every property on one line; allowed-value unions over the width get prettier's layout. */
function layoutUnions(text: string, interfaces: InterfaceIR[]): string {
  let out = text;
  for (const i of interfaces)
    for (const p of i.props) {
      if (p.union === undefined) continue;
      const head = `${p.name}${p.optional ? '?' : ''}`;
      const one = `\n  ${head}: ${p.type};\n`;
      const laid = unionProperty(head, p.union);
      if (laid.includes('\n')) out = out.split(one).join(`\n${laid}\n`);
    }
  return out;
}

/** ts-morph prints an empty body as `{\n}`; prettier's `{}` is written directly. */
function interfaceOrEmpty(i: InterfaceIR): string | StatementStructures {
  if (i.props.length > 0) return interfaceStructure(i);
  const doc = renderDoc(i.docs);
  return `${doc === '' ? '' : `${doc}\n`}export interface ${i.name} {}`;
}

/**
 * `<product>/client.ts`: a class extending Client whose methods call the action functions with `this`.
 * Laid out as text in prettier's style (methods are signatures + one return, like the functions).
 */
export function printFacadeFile(header: string, ir: FacadeIR): string {
  const runtimeTypes = ir.types.find((t) => t.from === '../runtime/index.js')?.names ?? [];
  const imports = [
    namedList('import', ['Client'], `../runtime/${ir.clientModule}`, false),
    namedList('import', ['CallOptions', 'RawCallOptions', 'WithResponse', ...runtimeTypes], '../runtime/index.js', true),
  ];
  for (const i of ir.imports) imports.push(namedList('import', i.names, `./${i.file}.js`, false));
  for (const t of ir.types) if (t.from !== '../runtime/index.js') imports.push(namedList('import', t.names, t.from, true));
  const doc = renderDoc(
    buildDoc({
      description: `${ir.product} as a class: \`new ${ir.name}(config).<action>(params)\`.\nThe same calls as the functions of \`scloud-sdk/${ir.product}\`, which stay the tree-shakable surface;\nthis class pulls in every ${ir.product} action.`,
    }),
  );
  const methods = ir.methods.map((m) => {
    const overloads = (m.overloads ?? []).map((o) => documented(renderDoc(o.docs, '  '), signature(m.name, o.params.map(paramText), o.returnType, '  ', ';')));
    const body = [signature(m.name, m.params.map(paramText), m.returnType, '  '), returnCall(m.callee, m.args, '    '), '  }'].join('\n');
    return [...overloads, m.overloads === undefined ? documented(renderDoc(m.docs, '  '), body) : body].join('\n');
  });
  const cls = `${doc}\nexport class ${ir.name} extends Client {\n${methods.join('\n\n')}\n}`;
  return printStatements([`${header}\n${imports.join('\n')}\n\n${cls}`]);
}
