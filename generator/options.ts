/** Every default of the generator in one place. */
export const DEFAULTS = {
  /** Where the repo's own docs, spec and output live (`npm run generate`). */
  docsDir: 'spec/docs',
  specDir: 'spec/api',
  overridesDir: 'spec/overrides',
  outDir: 'generated',
  /** Base URL that relative doc links and each page's `docUrl` are made absolute against. */
  docsBaseUrl: 'https://docs.scloudsg.com',
  /** Command printed in every generated file's header. */
  regenerateCommand: 'npm run generate',
  mockHost: '127.0.0.1',
} as const;
