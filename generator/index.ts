/**
 * Library entry of the `scloud-gen` package: the same stages the CLI runs, for tools that drive them
 * themselves. `main(argv)` is the CLI (returns its exit code).
 */
export { main } from './cli/main.js';
export { parsePage, type PageResult, type ParseOptions } from './parse/docs.js';
export { generateFiles, parseDocs, type GenerateOptions, type GenerateResult, type ParseDocsResult } from './engine/library.js';
export { parseSpecText, readSpecDir, serializeSpec, type SpecDir } from './spec/io.js';
export { parseAliases, readAliases, serializeAliases, type AliasEntry } from './spec/aliases.js';
export type { ActionSpec, Examples, Field, Model, TypeNode } from './spec/model.js';
export { validateSpec } from './spec/schema.js';
export { diffSpecs, type Change, type DiffReport } from './diff/compare.js';
export { lintDocs, type LintReport } from './lint/lint-docs.js';
export { startMockServer, type MockServer, type MockServerOptions } from './mock/server.js';
export type { Diagnostic, Severity } from './diagnostics.js';
export { driftReport, renderDriftJson, renderDriftText, type DriftOptions, type DriftReport } from './drift/report.js';
