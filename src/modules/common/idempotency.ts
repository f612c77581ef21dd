import crypto from 'node:crypto';
import type { App } from '../../app/app';
import type { Viewer } from '../../auth/viewer';
import type { Tx } from '../../events/tx';
import { DomainError, ErrorCode } from '../../errors';
import { log } from '../../logger';
import { every } from '../../events/periodic';

/**
 * Idempotency keys (README "Idempotency"). A key belongs to one principal and one operation:
 * the scope is "<operation>:<role>:<customer or agent id, or ->:<sub>", so two tokens that
 * share a subject but act for different customers (or roles) never see each other's keys.
 * With the key the first call stores a hash of its input; a later call with the same key
 * and the same input gets the first result back, with different input it is
 * IDEMPOTENCY_KEY_REUSED. A key is remembered for `idempotencyKeyTtlHours` (default 24 h,
 * IDEMPOTENCY_KEY_TTL_HOURS) from its first use; after that it is forgotten (the same key
 * runs as a new call) and the pruner deletes it.
 */

export type Ids = Record<string, string | null>;

export function principalScope(operation: string, viewer: Viewer): string {
  const id = viewer.customerId ?? viewer.agentId ?? '-';
  // the subject is a free-form claim: a long one is hashed so the scope fits its column
  const sub = viewer.sub.length <= 100 ? viewer.sub : `sha256:${crypto.createHash('sha256').update(viewer.sub).digest('hex')}`;
  return `${operation}:${viewer.role}:${id}:${sub}`;
}

/** Canonical form of an input: object keys sorted, undefined (not given) dropped, dates as ISO strings. */
function canonical(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : canonical(x)));
  const o = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o).sort()) if (o[k] !== undefined) out[k] = canonical(o[k]);
  return out;
}

/** SHA-256 (hex) of the canonical JSON of the input, without the idempotency key itself. */
export function requestHash(input: object): string {
  const { idempotencyKey: _key, ...rest } = input as Record<string, unknown>;
  return crypto.createHash('sha256').update(JSON.stringify(canonical(rest))).digest('hex');
}

export type Claim = { fresh: true } | { fresh: false; ids: Ids };

/**
 * Claims the key inside the mutation's transaction: either it is new (or expired) and this call
 * runs, or it holds the first result of the same input (replay), or a different input (throws
 * IDEMPOTENCY_KEY_REUSED). A concurrent twin waits on the key's row until the first commits
 * (then replays) or rolls back (then runs itself).
 */
export async function claimKey(app: App, tx: Tx, scope: string, key: string, hash: string): Promise<Claim> {
  const now = app.clock.now();
  const expired = new Date(now.getTime() - app.config.idempotencyKeyTtlHours * 3600_000);
  const claimed = await tx.manager.query(
    `INSERT INTO idempotency_key (scope, key, request_hash, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (scope, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, result = NULL, created_at = EXCLUDED.created_at
       WHERE idempotency_key.created_at <= $5
     RETURNING scope`,
    [scope, key, hash, now, expired],
  );
  if (claimed.length > 0) return { fresh: true };
  const [row] = (await tx.manager.query(`SELECT request_hash, result FROM idempotency_key WHERE scope = $1 AND key = $2`, [scope, key])) as {
    request_hash: string;
    result: Ids | null;
  }[];
  if (!row || row.request_hash !== hash) {
    throw new DomainError(
      ErrorCode.IDEMPOTENCY_KEY_REUSED,
      'This idempotencyKey was already used with a different input; send a new key for a new request',
      ['input', 'idempotencyKey'],
    );
  }
  return { fresh: false, ids: row.result ?? {} };
}

export async function rememberResult(tx: Tx, scope: string, key: string, ids: Ids): Promise<void> {
  await tx.manager.query(`UPDATE idempotency_key SET result = $3 WHERE scope = $1 AND key = $2`, [scope, key, JSON.stringify(ids)]);
}

/** Deletes the keys older than their lifetime; returns how many. */
export async function pruneIdempotencyKeys(app: App): Promise<number> {
  const cutoff = new Date(app.clock.now().getTime() - app.config.idempotencyKeyTtlHours * 3600_000);
  const res: unknown = await app.db.query(`DELETE FROM idempotency_key WHERE created_at <= $1`, [cutoff]);
  return Array.isArray(res) ? Number(res[1] ?? 0) : 0;
}

export interface IdempotencyPruner {
  stop(): void;
}

/** Prunes expired keys soon after start and then every `intervalMs` (default hourly); safe on every instance. */
export function startIdempotencyPruner(app: App, intervalMs = 60 * 60 * 1000): IdempotencyPruner {
  return every('pruning idempotency keys', intervalMs, async () => {
    const deleted = await pruneIdempotencyKeys(app);
    if (deleted) log.info('pruned expired idempotency keys', { deleted, ttlHours: app.config.idempotencyKeyTtlHours });
  });
}
