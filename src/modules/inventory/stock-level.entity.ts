import { Field, Int, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, UpdateDateColumn } from 'typeorm';
import { toGlobalId } from '../../graphql/ids';
import { Node } from '../../graphql/node';
import { StockStatus, stockStatus } from './inventory.enums';
import { Part } from './part.entity';
import { StockLocation } from './stock-location.entity';

/**
 * How much of one part one location holds. Changes only through the guarded statements in
 * inventory.service.ts, each with its movement row; the table's CHECKs back the invariants.
 */
@ObjectType({ implements: Node, description: 'The stock of one part at one location' })
@Entity()
@Index(['partId', 'locationId'], { unique: true })
@Index(['locationId'])
@Check(`"on_hand" >= 0`)
@Check(`"reserved" >= 0 AND "reserved" <= "on_hand"`)
@Check(`"reorder_point" >= 0`)
@Check(`"reorder_quantity" >= 0`)
export class StockLevel implements Node {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  get nodeId(): string {
    return toGlobalId('StockLevel', this.id);
  }

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

  @Field(() => Int, { description: 'Units physically at the location' })
  @Column({ type: 'int', default: 0 })
  onHand!: number;

  @Field(() => Int, { description: 'Units held for tickets (part of on hand)' })
  @Column({ type: 'int', default: 0 })
  reserved!: number;

  @Field(() => Int, { description: 'onHand − reserved: what can still be reserved, transferred or adjusted away' })
  get available(): number {
    return this.onHand - this.reserved;
  }

  @Field(() => Int, { description: 'LOW when available falls to this or below' })
  @Column({ type: 'int', default: 0 })
  reorderPoint!: number;

  @Field(() => Int, { description: 'How many to order when the level runs low' })
  @Column({ type: 'int', default: 0 })
  reorderQuantity!: number;

  @Field(() => StockStatus)
  get status(): StockStatus {
    return stockStatus(this.onHand, this.reserved, this.reorderPoint);
  }

  @Field(() => Int)
  @Column({ type: 'int', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
