import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars';
import { Channel, ContactReason, CustomerTier, Direction, Priority, RootCause, TicketKind, TicketStatus } from '../common/enums';
import { LocationKind, StockStatus } from '../inventory/inventory.enums';

// ── dimensions ──────────────────────────────────────────────────────────────────────────

export enum TimeBucket {
  HOUR = 'HOUR',
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
}

export enum TicketDimension {
  STATUS = 'STATUS',
  PRIORITY = 'PRIORITY',
  KIND = 'KIND',
  CHANNEL = 'CHANNEL',
  REASON = 'REASON',
  ROOT_CAUSE = 'ROOT_CAUSE',
  ASSIGNEE = 'ASSIGNEE',
  CUSTOMER_TIER = 'CUSTOMER_TIER',
  PERIOD = 'PERIOD',
}

export enum InteractionDimension {
  CHANNEL = 'CHANNEL',
  DIRECTION = 'DIRECTION',
  REASON = 'REASON',
  AGENT = 'AGENT',
  TICKET_KIND = 'TICKET_KIND',
  PERIOD = 'PERIOD',
}

export enum InventoryDimension {
  PART = 'PART',
  LOCATION = 'LOCATION',
  LOCATION_KIND = 'LOCATION_KIND',
  STATUS = 'STATUS',
}

registerEnumType(TimeBucket, {
  name: 'TimeBucket',
  description: 'Width of a PERIOD group, cut in UTC: HOUR, DAY, WEEK (ISO weeks, starting Monday 00:00 UTC) or MONTH',
});
registerEnumType(TicketDimension, {
  name: 'TicketDimension',
  description: 'What ticketStats groups by; PERIOD is the creation time cut into `bucket`s',
});
registerEnumType(InteractionDimension, {
  name: 'InteractionDimension',
  description: 'What interactionStats groups by; PERIOD is occurredAt cut into `bucket`s; TICKET_KIND the kind of the attached ticket (null: no ticket)',
});
registerEnumType(InventoryDimension, { name: 'InventoryDimension', description: 'What inventoryStats groups stock levels by' });

// Rows and keys are plain data: `simpleResolvers` skips type-graphql's per-field wrapper (hundreds of
// rows × fields per answer); the relations (assignee, agent, part, location) keep their field resolvers.

// ── ticket statistics ───────────────────────────────────────────────────────────────────

@ObjectType({
  simpleResolvers: true,
  description:
    'The group a stats row describes: the grouped dimensions carry values, the others are null. A grouped dimension is also null for tickets without a value (no reason, no root cause yet, unassigned).',
})
export class TicketStatsKey {
  @Field(() => TicketStatus, { nullable: true }) status!: TicketStatus | null;
  @Field(() => Priority, { nullable: true }) priority!: Priority | null;
  @Field(() => TicketKind, { nullable: true }) kind!: TicketKind | null;
  @Field(() => Channel, { nullable: true }) channel!: Channel | null;
  @Field(() => ContactReason, { nullable: true }) reason!: ContactReason | null;
  @Field(() => RootCause, { nullable: true }) rootCause!: RootCause | null;
  /** resolved to `assignee: Agent` by the key's field resolver */
  assigneeId!: string | null;
  @Field(() => CustomerTier, { nullable: true }) customerTier!: CustomerTier | null;
  @Field(() => Date, { nullable: true, description: 'Start of the bucket (UTC)' }) period!: Date | null;
}

@ObjectType({ simpleResolvers: true, description: 'Measures of one group of tickets (those matching the filter)' })
export class TicketStatsRow {
  @Field(() => TicketStatsKey) key!: TicketStatsKey;

  @Field(() => Int, { description: 'Tickets in the group' })
  count!: number;

  @Field(() => Int, { description: 'Tickets not yet RESOLVED or CLOSED' })
  openCount!: number;

  @Field(() => Int, { description: 'Tickets whose SLA state is BREACHED now (a missed first-response or resolution target)' })
  breachedCount!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Share (0..1) of tickets whose SLA outcome is decided that kept it: MET / (MET + BREACHED). Decided are the resolved or closed tickets with an SLA (MET or BREACHED) and the open ones that have already BREACHED; open tickets still on track, at risk or paused are not counted yet. Null when no ticket of the group has a decided SLA outcome (e.g. none has an SLA).',
  })
  slaCompliance!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean wall-clock minutes from creation to the first agent response, over tickets answered; null if none' })
  avgFirstResponseMinutes!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean wall-clock minutes from creation to resolution, over resolved tickets; null if none' })
  avgResolutionMinutes!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: '90th percentile (continuous, interpolated: percentile_cont) of the wall-clock resolution minutes of resolved tickets; null if none',
  })
  p90ResolutionMinutes!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "Mean CSAT score (1..5) of the rated tickets, the customers' own ratings and those staff recorded for them alike; null if none is rated",
  })
  avgSatisfaction!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Mean CSAT score (1..5) of the ratings the customers gave themselves (source CUSTOMER), without staff-recorded ones; null if none',
  })
  avgCustomerSatisfaction!: number | null;

  @Field(() => Int, { description: 'Rated tickets (either source)' })
  ratingCount!: number;

  @Field(() => Int, { description: 'Ratings staff recorded for the customer (source STAFF), e.g. given on the phone' })
  staffRecordedRatingCount!: number;

  @Field(() => Int, { description: 'Interactions (contacts) attached to the tickets of the group' })
  contactCount!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      "This group's share (0..1) of all contacts attached to the tickets matching the filter (contactCount / Σ contactCount over all rows); grouped by ROOT_CAUSE it shows which service failures generate contacts. Null when those tickets have no contacts at all.",
  })
  shareOfContacts!: number | null;
}

