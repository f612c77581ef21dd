import { Field, Int, ObjectType } from 'type-graphql';
import { StockStatus } from './inventory.enums';
import { StockLevel } from './stock-level.entity';
import { StockMovement } from './stock-movement.entity';

@ObjectType({ description: "A stock level changed. `cursor` is the event's position in the log; pass it as `after` to resume." })
export class StockLevelEvent {
  @Field() cursor!: string;
  @Field({ description: 'The movement kind (RECEIPT, RESERVATION, …) or REORDER_POLICY_CHANGED' }) type!: string;
  @Field(() => StockLevel, { description: 'The level as it is now' }) stockLevel!: StockLevel;
  @Field(() => StockMovement, { nullable: true, description: 'The ledger line of this change (none for a reorder policy change)' })
  movement!: StockMovement | null;
  @Field(() => StockStatus, { description: 'The status right after this change' }) status!: StockStatus;
  @Field(() => Int, { description: 'Available right after this change' }) available!: number;
  @Field() occurredAt!: Date;
}

@ObjectType({ description: 'A stock level crossed into LOW or OUT_OF_STOCK, or back to IN_STOCK (once per crossing)' })
export class StockAlert {
  @Field() cursor!: string;
  @Field(() => StockStatus, { description: 'The status it crossed into' }) status!: StockStatus;
  @Field(() => StockStatus, { nullable: true, description: 'The status before; null when the level was just created' })
  previousStatus!: StockStatus | null;
  @Field(() => Int, { description: 'Available at the crossing' }) available!: number;
  @Field(() => StockLevel, { description: 'The level as it is now' }) stockLevel!: StockLevel;
  @Field() occurredAt!: Date;
}
