import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The first result of a create-like or stock mutation, by its caller's idempotency key.
 * Remembered for IDEMPOTENCY_KEY_TTL_HOURS (default 24) from `createdAt`; then forgotten
 * (the key runs as a new call) and pruned.
 */
@Entity()
@Index(['createdAt'])
export class IdempotencyKey {
  /** operation and principal: "<operation>:<role>:<customer or agent id, or ->:<sub>" */
  @PrimaryColumn({ type: 'varchar', length: 200 })
  scope!: string;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  key!: string;

  /** SHA-256 (hex) of the canonical JSON of the input, without the key itself */
  @Column({ type: 'char', length: 64 })
  requestHash!: string;

  @Column({ type: 'jsonb', nullable: true })
  result!: Record<string, string | null> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
