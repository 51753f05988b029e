/**
 * Loads an optional package by name at run time: undici (the default transport where it runs), node-fetch (only
 * where there is no global fetch) and @opentelemetry/api (tracing). The name is not a string literal, so a bundler
 * neither inlines the package nor fails when it is missing: esbuild leaves `import(name)` as it is, and the comments
 * tell webpack and Vite to do the same. At run time the package loads from node_modules where it is installed; where
 * it is not (a Worker bundle), the import rejects and the caller takes its other way.
 * @internal
 */
export type OptionalPackage = 'undici' | 'node-fetch' | '@opentelemetry/api';

/** The package's module namespace; rejects when it cannot be loaded here. */
export function importOptional(name: OptionalPackage): Promise<unknown> {
  return import(/* webpackIgnore: true */ /* @vite-ignore */ name) as Promise<unknown>;
}
