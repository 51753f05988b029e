/**
 * Offset/Limit pagination: pages until TotalCount items were seen (or a short/empty page arrives).
 */
import type { CallOptions, Client } from './client.js';
import { SCloudError } from './errors.js';
import type { ActionMeta } from './meta.js';

const DEFAULT_LIMIT = 100;

export async function* paginate<T>(
  client: Client,
  meta: ActionMeta,
  params: object | undefined,
  itemsField: string,
  options?: CallOptions,
): AsyncIterableIterator<T> {
  const base = { ...(params ?? {}) } as Record<string, unknown>;
  let offset = typeof base.Offset === 'number' ? base.Offset : 0;
  const limit = typeof base.Limit === 'number' && base.Limit > 0 ? base.Limit : DEFAULT_LIMIT;
  for (;;) {
    const page = await client.invoke<Record<string, unknown>>(meta, { ...base, Offset: offset, Limit: limit }, options);
    const items = page[itemsField] ?? [];
    if (!Array.isArray(items)) {
      throw new SCloudError(`${meta.action}: response field ${itemsField} is not an array; cannot paginate`, { action: meta.action });
    }
    for (const item of items) yield item as T;
    offset += items.length;
    const total = page.TotalCount;
    if (items.length === 0) return;
    if (typeof total === 'number' ? offset >= total : items.length < limit) return;
  }
}
