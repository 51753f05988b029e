/**
 * The runtime's names the generated entries re-export (the root, `scloud-sdk/all`, each product's index), and the
 * module that defines each value, read off `runtime/index.ts`: entries import a value from there, not from the
 * runtime's index, which re-exports every runtime module (an entry on it would load them all).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { namedList } from './layout.js';

export interface RuntimeExports {
  values: string[];
  types: string[];
  /**
   * The runtime module that defines each value (`Client` -> `client.js`). Entries re-export values from there, not
   * from the runtime's index, so importing a product (or the root) loads, and bundles, only what those values need.
   */
  modules: Readonly<Record<string, string>>;
}

/** `export { ... } from '<dir>/<module>';` lines for the runtime's values, one per defining module, in list order. */
export function runtimeValueExports(runtime: RuntimeExports, dir: string): string {
  const groups = new Map<string, string[]>();
  for (const name of runtime.values) {
    const module = runtime.modules[name] ?? 'index.js';
    groups.set(module, [...(groups.get(module) ?? []), name]);
  }
  return [...groups].map(([module, names]) => namedList('export', names, `${dir}/${module}`, false)).join('\n');
}

/** Public runtime names re-exported by `<out>/index.ts` and `<out>/all/index.ts` (and `Client` by each product index). */
const ROOT_VALUES = [
  'Client',
  'SDK_VERSION',
  'Credentials',
  'SCloudError',
  'ApiError',
  'AuthError',
  'ConfigError',
  'HttpError',
  'NetworkError',
  'ThrottleError',
  'TimeoutError',
  'ValidationError',
  'AbortError',
  'WaiterTimeoutError',
  'WaiterFailedError',
  'waitFor',
  'CredentialsError',
  'fromInstanceMetadata',
  'fromAssumeRole',
  'ResponseDriftError',
];
const ROOT_TYPES = [
  'CallOptions',
  'ClientConfig',
  'RawCallOptions',
  'WithResponse',
  'ResponseInfo',
  'WaiterDefinition',
  'WaiterResult',
  'WaitOptions',
  'LogLevel',
  'CredentialProvider',
  'CredentialsInput',
  'ProvidedCredentials',
  'DriftRecord',
  'ResponseValidation',
];

/** The runtime names the root index and each product index re-export (those the runtime's index has). */
export function runtimeExports(runtimeDir: string): { root: RuntimeExports; perProduct: RuntimeExports } {
  const runtimeIndex = readText(join(runtimeDir, 'index.ts'));
  const exported = (names: string[]): string[] => names.filter((n) => new RegExp(`\\b${n}\\b`).test(runtimeIndex));
  const modules = valueModules(runtimeIndex);
  const root: RuntimeExports = { values: exported(ROOT_VALUES), types: exported(ROOT_TYPES), modules };
  return { root, perProduct: { values: exported(['Client']), types: root.types, modules } };
}

/** Which module each value of the runtime's index comes from: its `export { a, b, type C } from './m.js'` lines. */
function valueModules(runtimeIndex: string): Record<string, string> {
  const modules: Record<string, string> = {};
  for (const m of runtimeIndex.matchAll(/export\s*\{([^}]*)\}\s*from\s*'\.\/([^']+)'/g)) {
    for (const entry of m[1]!.split(',')) {
      const name = entry.trim();
      if (name !== '' && !name.startsWith('type ')) modules[name] = m[2]!;
    }
  }
  return modules;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
