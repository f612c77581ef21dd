import { Arg, Authorized, Ctx, ID, Resolver, Root, Subscription } from 'type-graphql';
import { STAFF_READERS } from '../../auth/viewer';
import { ClientCode, ClientError } from '../../errors';
import type { RequestContext } from '../../graphql/context';
import { decodeId } from '../../graphql/ids';
import { eventStream, type DeliveredEvent } from '../../events/stream';
import type { EventRow } from '../../events/types';
import { StockAlert, StockLevelEvent } from './inventory-event.types';
import { StockStatus } from './inventory.enums';
import { STOCK_ALERT_TOPIC, STOCK_TOPIC } from './inventory.events';
import { perEvent } from '../../events/per-event';
import { StockLevel } from './stock-level.entity';

/** An optional id argument that must name an existing object of the type. */
async function existingId(ctx: RequestContext, gid: unknown, type: 'Part' | 'StockLocation'): Promise<string | null> {
  if (gid === undefined || gid === null) return null;
  const id = decodeId(gid, type);
  const found = id ? await (type === 'Part' ? ctx.loaders.part.load(id) : ctx.loaders.stockLocation.load(id)) : null;
  if (!found) {
    throw new ClientError(ClientCode.NOT_FOUND, `${type === 'Part' ? 'Part' : 'Stock location'} not found`);
  }
  return id;
}

async function levelMatcher(ctx: RequestContext, args: Record<string, unknown>) {
  const partId = await existingId(ctx, args.partId, 'Part');
  const locationId = await existingId(ctx, args.locationId, 'StockLocation');
  return (row: EventRow) => (!partId || row.data.partId === partId) && (!locationId || row.data.locationId === locationId);
}

async function levelOf(ctx: RequestContext, row: EventRow): Promise<StockLevel> {
  return (await ctx.loaders.stockLevel.load(row.entityId!))!;
}

const levelOfEvent = new WeakMap<EventRow, Promise<StockLevel | null>>();

/** Loads the event's level once for all subscribers (retried by the stream if the database is away). */
async function prepareLevelEvent(ctx: RequestContext, row: EventRow): Promise<void> {
  const id = row.entityId!;
  const level = await perEvent(levelOfEvent, row, () => ctx.app.db.getRepository(StockLevel).findOneBy({ id }));
  if (level) ctx.loaders.stockLevel.prime(id, level);
}

@Resolver()
export class StockSubscriptionResolver {
  @Authorized(...STAFF_READERS)
  @Subscription(() => StockLevelEvent, {
    description: 'Every change of a stock level, optionally of one part and/or one location. With `after`, first replays what happened after that cursor.',
    subscribe: async ({ args, context }) => {
      const ctx = context as RequestContext;
      const match = await levelMatcher(ctx, args);
      return eventStream(ctx.app.bus, {
        topics: [STOCK_TOPIC],
        after: args.after as string | null,
        match,
        beforeEach: () => ctx.resetLoaders(),
        prepare: (row) => prepareLevelEvent(ctx, row),
      });
    },
  })
  async stockLevelChanged(
    @Root() row: DeliveredEvent,
    @Ctx() ctx: RequestContext,
    @Arg('partId', () => ID, { nullable: true }) _partId?: string | null,
    @Arg('locationId', () => ID, { nullable: true }) _locationId?: string | null,
    @Arg('after', () => String, { nullable: true }) _after?: string | null,
  ): Promise<StockLevelEvent> {
    const movementId = row.data.movementId as string | null;
    return {
      cursor: row.cursor,
      type: row.type,
      stockLevel: await levelOf(ctx, row),
      movement: movementId ? await ctx.loaders.stockMovement.load(movementId) : null,
      status: row.data.status as StockStatus,
      available: Number(row.data.available),
      occurredAt: row.occurredAt,
    };
  }

  @Authorized(...STAFF_READERS)
  @Subscription(() => StockAlert, {
    description:
      'A level crossed into LOW or OUT_OF_STOCK, or back to IN_STOCK: once per crossing, not on every change. Optionally of one part and/or location, or only into some statuses.',
    subscribe: async ({ args, context }) => {
      const ctx = context as RequestContext;
      const matchLevel = await levelMatcher(ctx, args);
      const statuses = args.status as StockStatus[] | null | undefined;
      return eventStream(ctx.app.bus, {
        topics: [STOCK_ALERT_TOPIC],
        after: args.after as string | null,
        match: (row) => matchLevel(row) && (!statuses || statuses.includes(row.data.status as StockStatus)),
        beforeEach: () => ctx.resetLoaders(),
        prepare: (row) => prepareLevelEvent(ctx, row),
      });
    },
  })
  async stockAlerts(
    @Root() row: DeliveredEvent,
    @Ctx() ctx: RequestContext,
    @Arg('after', () => String, { nullable: true }) _after?: string | null,
    @Arg('partId', () => ID, { nullable: true }) _partId?: string | null,
    @Arg('locationId', () => ID, { nullable: true }) _locationId?: string | null,
    @Arg('status', () => [StockStatus], { nullable: true, description: 'Only crossings into these statuses' }) _status?: StockStatus[] | null,
  ): Promise<StockAlert> {
    return {
      cursor: row.cursor,
      status: row.data.status as StockStatus,
      previousStatus: (row.data.previousStatus as StockStatus | null) ?? null,
      available: Number(row.data.available),
      stockLevel: await levelOf(ctx, row),
      occurredAt: row.occurredAt,
    };
  }
}
