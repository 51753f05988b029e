// The app's own vitest config (so the repo's config above it is not used): the kit's behaviour file only.
export default { test: { include: ['kit.spec.ts'] } };
