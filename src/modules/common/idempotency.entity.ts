import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** The first result of a create-like or stock mutation, by its caller's idempotency key. */
@Entity()
@Index(['createdAt'])
export class IdempotencyKey {
  /** operation and caller, e.g. "createTicket:user-17" */
  @PrimaryColumn({ type: 'varchar', length: 200 })
  scope!: string;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  key!: string;

  @Column({ type: 'jsonb', nullable: true })
  result!: Record<string, string | null> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