// ── interaction statistics ──────────────────────────────────────────────────────────────

@ObjectType({ simpleResolvers: true, description: 'The group a stats row describes: the grouped dimensions carry values, the others are null' })
export class InteractionStatsKey {
  @Field(() => Channel, { nullable: true }) channel!: Channel | null;
  @Field(() => Direction, { nullable: true }) direction!: Direction | null;
  @Field(() => ContactReason, { nullable: true }) reason!: ContactReason | null;
  /** resolved to `agent: Agent` by the key's field resolver */
  agentId!: string | null;
  @Field(() => TicketKind, { nullable: true, description: 'Kind of the attached ticket (null in the group of contacts without a ticket)' })
  ticketKind!: TicketKind | null;
  @Field(() => Date, { nullable: true, description: 'Start of the bucket (UTC)' }) period!: Date | null;
}

@ObjectType({ simpleResolvers: true, description: 'Measures of one group of interactions (those matching the filter)' })
export class InteractionStatsRow {
  @Field(() => InteractionStatsKey) key!: InteractionStatsKey;
  @Field(() => Int, { description: 'Interactions in the group' }) count!: number;
  @Field(() => Int, { description: 'Distinct customers among them' }) uniqueCustomers!: number;
  @Field(() => Float, { nullable: true, description: 'Mean duration in seconds of those with a duration; null if none has one' })
  avgDurationSeconds!: number | null;
}

// ── inventory statistics ────────────────────────────────────────────────────────────────

@ObjectType({ simpleResolvers: true, description: 'The group a stats row describes: the grouped dimensions carry values, the others are null' })
export class InventoryStatsKey {
  /** resolved to `part: Part` by the key's field resolver */
  partId!: string | null;
  /** resolved to `location: StockLocation` by the key's field resolver */
  locationId!: string | null;
  @Field(() => LocationKind, { nullable: true }) locationKind!: LocationKind | null;
  @Field(() => StockStatus, { nullable: true }) status!: StockStatus | null;
}

@ObjectType({ simpleResolvers: true, description: 'Sums over one group of stock levels (those matching the filter)' })
export class InventoryStatsRow {
  @Field(() => InventoryStatsKey) key!: InventoryStatsKey;
  @Field(() => Int, { description: 'Stock levels (part × location) in the group' }) stockLevelCount!: number;
  @Field(() => Int) onHand!: number;
  @Field(() => Int) reserved!: number;
  @Field(() => Int, { description: 'onHand − reserved' }) available!: number;
  @Field(() => DecimalScalar, { description: 'Σ on hand × the part’s unit cost' }) onHandValue!: string;
  @Field(() => Int, { description: 'Stock levels at or below their reorder point (status LOW or OUT_OF_STOCK): the ones to reorder' })
  belowReorderPoint!: number;
}

// ── balanced inventory ──────────────────────────────────────────────────────────────────

@ObjectType({
  simpleResolvers: true,
  description:
    'Demand, cover and cost of one part (at one location when partInsights was asked for one, else over all locations), for balancing service against holding cost',
})
export class PartInsight {
  /** resolved to `part: Part` */
  partId!: string;
  /** resolved to `location: StockLocation` (null: all locations) */
  locationId!: string | null;

  @Field(() => Int, { description: 'Days of history the demand figures cover (ending now)' }) windowDays!: number;
  @Field(() => Int) onHand!: number;
  @Field(() => Int) reserved!: number;
  @Field(() => Int, { description: 'onHand − reserved' }) available!: number;
  @Field(() => Int, { description: 'Σ reorder points of the stock levels in scope (what is configured now)' }) reorderPoint!: number;

  @Field(() => Int, { description: 'Units consumed (CONSUMPTION movements) in the window' }) consumption!: number;
  @Field(() => Float, { description: 'consumption / windowDays' }) avgDailyDemand!: number;
  @Field(() => Float, {
    description: 'Sample standard deviation of the daily consumption over the window (days without consumption count as 0); 0 for a one-day window',
  })
  dailyDemandStdDev!: number;
  @Field(() => Float, { nullable: true, description: 'available / avgDailyDemand; null when there was no demand in the window' })
  daysOfCover!: number | null;

  @Field(() => Int, { nullable: true, description: "The part's lead time in days (null: not recorded)" }) leadTimeDays!: number | null;
  @Field(() => Float, { description: 'The service level asked for (probability of not running out during a lead time)' }) serviceLevel!: number;
  @Field(() => Float, { description: 'The safety factor z = Φ⁻¹(serviceLevel)' }) safetyFactor!: number;
  @Field(() => Int, { nullable: true, description: '⌈z × σ_daily × √leadTimeDays⌉; null without a lead time' }) safetyStock!: number | null;
  @Field(() => Int, {
    nullable: true,
    description: '⌈avgDailyDemand × leadTimeDays + z × σ_daily × √leadTimeDays⌉: reorder when available falls to this; null without a lead time',
  })
  suggestedReorderPoint!: number | null;

  @Field(() => DecimalScalar, { description: 'Σ on hand × unit cost' }) onHandValue!: string;
  @Field(() => Float, { description: 'The annual holding rate applied (share of the stock value per year)' }) holdingRate!: number;
  @Field(() => DecimalScalar, { description: 'onHandValue × holdingRate: what holding today’s stock costs per year' }) holdingCost!: string;
}

