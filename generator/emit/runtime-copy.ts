/** `<out>/runtime/`: the hand-written runtime copied under the header, its `version.ts` holding the client's version. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { EmitContext } from './context.js';
import { tsHeader } from './header.js';
import { jsString } from './layout.js';

/**
 * `<runtimeDir>/**\/*.ts` -> `runtime/...` with the header prepended, otherwise verbatim; `version.ts` instead
 * says `clientVersion` (the client package's version) when one is given.
 */
export function runtimeCopies(runtimeDir: string, ctx: EmitContext, clientVersion?: string): [string, string][] {
  const out: [string, string][] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const abs = join(dir, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) {
        const rel = relative(runtimeDir, abs).split('\\').join('/');
        if (rel === 'version.ts' && clientVersion !== undefined) out.push([`runtime/${rel}`, versionFile(ctx, clientVersion)]);
        else out.push([`runtime/${rel}`, `${tsHeader(ctx, `runtime/${rel}`)}\n${readFileSync(abs, 'utf8')}`]);
      }
    }
  };
  walk(runtimeDir);
  return out;
}

function versionFile(ctx: EmitContext, version: string): string {
  return `${tsHeader(ctx, 'the version of the client package (package.json)')}\n/** The client's version (its package.json), sent in the User-Agent. */\nexport const SDK_VERSION: string = ${jsString(version)};\n`;
}
