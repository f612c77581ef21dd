import { GraphQLError } from 'graphql';
import { Arg, Args, Authorized, Ctx as C, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { MANAGERS, STAFF_READERS, STAFF_WRITERS } from '../../auth/viewer';
import type { Ctx } from '../../graphql/context';
import { badRequest } from '../../graphql/errors';
import { decodeId } from '../../graphql/ids';
import { connectionType, PageArgs, paginate } from '../../graphql/pagination';
import { Role, SortDirection } from '../common/enums';
import { runMutation } from '../common/mutation';
import { Ticket } from '../tickets/ticket.entity';
import { LocationKind, ReservationStatus } from './inventory.enums';
import { partWhere, stockLevelWhere, stockMovementWhere } from './inventory.filter';
import {
  AdjustStockInput,
  AdjustStockPayload,
  ConsumeReservationPayload,
  CreatePartInput,
  CreatePartPayload,
  CreateStockLocationInput,
  CreateStockLocationPayload,
  PartFilter,
  PartOrder,
  PartOrderField,
  ReceiveStockInput,
  ReceiveStockPayload,
  ReleaseReservationPayload,
  ReservationInput,
  ReservePartInput,
  ReservePartPayload,
  SetReorderPolicyInput,
  SetReorderPolicyPayload,
  StockLevelFilter,
  StockLevelOrder,
  StockLevelOrderField,
  StockMovementFilter,
  TransferStockInput,
  TransferStockPayload,
} from './inventory.inputs';
import * as inventory from './inventory.service';
import { PartReservation } from './part-reservation.entity';
import { Part } from './part.entity';
import { StockLevel } from './stock-level.entity';
import { StockLocation } from './stock-location.entity';
import { StockMovement } from './stock-movement.entity';

export const PartConnection = connectionType('Part', Part);
export const StockLevelConnection = connectionType('StockLevel', StockLevel);
export const StockMovementConnection = connectionType('StockMovement', StockMovement);

const PART_ORDER: Record<PartOrderField, string> = {
  SKU: 'p.sku',
  NAME: 'p.name',
  UNIT_COST: 'p.unit_cost',
  CREATED_AT: 'p.created_at',
};

const LEVEL_ORDER: Record<StockLevelOrderField, string> = {
  PART_SKU: '(SELECT op.sku FROM part op WHERE op.id = s.part_id)',
  LOCATION_CODE: '(SELECT ol.code FROM stock_location ol WHERE ol.id = s.location_id)',
  AVAILABLE: '(s.on_hand - s.reserved)',
  ON_HAND: 's.on_hand',
  UPDATED_AT: 's.updated_at',
};

/**
 * A page query whose `after` came from another list or another order compares values of the
 * wrong type (e.g. a SKU against a quantity): that is a bad request, not a server error.
 */
async function guardCursor<T>(run: Promise<T>): Promise<T> {
  try {
    return await run;
  } catch (err) {
    const code = (err as { driverError?: { code?: string } }).driverError?.code ?? (err as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('22')) {
      throw badRequest('after is not a cursor of this list in this order; pass a pageInfo.endCursor it returned with the same orderBy');
    }
    throw err;
  }
}

/** The level list behind `stockLevels` and `StockLocation.stockLevels`. */
export function stockLevelList(ctx: Ctx, args: PageArgs, filter?: StockLevelFilter | null, orderBy?: StockLevelOrder | null, locationId?: string) {
  const qb = ctx.app.db.getRepository(StockLevel).createQueryBuilder('s');
  if (locationId) qb.andWhere('s.location_id = :forLocation', { forLocation: locationId });
  const w = stockLevelWhere(filter, 's');
  if (w.sql) qb.andWhere(w.sql, w.params);
  const order = orderBy ?? { field: StockLevelOrderField.PART_SKU, direction: SortDirection.ASC };
  return guardCursor(paginate(qb, args, { expr: LEVEL_ORDER[order.field], direction: order.direction }));
}

/** The ledger, newest first, behind `stockMovements` and `StockLevel.movements`. */
export function stockMovementList(ctx: Ctx, args: PageArgs, filter?: StockMovementFilter | null, stockLevelId?: string) {
  const qb = ctx.app.db.getRepository(StockMovement).createQueryBuilder('m');
  if (stockLevelId) qb.andWhere('m.stock_level_id = :forLevel', { forLevel: stockLevelId });
  const w = stockMovementWhere(filter, 'm');
  if (w.sql) qb.andWhere(w.sql, w.params);
  return guardCursor(paginate(qb, args, { expr: 'm.seq', direction: SortDirection.DESC }));
}

@Resolver(() => Part)
export class PartResolver {
  @Authorized(...STAFF_READERS)
  @Query(() => Part, { nullable: true, description: 'A part by id or by SKU' })
  async part(
    @C() ctx: Ctx,
    @Arg('id', () => ID, { nullable: true }) id?: string | null,
    @Arg('sku', () => String, { nullable: true }) sku?: string | null,
  ): Promise<Part | null> {
    if ((id == null) === (sku == null)) throw new GraphQLError('Give exactly one of id or sku', { extensions: { code: 'BAD_USER_INPUT' } });
    if (id != null) {
      const uuid = decodeId(id, 'Part');
      return uuid ? ctx.loaders.part.load(uuid) : null;
    }
    const normalized = inventory.normalizeSku(sku);
    return normalized ? ctx.app.db.getRepository(Part).findOneBy({ sku: normalized }) : null;
  }

  @Authorized(...STAFF_READERS)
  @Query(() => PartConnection, { description: 'The parts catalogue, by SKU unless ordered otherwise' })
  parts(
    @C() ctx: Ctx,
    @Args() args: PageArgs,
    @Arg('filter', () => PartFilter, { nullable: true }) filter?: PartFilter | null,
    @Arg('orderBy', () => PartOrder, { nullable: true }) orderBy?: PartOrder | null,
  ) {
    const qb = ctx.app.db.getRepository(Part).createQueryBuilder('p');
    const w = partWhere(filter, 'p');
    if (w.sql) qb.andWhere(w.sql, w.params);
    const order = orderBy ?? { field: PartOrderField.SKU, direction: SortDirection.ASC };
    return guardCursor(paginate(qb, args, { expr: PART_ORDER[order.field], direction: order.direction }));
  }

  @FieldResolver(() => [StockLevel], { description: 'Its stock at every location that has a level for it, by location code' })
  stockLevels(@Root() p: Part, @C() ctx: Ctx) {
    return ctx.loaders.partStockLevels.load(p.id);
  }

  @FieldResolver(() => Int, { description: 'Sum of on hand over its levels' })
  async onHand(@Root() p: Part, @C() ctx: Ctx) {
    return (await ctx.loaders.partStockLevels.load(p.id)).reduce((n, l) => n + l.onHand, 0);
  }

  @FieldResolver(() => Int, { description: 'Sum of available over its levels' })
  async available(@Root() p: Part, @C() ctx: Ctx) {
    return (await ctx.loaders.partStockLevels.load(p.id)).reduce((n, l) => n + l.onHand - l.reserved, 0);
  }

  @Authorized(...MANAGERS)
  @Mutation(() => CreatePartPayload)
  createPart(@C() ctx: Ctx, @Arg('input') input: CreatePartInput) {
    return runMutation(ctx, {
      name: 'createPart',
      key: input.idempotencyKey,
      run: async (tx) => ({ part: await inventory.createPart(ctx, tx, input) }),
      load: async (ids) => ({ part: await ctx.loaders.part.load(ids.part!) }),
    });
  }
}

@Resolver(() => StockLocation)
export class StockLocationResolver {
  @Authorized(...STAFF_READERS)
  @Query(() => [StockLocation], { description: 'Warehouses, depots and vans, by code' })
  stockLocations(@C() ctx: Ctx, @Arg('kind', () => [LocationKind], { nullable: true }) kind?: LocationKind[] | null) {
    const qb = ctx.app.db.getRepository(StockLocation).createQueryBuilder('l').orderBy('l.code', 'ASC');
    if (kind) qb.where('l.kind = ANY(:kinds)', { kinds: kind });
    return qb.getMany();
  }

  @FieldResolver(() => StockLevelConnection, { description: 'The levels held here, by part SKU unless ordered otherwise' })
  stockLevels(
    @Root() l: StockLocation,
    @C() ctx: Ctx,
    @Args() args: PageArgs,
    @Arg('filter', () => StockLevelFilter, { nullable: true }) filter?: StockLevelFilter | null,
    @Arg('orderBy', () => StockLevelOrder, { nullable: true }) orderBy?: StockLevelOrder | null,
  ) {
    return stockLevelList(ctx, args, filter, orderBy, l.id);
  }

  @Authorized(...MANAGERS)
  @Mutation(() => CreateStockLocationPayload)
  createStockLocation(@C() ctx: Ctx, @Arg('input') input: CreateStockLocationInput) {
    return runMutation(ctx, {
      name: 'createStockLocation',
      key: input.idempotencyKey,
      run: async (tx) => ({ stockLocation: await inventory.createStockLocation(ctx, tx, input) }),
      load: async (ids) => ({ stockLocation: await ctx.loaders.stockLocation.load(ids.stockLocation!) }),
    });
  }
}

@Resolver(() => StockLevel)
export class StockLevelResolver {
  @Authorized(...STAFF_READERS)
  @Query(() => StockLevelConnection, { description: 'Stock per part and location; filter.status: [LOW, OUT_OF_STOCK] lists what needs reordering' })
  stockLevels(
    @C() ctx: Ctx,
    @Args() args: PageArgs,
    @Arg('filter', () => StockLevelFilter, { nullable: true }) filter?: StockLevelFilter | null,
    @Arg('orderBy', () => StockLevelOrder, { nullable: true }) orderBy?: StockLevelOrder | null,
  ) {
    return stockLevelList(ctx, args, filter, orderBy);
  }

  @FieldResolver(() => Part)
  part(@Root() s: StockLevel, @C() ctx: Ctx) {
    return ctx.loaders.part.load(s.partId);
  }

  @FieldResolver(() => StockLocation)
  location(@Root() s: StockLevel, @C() ctx: Ctx) {
    return ctx.loaders.stockLocation.load(s.locationId);
  }

  @FieldResolver(() => StockMovementConnection, { description: 'Its ledger, newest first' })
  movements(@Root() s: StockLevel, @C() ctx: Ctx, @Args() args: PageArgs) {
    return stockMovementList(ctx, args, null, s.id);
  }

  @Authorized(...MANAGERS)
  @Mutation(() => SetReorderPolicyPayload, { description: 'Sets when a level counts as LOW and how much to reorder; creates the level if needed' })
  setReorderPolicy(@C() ctx: Ctx, @Arg('input') input: SetReorderPolicyInput) {
    return runMutation(ctx, {
      name: 'setReorderPolicy',
      run: async (tx) => ({ stockLevel: await inventory.setReorderPolicy(ctx, tx, input) }),
      load: async (ids) => ({ stockLevel: await ctx.loaders.stockLevel.load(ids.stockLevel!) }),
    });
  }

  @Authorized(...MANAGERS)
  @Mutation(() => ReceiveStockPayload, { description: 'Goods in: adds to on hand (creates the level on first receipt)' })
  receiveStock(@C() ctx: Ctx, @Arg('input') input: ReceiveStockInput) {
    return runMutation(ctx, {
      name: 'receiveStock',
      key: input.idempotencyKey,
      run: async (tx) => {
        const r = await inventory.receiveStock(ctx, tx, input);
        return { stockLevel: r.level, movement: r.movement };
      },
      load: async (ids) => ({
        stockLevel: await ctx.loaders.stockLevel.load(ids.stockLevel!),
        movement: await ctx.loaders.stockMovement.load(ids.movement!),
      }),
    });
  }

  @Authorized(...MANAGERS)
  @Mutation(() => AdjustStockPayload, { description: 'Corrects on hand (stock count, damage, loss), with a reason; never below what is reserved' })
  adjustStock(@C() ctx: Ctx, @Arg('input') input: AdjustStockInput) {
    return runMutation(ctx, {
      name: 'adjustStock',
      key: input.idempotencyKey,
      run: async (tx) => {
        const r = await inventory.adjustStock(ctx, tx, input);
        return { stockLevel: r.level, movement: r.movement };
      },
      load: async (ids) => ({
        stockLevel: await ctx.loaders.stockLevel.load(ids.stockLevel!),
        movement: await ctx.loaders.stockMovement.load(ids.movement!),
      }),
    });
  }

  @Authorized(...MANAGERS)
  @Mutation(() => TransferStockPayload, { description: 'Moves available stock between two locations, both sides in one transaction' })
  transferStock(@C() ctx: Ctx, @Arg('input') input: TransferStockInput) {
    return runMutation(ctx, {
      name: 'transferStock',
      key: input.idempotencyKey,
      run: async (tx) => inventory.transferStock(ctx, tx, input),
      load: async (ids) => ({
        from: await ctx.loaders.stockLevel.load(ids.from!),
        to: await ctx.loaders.stockLevel.load(ids.to!),
        movements: (await Promise.all([ctx.loaders.stockMovement.load(ids.out!), ctx.loaders.stockMovement.load(ids.in!)])).filter(
          (m): m is StockMovement => !!m,
        ),
      }),
    });
  }
}

@Resolver(() => StockMovement)
export class StockMovementResolver {
  @Authorized(...STAFF_READERS)
  @Query(() => StockMovementConnection, { description: 'The stock ledger, newest first' })
  stockMovements(
    @C() ctx: Ctx,
    @Args() args: PageArgs,
    @Arg('filter', () => StockMovementFilter, { nullable: true }) filter?: StockMovementFilter | null,
  ) {
    return stockMovementList(ctx, args, filter);
  }

  @FieldResolver(() => Part)
  part(@Root() m: StockMovement, @C() ctx: Ctx) {
    return ctx.loaders.part.load(m.partId);
  }

  @FieldResolver(() => StockLocation)
  location(@Root() m: StockMovement, @C() ctx: Ctx) {
    return ctx.loaders.stockLocation.load(m.locationId);
  }

  @FieldResolver(() => StockLevel)
  stockLevel(@Root() m: StockMovement, @C() ctx: Ctx) {
    return ctx.loaders.stockLevel.load(m.stockLevelId);
  }

  @FieldResolver(() => Ticket, { nullable: true, description: 'The ticket a reservation movement was for' })
  ticket(@Root() m: StockMovement, @C() ctx: Ctx) {
    return m.ticketId ? ctx.loaders.ticket.load(m.ticketId) : null;
  }

  @FieldResolver(() => PartReservation, { nullable: true })
  reservation(@Root() m: StockMovement, @C() ctx: Ctx) {
    return m.reservationId ? ctx.loaders.partReservation.load(m.reservationId) : null;
  }
}

@Resolver(() => PartReservation)
export class PartReservationResolver {
  @FieldResolver(() => Ticket)
  ticket(@Root() r: PartReservation, @C() ctx: Ctx) {
    return ctx.loaders.ticket.load(r.ticketId);
  }

  @FieldResolver(() => Part)
  part(@Root() r: PartReservation, @C() ctx: Ctx) {
    return ctx.loaders.part.load(r.partId);
  }

  @FieldResolver(() => StockLocation)
  location(@Root() r: PartReservation, @C() ctx: Ctx) {
    return ctx.loaders.stockLocation.load(r.locationId);
  }

  @FieldResolver(() => StockLevel)
  stockLevel(@Root() r: PartReservation, @C() ctx: Ctx) {
    return ctx.loaders.stockLevel.load(r.stockLevelId);
  }

  @Authorized(...STAFF_WRITERS)
  @Mutation(() => ReservePartPayload, { description: 'Holds parts at a location for a ticket; INSUFFICIENT_STOCK when not enough is available' })
  reservePart(@C() ctx: Ctx, @Arg('input') input: ReservePartInput) {
    return runMutation(ctx, {
      name: 'reservePart',
      key: input.idempotencyKey,
      run: async (tx) => {
        const r = await inventory.reservePart(ctx, tx, input);
        return { reservation: r.reservation, stockLevel: r.level };
      },
      load: (ids) => loadReservationPayload(ctx, ids),
    });
  }

  @Authorized(...STAFF_WRITERS)
  @Mutation(() => ReleaseReservationPayload, { description: 'Gives held parts back to available stock' })
  releaseReservation(@C() ctx: Ctx, @Arg('input') input: ReservationInput) {
    return runMutation(ctx, {
      name: 'releaseReservation',
      key: input.idempotencyKey,
      run: async (tx) => {
        const r = await inventory.releaseReservation(ctx, tx, input);
        return { reservation: r.reservation, stockLevel: r.level };
      },
      load: (ids) => loadReservationPayload(ctx, ids),
    });
  }

  @Authorized(...STAFF_WRITERS)
  @Mutation(() => ConsumeReservationPayload, { description: 'The held parts were fitted: they leave on hand' })
  consumeReservation(@C() ctx: Ctx, @Arg('input') input: ReservationInput) {
    return runMutation(ctx, {
      name: 'consumeReservation',
      key: input.idempotencyKey,
      run: async (tx) => {
        const r = await inventory.consumeReservation(ctx, tx, input);
        return { reservation: r.reservation, stockLevel: r.level };
      },
      load: (ids) => loadReservationPayload(ctx, ids),
    });
  }
}

async function loadReservationPayload(ctx: Ctx, ids: Record<string, string | null>) {
  return {
    reservation: await ctx.loaders.partReservation.load(ids.reservation!),
    stockLevel: await ctx.loaders.stockLevel.load(ids.stockLevel!),
  };
}

@Resolver(() => Ticket)
export class TicketReservationsResolver {
  @FieldResolver(() => [PartReservation], { description: 'Parts reserved for this ticket, oldest first (empty for customers)' })
  async reservations(
    @Root() t: Ticket,
    @C() ctx: Ctx,
    @Arg('status', () => [ReservationStatus], { nullable: true }) status?: ReservationStatus[] | null,
  ): Promise<PartReservation[]> {
    if (ctx.viewer.role === Role.CUSTOMER) return [];
    const all = await ctx.loaders.ticketReservations.load(t.id);
    return status ? all.filter((r) => status.includes(r.status)) : all;
  }
}

export const inventoryResolvers = [
  PartResolver,
  StockLocationResolver,
  StockLevelResolver,
  StockMovementResolver,
  PartReservationResolver,
  TicketReservationsResolver,
] as const;
