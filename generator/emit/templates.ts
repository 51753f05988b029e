/**
 * The Handlebars templates (headers, indexes, the README), loaded for a run. The compiled generator ships them
 * precompiled (speed measure `precompiled-templates`: `templates.precompiled.cjs` beside this module, written by
 * bin/build-generator.js), which needs only Handlebars' runtime, not its compiler. A precompiled template is used only
 * when it was made from the text of the template file now read (its SHA-1 is in the entry); otherwise, as from the
 * TypeScript sources (tests), the file is compiled. Both give the same function of the same text, so the same output.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha1 } from '../hash.js';
import { measureOn } from '../speed/switches.js';

export type Template = (data: object) => string;

export interface Templates {
  header: Template;
  headerMd: Template;
  index: Template;
  productIndex: Template;
  readme: Template;
}

/** Each template's file in the templates folder. */
export const TEMPLATE_FILES: Readonly<Record<keyof Templates, string>> = {
  header: 'header.hbs',
  headerMd: 'header-md.hbs',
  index: 'index.hbs',
  productIndex: 'product-index.hbs',
  readme: 'readme.hbs',
};

/** Options of every compile and precompile: output is not HTML (no escaping), and a missing field is an error. */
const COMPILE_OPTIONS = { noEscape: true, strict: true } as const;

/** Where build-generator.js writes the precompiled templates (beside the compiled module). */
export const PRECOMPILED_FILE = fileURLToPath(new URL('./templates.precompiled.cjs', import.meta.url));

type Precompiled = Record<string, { hash: string; spec: object }>;
type HandlebarsApi = typeof import('handlebars');

// CommonJS: required, not imported, so Node does not scan them for named exports; and on first use, so a run that
// emits nothing (nothing changed) never loads them.
const require = createRequire(import.meta.url);
let compiler: HandlebarsApi | undefined;
let runtime: HandlebarsApi | undefined;
let precompiled: Precompiled | null | undefined;

const fullHandlebars = (): HandlebarsApi => (compiler ??= require('handlebars') as HandlebarsApi);
/** Handlebars' runtime alone (the compiler includes it: when that is loaded already, it serves). */
const runtimeHandlebars = (): HandlebarsApi => (runtime ??= compiler ?? (require('handlebars/runtime') as HandlebarsApi));

function precompiledTemplates(): Precompiled | null {
  if (precompiled === undefined) precompiled = existsSync(PRECOMPILED_FILE) ? (require(PRECOMPILED_FILE) as Precompiled) : null;
  return precompiled;
}

/** The templates of `dir`, each precompiled when the shipped entry was made from its text, else compiled. */
export function loadTemplates(dir: string): Templates {
  const shipped = measureOn('precompiled-templates') ? precompiledTemplates() : null;
  const load = (file: string): Template => {
    const text = readFileSync(join(dir, file), 'utf8');
    const entry = shipped?.[file];
    if (entry !== undefined && entry.hash === sha1(text)) return runtimeHandlebars().template(entry.spec);
    return fullHandlebars().compile(text, COMPILE_OPTIONS);
  };
  return Object.fromEntries(Object.entries(TEMPLATE_FILES).map(([name, file]) => [name, load(file)])) as unknown as Templates;
}

/** The text of `templates.precompiled.cjs` for the templates in `dir` (bin/build-generator.js writes it). */
export function precompiledModule(dir: string): string {
  const hb = fullHandlebars();
  const entries = Object.values(TEMPLATE_FILES).map((file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    return `  ${JSON.stringify(file)}: { hash: ${JSON.stringify(sha1(text))}, spec: ${hb.precompile(text, COMPILE_OPTIONS) as string} },`;
  });
  return `// Written by bin/build-generator.js: the templates of templates/, precompiled (generator/emit/templates.ts).\nmodule.exports = {\n${entries.join('\n')}\n};\n`;
}
