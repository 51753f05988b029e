#!/usr/bin/env node
// Entry point of the `scloud-gen` CLI: loads the TypeScript sources through tsx, no build step needed.
// The generator runs from a clone of the scloud-sdk repository; the published package ships only the client.
import { existsSync } from 'node:fs';

const cli = new URL('../generator/cli.ts', import.meta.url);
if (!existsSync(cli)) {
  console.error('scloud-gen: the generator sources (generator/) are not here; the published package holds only the client. Run scloud-gen from a clone of the scloud-sdk repository after `npm install`.');
  process.exit(2);
}
const { register } = await import('tsx/esm/api');
register();
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
