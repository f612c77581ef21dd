import DataLoader from 'dataloader';
import { In, type EntityTarget, type ObjectLiteral } from 'typeorm';
import type { App } from '../app/app';

/**
 * Building blocks of the per-request DataLoaders. Each module makes its own loaders from these
 * (src/modules/<module>/*.loaders.ts); src/app/loaders.ts puts them together.
 */

/** Rows by id, in the order of the keys (null for a missing id). */
export function byId<T extends ObjectLiteral & { id: string }>(app: App, entity: EntityTarget<T>) {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = await app.db.getRepository(entity).findBy({ id: In(ids as string[]) } as never);
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

/** Counts grouped by one column, for the given keys (missing keys count 0); `sql` selects `k` and `n`. */
export function countBy(app: App, sql: (keys: string) => string) {
  return new DataLoader<string, number>(async (keys) => {
    const rows: { k: string; n: string }[] = await app.db.query(sql('$1'), [keys]);
    const map = new Map(rows.map((r) => [r.k, Number(r.n)]));
    return keys.map((k) => map.get(k) ?? 0);
  });
}

/** Rows grouped by key, one list per key in the keys' order (empty when none). */
export function groupBy<T>(keys: readonly string[], rows: T[], keyOf: (r: T) => string): T[][] {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const k = keyOf(r);
    const list = map.get(k) ?? [];
    list.push(r);
    map.set(k, list);
  }
  return keys.map((k) => map.get(k) ?? []);
}
