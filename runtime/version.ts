/**
 * The client's version, sent in the User-Agent. This hand-written copy is a placeholder for the runtime's own
 * tests; the generator writes `<out>/runtime/version.ts` with the version of the client package
 * (`<out>/package.json`), so the published client reports the version it was released as.
 */
export const SDK_VERSION: string = '0.0.0-dev';
