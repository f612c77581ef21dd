import { Field, Int, ObjectType } from 'type-graphql';
import { Check, Column, Entity, Generated, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { toGlobalId } from '../../graphql/ids';
import { Node } from '../../graphql/node';
import { Ticket } from '../tickets/ticket.entity';
import { StockMovementKind } from './inventory.enums';
import { PartReservation } from './part-reservation.entity';
import { Part } from './part.entity';
import { StockLevel } from './stock-level.entity';
import { StockLocation } from './stock-location.entity';
import { Created } from '../common/timestamps';

/**
 * One line of the stock ledger, written in the same transaction as the level change it
 * records, with the level as it was right after. Append-only.
 *
 * `quantity` is signed: the change of on hand for RECEIPT, ADJUSTMENT, TRANSFER_OUT,
 * TRANSFER_IN, RETURN and CONSUMPTION (a consumption also lowers reserved by the same
 * amount); the change of reserved for RESERVATION and RELEASE. So for every level:
 *   onHand   = Σ quantity of the on-hand kinds
 *   reserved = Σ quantity of RESERVATION and RELEASE + Σ quantity of CONSUMPTION
 */
@ObjectType({ implements: Node, description: 'One change of a stock level, in the ledger' })
@Entity()
@Index(['stockLevelId', 'seq'])
@Index(['partId', 'seq'])
@Index(['locationId', 'seq'])
@Index(['ticketId'])
@Index(['createdAt'])
@Check(`"quantity" <> 0`)
@Check(`"on_hand_after" >= 0 AND "reserved_after" >= 0 AND "reserved_after" <= "on_hand_after"`)
export class StockMovement extends Created implements Node {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  get nodeId(): string {
    return toGlobalId('StockMovement', this.id);
  }

  /** ledger order (commit order within a level, since a level's changes are serialized by its row lock) */
  @Index({ unique: true })
  @Column({ type: 'bigint' })
  @Generated('increment')
  seq!: string;

  @Column({ type: 'uuid' })
  stockLevelId!: string;

  @ManyToOne(() => StockLevel, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'stock_level_id' })
  stockLevelRef?: Relation<StockLevel>;

  @Column({ type: 'uuid' })
  partId!: string;

  @ManyToOne(() => Part, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'part_id' })
  partRef?: Relation<Part>;

  @Column({ type: 'uuid' })
  locationId!: string;

  @ManyToOne(() => StockLocation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'location_id' })
  locationRef?: Relation<StockLocation>;

  @Field(() => StockMovementKind)
  @Column({ type: 'varchar', length: 16 })
  kind!: StockMovementKind;

  @Field(() => Int, {
    description:
      'Signed change: of on hand for RECEIPT, ADJUSTMENT, TRANSFER_OUT, TRANSFER_IN, RETURN and CONSUMPTION (which lowers reserved by as much); of reserved for RESERVATION and RELEASE',
  })
  @Column({ type: 'int' })
  quantity!: number;

  @Field(() => Int, { description: 'On hand right after this movement' })
  @Column({ type: 'int' })
  onHandAfter!: number;

  @Field(() => Int, { description: 'Reserved right after this movement' })
  @Column({ type: 'int' })
  reservedAfter!: number;

  @Column({ type: 'uuid', nullable: true })
  ticketId!: string | null;

  @ManyToOne(() => Ticket, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'ticket_id' })
  ticketRef?: Relation<Ticket>;

  @Column({ type: 'uuid', nullable: true })
  reservationId!: string | null;

  @ManyToOne(() => PartReservation, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'reservation_id' })
  reservationRef?: Relation<PartReservation>;

  @Field(() => String, { nullable: true, description: 'Delivery note, purchase order or transfer reference' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  reference!: string | null;

  @Field(() => String, { nullable: true, description: 'Why: the reason of an adjustment, or what caused the movement' })
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Field(() => String, { nullable: true, description: 'Who made the change (token subject); null for system changes' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  actor!: string | null;
}
