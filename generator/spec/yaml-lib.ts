/**
 * The `yaml` library, loaded on first use: a build writes its specs with the direct writer (yaml-writer.ts) and
 * reads no YAML unless there are overlays, so most runs never load it.
 */
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

let lib: typeof Yaml | undefined;

export function yamlLib(): typeof Yaml {
  lib ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return lib;
}
