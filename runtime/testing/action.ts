/**
 * Which action a generated function calls. Generated functions do not carry their meta (that would cost every
 * bundle bytes), and their names do not survive minification, so the kit asks the function itself: it calls it
 * once with a probe client whose `invoke` records the meta it is given and resolves at once. Nothing is sent.
 * The meta object (not the name) identifies the action, so one name documented by two products stays two actions.
 */
import type { ActionMeta } from '../meta.js';

const known = new WeakMap<object, ActionMeta>();

/** The meta a generated action function passes to `client.invoke` (cached per function). */
export function metaOf(fn: unknown, where: string): ActionMeta {
  if (typeof fn !== 'function') {
    throw new TypeError(
      `${where}: expected a generated action function (e.g. describeUHostInstance) or an action name, got ${fn === null ? 'null' : typeof fn}`,
    );
  }
  const cached = known.get(fn);
  if (cached !== undefined) return cached;
  let seen: ActionMeta | undefined;
  const probe = {
    invoke(meta: ActionMeta): Promise<undefined> {
      seen ??= meta;
      return Promise.resolve(undefined);
    },
  };
  try {
    // `this` too: a class facade's method calls `fn(this, ...)`.
    const result = (fn as (this: unknown, client: unknown) => unknown).call(probe, probe);
    if (typeof (result as { then?: unknown } | undefined)?.then === 'function') (result as Promise<unknown>).then(undefined, () => undefined);
  } catch {
    // Not a generated action (it threw before calling invoke): reported below.
  }
  if (seen === undefined || typeof seen.action !== 'string') {
    const name = (fn as { name?: string }).name;
    throw new TypeError(
      `${where}: ${name === undefined || name === '' ? 'this function' : name} is not a generated action function (it did not call client.invoke); ` +
        'pass the action function itself (mock.on(describeUHostInstance), not paginateDescribeUHostInstance or a waiter), or the action name as a string',
    );
  }
  known.set(fn, seen);
  return seen;
}
