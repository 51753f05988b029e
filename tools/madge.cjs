// Runs madge (`npm run circles`) with TypeScript 5 from this workspace: npm hoists madge's parser to the root
// node_modules, where `typescript` is the repo's TypeScript 7, which has no JavaScript API; so `typescript` is
// resolved here for it. Arguments are madge's.
const Module = require('node:module');
const { join } = require('node:path');

const ts5 = require.resolve('typescript', { paths: [__dirname] });
// oxlint-disable-next-line typescript/unbound-method -- called below with the loader as `this`, as Node calls it
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'typescript' ? ts5 : resolve.call(this, request, ...rest);
};
process.argv = [process.argv[0], join(__dirname, 'node_modules/madge/bin/cli.js'), ...process.argv.slice(2)];
require(process.argv[1]);
