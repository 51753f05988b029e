#!/usr/bin/env node
// Entry point of the installed `scloud-gen` CLI: the compiled generator. (In the repository, bin/scloud-gen.js
// recompiles it first when its sources changed.)
const { main } = await import('../dist/generator/cli.js');
process.exitCode = await main(process.argv.slice(2));
