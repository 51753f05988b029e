/**
 * Checks of the waiters an overlay defines (spec/model.ts `Waiter`) against the action's response: the state
 * path must reach a scalar field, through arrays by index; the states should be among the field's documented
 * allowed values when it has some; names are unique; the delays are in order.
 */
import type { ActionSpec, Field, TypeNode } from './model.js';

export interface WaiterProblem {
  /** Where in the overlay: `['waiters', i, 'state']`. */
  path: (string | number)[];
  message: string;
  /** The waiter cannot be generated (its state path names no field, or its name is taken); else it is, with a warning. */
  fatal: boolean;
}

/** The field a dotted state path names, or why it names none. */
export function stateField(spec: ActionSpec, path: string): { field?: Field; problem?: string } {
  const models = new Map(spec.models.map((m) => [m.name, m.fields] as const));
  let fields: readonly Field[] | undefined = spec.response;
  let node: TypeNode | undefined;
  let field: Field | undefined;
  for (const part of path.split('.')) {
    if (/^\d+$/.test(part)) {
      if (node?.type !== 'array' || node.items === undefined) return { problem: `'${part}' indexes ${field?.name ?? 'the response'}, which is not an array` };
      node = node.items;
      fields = node.type === 'model' ? models.get(node.model ?? '') : node.fields;
      continue;
    }
    if (fields === undefined)
      return {
        problem: `'${part}' is read from ${field?.name ?? 'the response'}, which has no fields${node?.type === 'array' ? ' (it is an array: index it first, e.g. .0)' : ''}`,
      };
    field = fields.find((f) => f.name === part);
    if (field === undefined)
      return {
        problem: `the response has no field '${part}' there; fields are ${fields
          .map((f) => f.name)
          .slice(0, 8)
          .join(', ')}`,
      };
    node = field;
    fields = node.type === 'model' ? models.get(node.model ?? '') : node.fields;
  }
  if (field === undefined || !['string', 'integer', 'number'].includes(node?.type ?? ''))
    return { problem: `'${path}' is not a string or number field of the response` };
  return { field };
}

/** The waiters of `spec` that can be generated (no fatal problem). */
export function usableWaiters(spec: ActionSpec): NonNullable<ActionSpec['waiters']> {
  const fatal = new Set(
    waiterProblems(spec)
      .filter((p) => p.fatal)
      .map((p) => p.path[1]),
  );
  return (spec.waiters ?? []).filter((_w, i) => !fatal.has(i));
}

export function waiterProblems(spec: ActionSpec): WaiterProblem[] {
  const out: WaiterProblem[] = [];
  const names = new Set<string>();
  (spec.waiters ?? []).forEach((w, i) => {
    if (names.has(w.name))
      out.push({ path: ['waiters', i, 'name'], message: `waiter ${w.name} is defined twice for ${spec.action}; give each a name of its own`, fatal: true });
    names.add(w.name);
    const { field, problem } = stateField(spec, w.state);
    if (problem !== undefined) {
      out.push({
        path: ['waiters', i, 'state'],
        message: `waiter ${w.name}: state ${problem}; point it at the field that holds the state (e.g. UHostSet.0.State)`,
        fatal: true,
      });
      return;
    }
    const allowed = field?.enum;
    if (allowed !== undefined && allowed.length > 0) {
      for (const key of ['success', 'failure'] as const) {
        const unknown = (w[key] ?? []).filter((v) => !allowed.includes(v));
        if (unknown.length > 0)
          out.push({
            path: ['waiters', i, key],
            message: `waiter ${w.name}: ${key} ${unknown.map((v) => `'${v}'`).join(', ')} not among the documented values of ${w.state} (${allowed.join(', ')})`,
            fatal: false,
          });
      }
    }
    const both = w.success.filter((v) => w.failure?.includes(v));
    if (both.length > 0)
      out.push({ path: ['waiters', i], message: `waiter ${w.name}: ${both.join(', ')} is both a success and a failure state`, fatal: false });
    const d = w.delays;
    if (d?.minDelayMs !== undefined && d.maxDelayMs !== undefined && d.minDelayMs > d.maxDelayMs)
      out.push({ path: ['waiters', i, 'delays'], message: `waiter ${w.name}: minDelayMs is over maxDelayMs`, fatal: false });
  });
  return out;
}
