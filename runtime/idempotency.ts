/**
 * The verb rule, for `client.call()` of actions the spec does not know (generated actions carry
 * `meta.idempotent` from the spec instead). An action is safe to retry when its leading verb only reads.
 */

/**
 * Verbs that only read state: retrying them cannot create, bill or delete anything twice. The same list as the
 * parser's rule (generator/parse/idempotency.ts), which sets `idempotent` in the spec; a test keeps them equal.
 */
export const READ_VERBS: ReadonlySet<string> = new Set([
  'Describe',
  'Get',
  'List',
  'Check',
  'Query',
  'Search',
  'Show',
  'View',
  'Inquire',
  'Fetch',
  'Count',
  'Verify',
  'Preview',
  'Test',
]);

/** Verbs that change state (listed for documentation; anything not in READ_VERBS is treated the same). */
export const WRITE_VERBS: ReadonlySet<string> = new Set([
  'Create',
  'Allocate',
  'Delete',
  'Modify',
  'Update',
  'Release',
  'Start',
  'Stop',
  'Reboot',
  'Reset',
  'Resize',
  'Terminate',
  'Bind',
  'Unbind',
  'Attach',
  'Detach',
  'Set',
  'Add',
  'Remove',
  'Import',
  'Upgrade',
  'Buy',
  'Renew',
  'Poweroff',
  'Restart',
  'Copy',
  'Clone',
  'Send',
  'Apply',
  'Cancel',
  'Enable',
  'Disable',
]);

/** The leading verb of an action name: `DescribeUHostInstance` -> `Describe`. */
export function actionVerb(action: string): string {
  return /^[A-Z][a-z]*/.exec(action)?.[0] ?? '';
}

/** True when the verb only reads; unknown verbs default to false (not retried after sending). */
export function isIdempotentAction(action: string): boolean {
  return READ_VERBS.has(actionVerb(action));
}
