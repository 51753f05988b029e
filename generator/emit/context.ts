/**
 * The one context object passed through the emitters: options, compiled templates, collected warnings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { Diagnostic } from '../diagnostics.js';
import { DEFAULTS } from '../options.js';

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

/** The repo's own folders, resolved from this module so the CLI works from any cwd. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function defaultEmitOptions(): EmitOptions {
  return {
    runtimeDir: join(REPO_ROOT, 'runtime'),
    regenerateCommand: DEFAULTS.regenerateCommand,
    templatesDir: join(REPO_ROOT, 'templates'),
  };
}

export function loadTemplates(dir: string): Templates {
  const load = (name: string): Template => {
    const text = readFileSync(join(dir, name), 'utf8');
    return Handlebars.compile(text, { noEscape: true, strict: true });
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
