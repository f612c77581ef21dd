import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Payload } from '../../graphql/payload';
import { DecimalScalar } from '../../graphql/scalars';
import { LocationKind, StockMovementKind, StockStatus } from './inventory.enums';
import { PartReservation } from './part-reservation.entity';
import { Part } from './part.entity';
import { StockLevel } from './stock-level.entity';
import { StockLocation } from './stock-location.entity';
import { StockMovement } from './stock-movement.entity';
import { SortDirection } from '../../graphql/pagination';

// ── filters and ordering ────────────────────────────────────────────────────────────────

@InputType({ description: 'Fields combine with AND; lists mean "any of"; *From is inclusive, *To exclusive' })
export class PartFilter {
  @Field(() => [String], { nullable: true }) sku?: string[] | null;
  @Field(() => String, { nullable: true, description: 'Words in SKU, name or description (case-insensitive)' }) text?: string | null;
  @Field(() => DecimalScalar, { nullable: true }) unitCostFrom?: string | null;
  @Field(() => DecimalScalar, { nullable: true }) unitCostTo?: string | null;
  @Field(() => Int, { nullable: true }) leadTimeDaysFrom?: number | null;
  @Field(() => Int, { nullable: true }) leadTimeDaysTo?: number | null;
  @Field(() => [StockStatus], { nullable: true, description: 'Parts with at least one stock level in any of these statuses' })
  stockStatus?: StockStatus[] | null;
  @Field(() => [PartFilter], { nullable: true }) and?: PartFilter[] | null;
  @Field(() => [PartFilter], { nullable: true }) or?: PartFilter[] | null;
  @Field(() => PartFilter, { nullable: true }) not?: PartFilter | null;
}

export enum PartOrderField {
  SKU = 'SKU',
  NAME = 'NAME',
  UNIT_COST = 'UNIT_COST',
  CREATED_AT = 'CREATED_AT',
}
registerEnumType(PartOrderField, { name: 'PartOrderField' });

@InputType()
export class PartOrder {
  @Field(() => PartOrderField) field!: PartOrderField;
  @Field(() => SortDirection, { defaultValue: SortDirection.ASC }) direction!: SortDirection;
}

@InputType({ description: 'Fields combine with AND; lists mean "any of"' })
export class StockLevelFilter {
  @Field(() => [StockStatus], { nullable: true, description: 'e.g. [LOW, OUT_OF_STOCK] for what needs reordering' }) status?: StockStatus[] | null;
  @Field(() => [ID], { nullable: true }) partId?: string[] | null;
  @Field(() => [ID], { nullable: true }) locationId?: string[] | null;
  @Field(() => [LocationKind], { nullable: true }) locationKind?: LocationKind[] | null;
  @Field(() => [String], { nullable: true, description: 'Part SKUs' }) sku?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: 'true: only levels holding reservations; false: only levels holding none' })
  hasReservations?: boolean | null;
  @Field(() => [StockLevelFilter], { nullable: true }) and?: StockLevelFilter[] | null;
  @Field(() => [StockLevelFilter], { nullable: true }) or?: StockLevelFilter[] | null;
  @Field(() => StockLevelFilter, { nullable: true }) not?: StockLevelFilter | null;
}

export enum StockLevelOrderField {
  PART_SKU = 'PART_SKU',
  LOCATION_CODE = 'LOCATION_CODE',
  AVAILABLE = 'AVAILABLE',
  ON_HAND = 'ON_HAND',
  UPDATED_AT = 'UPDATED_AT',
}
registerEnumType(StockLevelOrderField, { name: 'StockLevelOrderField' });

@InputType()
export class StockLevelOrder {
  @Field(() => StockLevelOrderField) field!: StockLevelOrderField;
  @Field(() => SortDirection, { defaultValue: SortDirection.ASC }) direction!: SortDirection;
}

@InputType({ description: 'Fields combine with AND; lists mean "any of"; *From is inclusive, *To exclusive' })
export class StockMovementFilter {
  @Field(() => [StockMovementKind], { nullable: true }) kind?: StockMovementKind[] | null;
  @Field(() => [ID], { nullable: true }) partId?: string[] | null;
  @Field(() => [ID], { nullable: true }) locationId?: string[] | null;
  @Field(() => [ID], { nullable: true }) stockLevelId?: string[] | null;
  @Field(() => [ID], { nullable: true }) ticketId?: string[] | null;
  @Field(() => [ID], { nullable: true }) reservationId?: string[] | null;
  @Field(() => [String], { nullable: true }) reference?: string[] | null;
  @Field(() => Date, { nullable: true }) createdFrom?: Date | null;
  @Field(() => Date, { nullable: true }) createdTo?: Date | null;
  @Field(() => [StockMovementFilter], { nullable: true }) and?: StockMovementFilter[] | null;
  @Field(() => [StockMovementFilter], { nullable: true }) or?: StockMovementFilter[] | null;
  @Field(() => StockMovementFilter, { nullable: true }) not?: StockMovementFilter | null;
}

// ── mutation inputs ─────────────────────────────────────────────────────────────────────

@InputType()
export class CreatePartInput {
  @Field({ description: '2–40 letters, digits, "-", "_", "." or "/"; stored upper case' }) sku!: string;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => DecimalScalar, { description: '0 to 9999999999.9999' }) unitCost!: string;
  @Field(() => Int, { nullable: true, description: '0 to 3650' }) leadTimeDays?: number | null;
  @Field(() => String, { nullable: true }) idempotencyKey?: string | null;
}

