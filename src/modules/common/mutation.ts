import { inTransaction, type Tx } from '../../events/tx';
import { DomainError, ErrorCode } from '../../errors';
import type { RequestContext } from '../../graphql/context';
import { toUserError, type UserErrorShape } from '../../graphql/error-map';
import { canSeeNamed } from '../../policy/visibility';
import { claimKey, principalScope, rememberResult, requestHash, type Ids } from './idempotency';
import { idempotencyKey } from './validate';

export type { Ids };

/**
 * The one way a mutation runs: one transaction; a DomainError (or a constraint the database
 * enforces) rolls it back and comes back as a userError; anything else is a real failure.
 *
 * Create-like and stock mutations pass their `input`: when it carries an `idempotencyKey`,
 * the key is claimed for (operation, principal, key) with a hash of the input, in the same
 * transaction as the write, and the first result is stored with it. A retry with the same
 * input gets that result back and writes nothing; with a different input it is
 * IDEMPOTENCY_KEY_REUSED. Concurrent twins queue on the key's row, so only one of them runs.
 * A replayed result is checked against the viewer's visibility like any read (see
 * ./idempotency.ts for scope and lifetime).
 */
export async function runMutation<P extends object>(
  ctx: RequestContext,
  op: {
    name: string;
    /** the mutation's input; its `idempotencyKey`, if any, makes the call idempotent */
    input?: { idempotencyKey?: string | null };
    run: (tx: Tx) => Promise<Ids>;
    /** builds the payload from the ids the run returned (also for a replayed result) */
    load: (ids: Ids) => Promise<P>;
  },
): Promise<P & { userErrors: UserErrorShape[] }> {
  try {
    const key = idempotencyKey(op.input?.idempotencyKey);
    let replayed = false;
    const ids = await inTransaction(ctx.app.db, async (tx) => {
      if (key) {
        const scope = principalScope(op.name, ctx.viewer);
        const claim = await claimKey(ctx.app, tx, scope, key, requestHash(op.input!));
        if (!claim.fresh) {
          replayed = true;
          return claim.ids;
        }
        const result = await op.run(tx);
        await rememberResult(tx, scope, key, result);
        return result;
      }
      return op.run(tx);
    });
    ctx.resetLoaders();
    const payload = await op.load(ids);
    if (replayed && !visibleToViewer(ctx, payload)) {
      // not the viewer's (any more): answer as for any record it may not see, without its data
      throw new DomainError(
        ErrorCode.NOT_FOUND,
        "This idempotencyKey's first result is not available to you; send a new key for a new request",
        ['input', 'idempotencyKey'],
      );
    }
    return { ...payload, userErrors: [] };
  } catch (err) {
    const ue = toUserError(err);
    if (!ue) throw err;
    return { userErrors: [ue] } as never;
  }
}

/**
 * Whether every record in a (replayed) payload is one the viewer may read, by the same rule as
 * `node(id)` (src/policy/visibility.ts): staff read all a mutation they may run returns; for a
 * CUSTOMER each record must be its own (a kind without an owner does not exist for it).
 */
function visibleToViewer(ctx: RequestContext, payload: object): boolean {
  const values = Object.values(payload).flatMap((v) => (Array.isArray(v) ? v : [v]));
  return values.every((value) => value === null || value === undefined || typeof value !== 'object' || canSeeNamed(ctx.viewer, value.constructor.name, value));
}
