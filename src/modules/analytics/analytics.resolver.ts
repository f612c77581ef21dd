import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, Float, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { Agent } from '../agents/agent.entity';
import { Role } from '../common/enums';
import { InteractionFilter } from '../interactions/interaction.inputs';
import { StockLevelFilter } from '../inventory/inventory.inputs';
import { Part } from '../inventory/part.entity';
import { StockLocation } from '../inventory/stock-location.entity';
import { TicketFilter } from '../tickets/ticket.inputs';
import * as analytics from './analytics.service';
import {
  InteractionDimension,
  InteractionStatsKey,
  InteractionStatsRow,
  InventoryDimension,
  InventoryStatsKey,
  InventoryStatsRow,
  PartInsight,
  TicketDimension,
  TicketStatsKey,
  TicketStatsRow,
  TimeBucket,
} from './analytics.types';

/** Who may read statistics (ADMIN passes the auth checker anyway). A CUSTOMER gets FORBIDDEN. */
const STATS_READERS = [Role.ANALYST, Role.MANAGER, Role.AGENT];

/** The field names selected on the rows (through fragments too), so unasked measures are not computed. */
export function selectedFields(info: GraphQLResolveInfo): Set<string> {
  const out = new Set<string>();
  const visit = (set: SelectionSetNode | undefined, depth: number) => {
    if (!set || depth > 20) return;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) out.add(s.name.value);
      else if (s.kind === Kind.INLINE_FRAGMENT) visit(s.selectionSet, depth + 1);
      else if (s.kind === Kind.FRAGMENT_SPREAD) visit(info.fragments[s.name.value]?.selectionSet, depth + 1);
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, 0);
  return out;
}

@Resolver()
export class AnalyticsResolver {
  @Authorized(...STATS_READERS)
  @Query(() => [TicketStatsRow], {
    description:
      'Ticket measures grouped by up to 4 dimensions, over the tickets matching the filter. PERIOD groups by creation time cut into `bucket`s in UTC (default DAY); a bucket without PERIOD in groupBy groups by period as well. No groupBy: one row over all matching tickets. Rows are ordered by the key (period oldest first, enums in declaration order); groups without tickets are absent ([] when nothing matches).',
  })
  ticketStats(
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => TicketFilter, { nullable: true }) filter?: TicketFilter | null,
    @Arg('groupBy', () => [TicketDimension], { nullable: true }) groupBy?: TicketDimension[] | null,
    @Arg('bucket', () => TimeBucket, { nullable: true }) bucket?: TimeBucket | null,
  ): Promise<TicketStatsRow[]> {
    return analytics.ticketStats(ctx, { filter, groupBy, bucket }, selectedFields(info));
  }

  @Authorized(...STATS_READERS)
  @Query(() => [InteractionStatsRow], {
    description:
      'Interaction (contact) measures grouped by up to 4 dimensions, over the interactions matching the filter. PERIOD groups by occurredAt cut into `bucket`s in UTC (default DAY); a bucket alone implies PERIOD.',
  })
  interactionStats(
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => InteractionFilter, { nullable: true }) filter?: InteractionFilter | null,
    @Arg('groupBy', () => [InteractionDimension], { nullable: true }) groupBy?: InteractionDimension[] | null,
    @Arg('bucket', () => TimeBucket, { nullable: true }) bucket?: TimeBucket | null,
  ): Promise<InteractionStatsRow[]> {
    return analytics.interactionStats(ctx, { filter, groupBy, bucket }, selectedFields(info));
  }

  @Authorized(...STATS_READERS)
  @Query(() => [InventoryStatsRow], { description: 'Stock sums over the stock levels matching the filter, grouped by part, location, location kind and/or status' })
  inventoryStats(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => StockLevelFilter, { nullable: true }) filter?: StockLevelFilter | null,
    @Arg('groupBy', () => [InventoryDimension], { nullable: true }) groupBy?: InventoryDimension[] | null,
  ): Promise<InventoryStatsRow[]> {
    return analytics.inventoryStats(ctx, { filter, groupBy });
  }

  @Authorized(...STATS_READERS)
  @Query(() => [PartInsight], {
    description:
      'Balanced inventory: per part (at one location when locationId is given, else over all), demand over the last windowDays days, days of cover, a suggested reorder point for the service level and the annual holding cost. Ordered by days of cover, shortest first (parts without demand last).',
  })
  partInsights(
    @Ctx() ctx: RequestContext,
    @Arg('partId', () => ID, { nullable: true }) partId?: string | null,
    @Arg('locationId', () => ID, { nullable: true }) locationId?: string | null,
    @Arg('windowDays', () => Int, { defaultValue: 90, description: '1 to 3650 days of history, ending now' }) windowDays?: number,
    @Arg('serviceLevel', () => Float, {
      defaultValue: 0.95,
      description: 'Wanted probability of not running out during a lead time, 0.5 to 0.9999',
    })
    serviceLevel?: number,
    @Arg('holdingRate', () => Float, { defaultValue: 0.25, description: 'Annual holding cost as a share of the stock value, 0 to 10' })
    holdingRate?: number,
    @Arg('first', () => Int, { nullable: true, description: 'How many parts, default 20, at most 100' }) first?: number | null,
  ): Promise<PartInsight[]> {
    return analytics.partInsights(ctx, { partId, locationId, windowDays, serviceLevel, holdingRate, first });
  }
}

@Resolver(() => TicketStatsKey)
export class TicketStatsKeyResolver {
  @FieldResolver(() => Agent, { nullable: true, description: 'Set when grouped by ASSIGNEE (null there for unassigned tickets)' })
  assignee(@Root() k: TicketStatsKey, @Ctx() ctx: RequestContext) {
    return k.assigneeId ? ctx.loaders.agent.load(k.assigneeId) : null;
  }
}

@Resolver(() => InteractionStatsKey)
export class InteractionStatsKeyResolver {
  @FieldResolver(() => Agent, { nullable: true, description: 'Set when grouped by AGENT (null there for contacts without an agent)' })
  agent(@Root() k: InteractionStatsKey, @Ctx() ctx: RequestContext) {
    return k.agentId ? ctx.loaders.agent.load(k.agentId) : null;
  }
}

@Resolver(() => InventoryStatsKey)
export class InventoryStatsKeyResolver {
  @FieldResolver(() => Part, { nullable: true, description: 'Set when grouped by PART' })
  part(@Root() k: InventoryStatsKey, @Ctx() ctx: RequestContext) {
    return k.partId ? ctx.loaders.part.load(k.partId) : null;
  }

  @FieldResolver(() => StockLocation, { nullable: true, description: 'Set when grouped by LOCATION' })
  location(@Root() k: InventoryStatsKey, @Ctx() ctx: RequestContext) {
    return k.locationId ? ctx.loaders.stockLocation.load(k.locationId) : null;
  }
}

@Resolver(() => PartInsight)
export class PartInsightResolver {
  @FieldResolver(() => Part)
  part(@Root() r: PartInsight, @Ctx() ctx: RequestContext) {
    return ctx.loaders.part.load(r.partId);
  }

  @FieldResolver(() => StockLocation, { nullable: true, description: 'The location asked for; null when the figures cover all locations' })
  location(@Root() r: PartInsight, @Ctx() ctx: RequestContext) {
    return r.locationId ? ctx.loaders.stockLocation.load(r.locationId) : null;
  }
}

/** Every resolver of the module, for src/app/schema.ts. */
export const analyticsResolvers = [
  AnalyticsResolver,
  TicketStatsKeyResolver,
  InteractionStatsKeyResolver,
  InventoryStatsKeyResolver,
  PartInsightResolver,
] as const;
