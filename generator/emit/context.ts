/**
 * The one context object passed through the emitters: options, compiled templates, collected warnings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { Diagnostic } from '../diagnostics.js';
import { DEFAULTS } from '../options.js';
import { assetPath } from '../paths.js';

export interface EmitOptions {
  /** Folder of the hand-written runtime copied to `<out>/runtime/`. */
  runtimeDir: string;
  /** Command printed in every header. */
  regenerateCommand: string;
  /** Handlebars templates folder. */
  templatesDir: string;
}

export type Template = (data: object) => string;

export interface Templates {
  header: Template;
  headerMd: Template;
  index: Template;
  productIndex: Template;
  readme: Template;
}

export interface EmitContext {
  readonly options: EmitOptions;
  readonly templates: Templates;
  readonly warnings: Diagnostic[];
  warn(file: string, code: string, message: string): void;
}

export function defaultEmitOptions(): EmitOptions {
  return {
    runtimeDir: assetPath('runtime'),
    regenerateCommand: DEFAULTS.regenerateCommand,
    templatesDir: assetPath('templates'),
  };
}

// CommonJS: required, not imported, so Node does not scan it for named exports; and on first use, so a run that
// emits nothing (nothing changed) never loads it (about 25 ms).
let handlebars: typeof import('handlebars') | undefined;

export function loadTemplates(dir: string): Templates {
  handlebars ??= createRequire(import.meta.url)('handlebars') as typeof import('handlebars');
  const hb = handlebars;
  const load = (name: string): Template => {
    const text = readFileSync(join(dir, name), 'utf8');
    return hb.compile(text, { noEscape: true, strict: true });
  };
  return {
    header: load('header.hbs'),
    headerMd: load('header-md.hbs'),
    index: load('index.hbs'),
    productIndex: load('product-index.hbs'),
    readme: load('readme.hbs'),
  };
}

export function createContext(options: EmitOptions = defaultEmitOptions()): EmitContext {
  const warnings: Diagnostic[] = [];
  return {
    options,
    templates: loadTemplates(options.templatesDir),
    warnings,
    warn(file, code, message) {
      warnings.push({ file, line: 0, col: 0, severity: 'warning', code, message });
    },
  };
}
