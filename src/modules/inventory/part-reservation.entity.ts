import { Field, Int, ObjectType } from 'type-graphql';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { toGlobalId } from '../../graphql/ids';
import { Node } from '../../graphql/node';
import { Ticket } from '../tickets/ticket.entity';
import { ReservationStatus } from './inventory.enums';
import { Part } from './part.entity';
import { StockLevel } from './stock-level.entity';
import { StockLocation } from './stock-location.entity';
import { Timestamped } from '../common/timestamps';

@ObjectType({ implements: Node, description: 'Parts held at a location for a repair ticket' })
@Entity()
@Index(['ticketId', 'createdAt'])
@Index(['stockLevelId', 'status'])
@Check(`"quantity" > 0`)
export class PartReservation extends Timestamped implements Node {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  get nodeId(): string {
    return toGlobalId('PartReservation', this.id);
  }

  @Column({ type: 'uuid' })
  ticketId!: string;

  @ManyToOne(() => Ticket, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ticket_id' })
  ticketRef?: Relation<Ticket>;

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

  @Column({ type: 'uuid' })
  stockLevelId!: string;

  @ManyToOne(() => StockLevel, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'stock_level_id' })
  stockLevelRef?: Relation<StockLevel>;

  @Field(() => Int)
  @Column({ type: 'int' })
  quantity!: number;

  @Field(() => ReservationStatus)
  @Column({ type: 'varchar', length: 16, default: ReservationStatus.RESERVED })
  status!: ReservationStatus;

  @Field(() => Date, { nullable: true, description: 'When it was consumed or released' })
  @Column({ type: 'timestamptz', nullable: true })
  settledAt!: Date | null;
}
