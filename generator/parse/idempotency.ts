/** The `idempotent` flag: derived from the action's leading verb. Unknown verbs are not safe to retry. */

const SAFE = ['Describe', 'Get', 'List', 'Check', 'Query', 'Search', 'Show', 'View', 'Inquire', 'Fetch', 'Count', 'Verify', 'Preview', 'Test'];

/** The leading verb: `DescribeUHostInstance` -> `Describe`. */
export function verbOf(action: string): string {
  return /^[A-Z][a-z]*/.exec(action)?.[0] ?? action;
}

export function isIdempotent(action: string): boolean {
  return SAFE.includes(verbOf(action));
}