@InputType()
export class CreateStockLocationInput {
  @Field({ description: '1–32 letters, digits, "-" or "_"; stored upper case' }) code!: string;
  @Field() name!: string;
  @Field(() => LocationKind) kind!: LocationKind;
  @Field(() => String, { nullable: true }) idempotencyKey?: string | null;
}

@InputType({ description: 'Creates the stock level when the part has none at the location yet' })
export class SetReorderPolicyInput {
  @Field(() => ID) partId!: string;
  @Field(() => ID) locationId!: string;
  @Field(() => Int, { description: '0 to 1000000; LOW when available ≤ this' }) reorderPoint!: number;
  @Field(() => Int, { description: '0 to 1000000' }) reorderQuantity!: number;
  @Field(() => Int, { nullable: true }) expectedVersion?: number | null;
}

@InputType()
export class ReceiveStockInput {
  @Field(() => ID) partId!: string;
  @Field(() => ID) locationId!: string;
  @Field(() => Int, { description: '1 to 1000000' }) quantity!: number;
  @Field(() => String, { nullable: true, description: 'Delivery note or purchase order' }) reference?: string | null;
  @Field(() => String, { nullable: true }) idempotencyKey?: string | null;
}

@InputType()
export class AdjustStockInput {
  @Field(() => ID) partId!: string;
  @Field(() => ID) locationId!: string;
  @Field(() => Int, { description: 'Signed change of on hand, non-zero, within ±1000000' }) delta!: number;
  @Field({ description: 'Why (stock count, damage, loss…)' }) reason!: string;
  @Field(() => Int, { nullable: true, description: 'The on-hand quantity you saw; if it has changed since, VERSION_CONFLICT' })
  expectedOnHand?: number | null;
  @Field(() => String, { nullable: true }) reference?: string | null;
  @Field(() => String, { nullable: true }) idempotencyKey?: string | null;
}

@InputType()
export class TransferStockInput {
  @Field(() => ID) partId!: string;
  @Field(() => ID) fromLocationId!: string;
  @Field(() => ID) toLocationId!: string;
  @Field(() => Int, { description: '1 to 1000000, at most what is available at the source' }) quantity!: number;
  @Field(() => String, { nullable: true }) reference?: string | null;
  @Field(() => String, { nullable: true }) idempotencyKey?: string | null;
}

@InputType()
export class ReservePartInput {
  @Field(() => ID) ticketId!: string;
  @Field(() => ID) partId!: string;
  @Field(() => ID) locationId!: string;
  @Field(() => Int, { description: '1 to 1000000, at most what is available' }) quantity!: number;
  @Field(() => String, { nullable: true }) idempotencyKey?: string | null;
}

@InputType({ description: 'For releaseReservation and consumeReservation' })
export class ReservationInput {
  @Field(() => ID) reservationId!: string;
  @Field(() => String, { nullable: true }) idempotencyKey?: string | null;
}

@InputType({ description: 'A part fitted on a ticket (consumed) comes back into stock' })
export class ReturnPartInput {
  @Field(() => ID, { description: 'The ticket the part was consumed on' }) ticketId!: string;
  @Field(() => ID) partId!: string;
  @Field(() => ID, { description: 'Where it goes back into stock (any location)' }) locationId!: string;
  @Field(() => Int, { description: '1 to what was consumed on the ticket for this part and not returned yet' }) quantity!: number;
  @Field({ description: 'Why it came back (not needed, wrong part, fault found elsewhere…)' }) reason!: string;
  @Field(() => String, { nullable: true }) idempotencyKey?: string | null;
}

// ── payloads ────────────────────────────────────────────────────────────────────────────

@ObjectType()
export class CreatePartPayload extends Payload {
  @Field(() => Part, { nullable: true }) part!: Part | null;
}

@ObjectType()
export class CreateStockLocationPayload extends Payload {
  @Field(() => StockLocation, { nullable: true }) stockLocation!: StockLocation | null;
}

@ObjectType()
export class SetReorderPolicyPayload extends Payload {
  @Field(() => StockLevel, { nullable: true }) stockLevel!: StockLevel | null;
}

@ObjectType()
export class StockChangePayload extends Payload {
  @Field(() => StockLevel, { nullable: true }) stockLevel!: StockLevel | null;
  @Field(() => StockMovement, { nullable: true, description: 'The ledger line written' }) movement!: StockMovement | null;
}

@ObjectType() export class ReceiveStockPayload extends StockChangePayload {}
@ObjectType() export class AdjustStockPayload extends StockChangePayload {}
@ObjectType() export class ReturnPartPayload extends StockChangePayload {}

@ObjectType()
export class TransferStockPayload extends Payload {
  @Field(() => StockLevel, { nullable: true, description: 'The source level after the transfer' }) from!: StockLevel | null;
  @Field(() => StockLevel, { nullable: true, description: 'The destination level after the transfer' }) to!: StockLevel | null;
  @Field(() => [StockMovement], { nullable: true, description: 'TRANSFER_OUT and TRANSFER_IN' }) movements!: StockMovement[] | null;
}

@ObjectType()
export class ReservationPayload extends Payload {
  @Field(() => PartReservation, { nullable: true }) reservation!: PartReservation | null;
  @Field(() => StockLevel, { nullable: true }) stockLevel!: StockLevel | null;
}

@ObjectType() export class ReservePartPayload extends ReservationPayload {}
@ObjectType() export class ReleaseReservationPayload extends ReservationPayload {}
@ObjectType() export class ConsumeReservationPayload extends ReservationPayload {}
