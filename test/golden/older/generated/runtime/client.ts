// Test shim of golden output: the real generate copies runtime/ here.
export * from '../../../../../runtime/client.js';
