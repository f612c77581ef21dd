import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The append-only event log. A row is written in the same transaction as the change it
 * records; its `seq` is the subscription cursor. Rows are inserted under a transaction-level
 * advisory lock, so seq order is commit order and a reader that has seen seq N has seen
 * every committed event below N.
 */
@Entity()
@Index(['topic', 'seq'])
@Index(['occurredAt'])
export class EventLog {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  seq!: string;

  @Column({ type: 'varchar', length: 32 })
  topic!: string;

  @Column({ type: 'varchar', length: 40 })
  type!: string;

  /** the aggregate the event is about (ticket, stock level, …) */
  @Column({ type: 'uuid', nullable: true })
  entityId!: string | null;

  /** the customer whose data this is; customers only ever receive their own events */
  @Column({ type: 'uuid', nullable: true })
  customerId!: string | null;

  /** a snapshot of the fields subscriptions filter on */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  data!: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  occurredAt!: Date;
}

/**
 * Bookkeeping of the log (one row, id 1): retention (every event with seq <= prunedThrough has
 * been deleted) and the log's identity.
 */
@Entity()
export class EventLogState {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'bigint', default: 0 })
  prunedThrough!: string;

  /**
   * A random id given to this event log when it was created (by the migration that added it):
   * the prefix of every cursor, so a cursor from another database is refused rather than read
   * as a position in this one. A restored copy keeps it, and its cursors stay valid.
   */
  @Column({ type: 'varchar', length: 32, nullable: true })
  epoch!: string | null;
}
