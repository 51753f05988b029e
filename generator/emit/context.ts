/**
 * The one context object passed through the emitters: options, compiled templates, collected warnings.
 */
import type { Diagnostic } from '../diagnostics.js';
import { DEFAULTS } from '../options.js';
import { assetPath } from '../assets.js';
import { loadTemplates, type Templates } from './templates.js';

export interface EmitOptions {
  /** Folder of the hand-written runtime copied to `<out>/runtime/`. */
  runtimeDir: string;
  /** Command printed in every header. */
  regenerateCommand: string;
  /** Handlebars templates folder. */
  templatesDir: string;
}

export type { Template, Templates } from './templates.js';

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
