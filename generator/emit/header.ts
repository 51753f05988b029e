/**
 * The one fixed header of every generated file: where it comes from, how to regenerate, DO NOT EDIT.
 * No version, no timestamp, so output stays byte-identical across runs and machines.
 */
import type { EmitContext, Template } from './context.js';

/** Sources are single-line and cannot end a comment. */
function safeSource(source: string): string {
  return source
    .replace(/[\r\n]+/g, ' ')
    .replace(/\*\//g, '*\\/')
    .replace(/-->/g, '-- >');
}

/**
 * A header template instantiated once for the run's command, then filled per file by joining around the
 * source: thousands of files, one Handlebars call. Falls back to calling the template when it does anything
 * with the source but print it (checked on two probes).
 */
const filled = new WeakMap<Template, Map<string, (source: string) => string>>();

function header(template: Template, source: string, command: string): string {
  let byCommand = filled.get(template);
  if (byCommand === undefined) filled.set(template, (byCommand = new Map()));
  let fill = byCommand.get(command);
  if (fill === undefined) {
    const parts = template({ source: '\u0000', command }).split('\u0000');
    const probe = (s: string): boolean => parts.join(s) === template({ source: s, command });
    fill = probe('a/b.md') && probe('') ? (s) => parts.join(s) : (s) => template({ source: s, command });
    byCommand.set(command, fill);
  }
  return fill(source);
}

export function tsHeader(ctx: EmitContext, source: string): string {
  return header(ctx.templates.header, safeSource(source), ctx.options.regenerateCommand).trimEnd();
}

export function mdHeader(ctx: EmitContext, source: string): string {
  return header(ctx.templates.headerMd, safeSource(source), ctx.options.regenerateCommand).trimEnd();
}
