#!/usr/bin/env node
// Entry point of the installed `scloud-gen` CLI: the compiled generator. (In the repository, bin/scloud-gen.js
// recompiles it first when its sources changed.)
// V8 flags first (generator/speed/v8-tuning.ts): they apply to the code compiled after them.
const { tuneV8 } = await import('../dist/generator/speed/v8-tuning.js');
tuneV8();
const { main } = await import('../dist/generator/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
