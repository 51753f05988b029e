#!/usr/bin/env node
// Entry point of the `scloud-gen` CLI: loads the TypeScript sources through tsx, no build step needed.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../generator/cli.ts');
process.exitCode = await main(process.argv.slice(2));
