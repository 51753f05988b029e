/** Own-property lookup in a constant table, so keys such as `constructor` or `__proto__` never hit Object.prototype. */
export function lookup<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
