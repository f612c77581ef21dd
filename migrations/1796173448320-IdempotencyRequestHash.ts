import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdempotencyRequestHash1796173448320 implements MigrationInterface {
  name = 'IdempotencyRequestHash1796173448320';

  public async up(q: QueryRunner): Promise<void> {
    // Keys stored so far were scoped to "<operation>:<sub>" only; the new scope names the whole
    // principal, so they can never match again (and must not): forget them.
    await q.query(`DELETE FROM "idempotency_key"`);
    await q.query(`ALTER TABLE "idempotency_key" ADD "request_hash" character(64) NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "idempotency_key" DROP COLUMN "request_hash"`);
  }
}
