import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { DomainError, ErrorCode, notFound } from '../../errors';

/** VERSION_CONFLICT unless the client expects no version or the one the row is at. */
export function checkVersion(what: string, actual: number, expected: number | null | undefined): void {
  if (expected !== null && expected !== undefined && expected !== actual) {
    throw new DomainError(ErrorCode.VERSION_CONFLICT, `${what} is at version ${actual}, not ${expected}: reload it and apply your change again`, [
      'input',
      'expectedVersion',
    ]);
  }
}

/**
 * The first step of every optimistic update: the row locked FOR UPDATE, then the client's
 * expectedVersion checked. NOT_FOUND (at `field`) when there is no row with `id` (null: an id
 * that did not decode) or the viewer may not see it.
 */
export async function lockVersioned<T extends ObjectLiteral & { version: number }>(
  m: EntityManager,
  entity: EntityTarget<T>,
  id: string | null,
  opts: { what: string; field: string[]; expectedVersion?: number | null; visible?: (row: T) => boolean },
): Promise<T> {
  const row = id ? await m.getRepository(entity).createQueryBuilder('r').setLock('pessimistic_write').where('r.id = :id', { id }).getOne() : null;
  if (!row || (opts.visible && !opts.visible(row))) throw notFound(opts.what, opts.field);
  checkVersion(opts.what, row.version, opts.expectedVersion);
  return row;
}
