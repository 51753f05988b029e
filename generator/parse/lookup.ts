/** The constant tables as Maps (made once per table): a Map lookup never reaches Object.prototype (`constructor`, `__proto__`). */
const maps = new WeakMap<object, Map<string, unknown>>();

/** Own-property lookup in a constant table, so keys such as `constructor` or `__proto__` never hit Object.prototype. */
export function lookup<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  let map = maps.get(table) as Map<string, T> | undefined;
  if (map === undefined) {
    map = new Map(Object.entries(table));
    maps.set(table, map);
  }
  return map.get(key);
}
