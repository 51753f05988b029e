/**
 * The Handlebars templates (headers, indexes, the README), compiled for a run on first use, so a run that emits
 * nothing (nothing changed) never loads Handlebars.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export type Template = (data: object) => string;

export interface Templates {
  header: Template;
  headerMd: Template;
  index: Template;
  all: Template;
  productIndex: Template;
  readme: Template;
}

/** Each template's file in the templates folder. */
export const TEMPLATE_FILES: Readonly<Record<keyof Templates, string>> = {
  header: 'header.hbs',
  headerMd: 'header-md.hbs',
  index: 'index.hbs',
  all: 'all.hbs',
  productIndex: 'product-index.hbs',
  readme: 'readme.hbs',
};

/** Options of every compile: output is not HTML (no escaping), and a missing field is an error. */
const COMPILE_OPTIONS = { noEscape: true, strict: true } as const;

// CommonJS: required, not imported, so Node does not scan it for named exports.
const require = createRequire(import.meta.url);
let handlebars: typeof import('handlebars') | undefined;

/** The templates of `dir`, compiled. */
export function loadTemplates(dir: string): Templates {
  const hb = (handlebars ??= require('handlebars') as typeof import('handlebars'));
  const load = (file: string): Template => hb.compile(readFileSync(join(dir, file), 'utf8'), COMPILE_OPTIONS);
  return Object.fromEntries(Object.entries(TEMPLATE_FILES).map(([name, file]) => [name, load(file)])) as unknown as Templates;
}
