import { inTransaction, type Tx } from '../../db/tx';
import { DomainError } from '../../graphql/errors';
import type { Ctx } from '../../graphql/context';
import { log } from '../../logger';
import { ErrorCode } from './enums';
import { idempotencyKey } from './validate';

export type Ids = Record<string, string | null>;

/**
 * The one way a mutation runs: one transaction; a DomainError (or a constraint the database
 * enforces) rolls it back and comes back as a userError; anything else is a real failure.
 *
 * With an idempotency key, the first result is stored under (operation, caller, key) in the
 * same transaction; a retry gets that result back and writes nothing. Concurrent retries
 * queue on the key's row, so only one of them runs.
 */
export async function runMutation<P extends object>(
  ctx: Ctx,
  op: {
    name: string;
    key?: string | null;
    run: (tx: Tx) => Promise<Ids>;
    /** builds the payload from the ids the run returned (also for a replayed result) */
    load: (ids: Ids) => Promise<P>;
  },
): Promise<P & { userErrors: { code: ErrorCode; message: string; field: string[] | null }[] }> {
  try {
    const key = idempotencyKey(op.key);
    const ids = await inTransaction(ctx.app.db, async (tx) => {
      if (key) {
        const scope = `${op.name}:${ctx.viewer.sub}`;
        const claimed = await tx.manager.query(
          `INSERT INTO idempotency_key (scope, key) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING scope`,
          [scope, key],
        );
        if (claimed.length === 0) {
          const [row] = await tx.manager.query(`SELECT result FROM idempotency_key WHERE scope = $1 AND key = $2`, [scope, key]);
          return (row?.result ?? {}) as Ids;
        }
        const result = await op.run(tx);
        await tx.manager.query(`UPDATE idempotency_key SET result = $3 WHERE scope = $1 AND key = $2`, [scope, key, JSON.stringify(result)]);
        return result;
      }
      return op.run(tx);
    });
    ctx.resetLoaders();
    return { ...(await op.load(ids)), userErrors: [] };
  } catch (err) {
    const ue = toUserError(err);
    if (!ue) throw err;
    return { userErrors: [ue] } as never;
  }
}

function toUserError(err: unknown): { code: ErrorCode; message: string; field: string[] | null } | null {
  if (err instanceof DomainError) return { code: err.code, message: err.message, field: err.field };
  const pg = (err as { driverError?: { code?: string; constraint?: string; detail?: string } }).driverError ?? (err as { code?: string });
  const code = (pg as { code?: string }).code;
  if (code === '23505') {
    const detail = (pg as { detail?: string }).detail ?? '';
    const m = /Key \(([^)]+)\)/.exec(detail);
    const column = m ? m[1].replace(/^lower\((.*)\)$/, '$1') : null;
    return {
      code: ErrorCode.DUPLICATE,
      message: column ? `Another record already has this ${column}` : 'This already exists',
      field: column ? ['input', column.replace(/_([a-z])/g, (_x, c: string) => c.toUpperCase())] : null,
    };
  }
  if (code === '23503') return { code: ErrorCode.NOT_FOUND, message: 'A referenced record does not exist', field: null };
  if (code && (code.startsWith('22') || code === '23514')) {
    log.warn('a value reached the database unchecked', { pgCode: code });
    return { code: ErrorCode.INVALID_INPUT, message: 'A value is out of range or malformed', field: null };
  }
  if (code === '40P01' || code === '40001') {
    return { code: ErrorCode.VERSION_CONFLICT, message: 'A concurrent change got there first; retry', field: null };
  }
  return null;
}
