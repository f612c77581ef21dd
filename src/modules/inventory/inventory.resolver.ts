import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { MANAGERS, STAFF_READERS, STAFF_WRITERS } from '../../auth/viewer';
import { badRequest } from '../../errors';
import type { RequestContext } from '../../graphql/context';
import { decodeId } from '../../graphql/ids';
import { connectionType, PageArgs } from '../../graphql/pagination';
import { seesAny } from '../../policy/visibility';
import { runMutation } from '../common/mutation';
import { Ticket } from '../tickets/ticket.entity';
import { LocationKind, ReservationStatus } from './inventory.enums';
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
  ReceiveStockInput,
  ReceiveStockPayload,
  ReleaseReservationPayload,
  ReservationInput,
  ReservePartInput,
  ReservePartPayload,
  ReturnPartInput,
  ReturnPartPayload,
  SetReorderPolicyInput,
  SetReorderPolicyPayload,
  StockLevelFilter,
  StockLevelOrder,
  StockMovementFilter,
  TransferStockInput,
  TransferStockPayload,
} from './inventory.inputs';
import { partList, stockLevelList, stockLocationList, stockMovementList } from './inventory.list';
import * as inventory from './inventory.service';
import { PartReservation } from './part-reservation.entity';
import { Part } from './part.entity';
import { StockLevel } from './stock-level.entity';
import { StockLocation } from './stock-location.entity';
import { StockMovement } from './stock-movement.entity';

export const PartConnection = connectionType('Part', Part);
export const StockLevelConnection = connectionType('StockLevel', StockLevel);
export const StockMovementConnection = connectionType('StockMovement', StockMovement);

@Resolver(() => Part)
export class PartResolver {
  @Authorized(...STAFF_READERS)
  @Query(() => Part, { nullable: true, description: 'A part by id or by SKU' })
  async part(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { nullable: true }) id?: string | null,
    @Arg('sku', () => String, { nullable: true }) sku?: string | null,
  ): Promise<Part | null> {
    if ((id == null) === (sku == null)) throw badRequest('Give exactly one of id or sku');
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
    @Ctx() ctx: RequestContext,
    @Args() args: PageArgs,
    @Arg('filter', () => PartFilter, { nullable: true }) filter?: PartFilter | null,
    @Arg('orderBy', () => PartOrder, { nullable: true }) orderBy?: PartOrder | null,
  ) {
    return partList(ctx, args, filter, orderBy);
  }

  @FieldResolver(() => [StockLevel], { description: 'Its stock at every location that has a level for it, by location code' })
  stockLevels(@Root() p: Part, @Ctx() ctx: RequestContext) {
    return ctx.loaders.partStockLevels.load(p.id);
  }

  @FieldResolver(() => Int, { description: 'Sum of on hand over its levels' })
  async onHand(@Root() p: Part, @Ctx() ctx: RequestContext) {
    return (await ctx.loaders.partStockLevels.load(p.id)).reduce((n, l) => n + l.onHand, 0);
  }

  @FieldResolver(() => Int, { description: 'Sum of available over its levels' })
  async available(@Root() p: Part, @Ctx() ctx: RequestContext) {
    return (await ctx.loaders.partStockLevels.load(p.id)).reduce((n, l) => n + l.onHand - l.reserved, 0);
  }

  @Authorized(...MANAGERS)
  @Mutation(() => CreatePartPayload)
  createPart(@Ctx() ctx: RequestContext, @Arg('input') input: CreatePartInput) {
    return runMutation(ctx, {
      name: 'createPart',
      input,
      run: async (tx) => ({ part: await inventory.createPart(ctx, tx, input) }),
      load: async (ids) => ({ part: await ctx.loaders.part.load(ids.part!) }),
    });
  }
}

@Resolver(() => StockLocation)
export class StockLocationResolver {
  @Authorized(...STAFF_READERS)
  @Query(() => [StockLocation], { description: 'Warehouses, depots and vans, by code' })
  stockLocations(@Ctx() ctx: RequestContext, @Arg('kind', () => [LocationKind], { nullable: true }) kind?: LocationKind[] | null) {
    return stockLocationList(ctx, kind);
  }

  @FieldResolver(() => StockLevelConnection, { description: 'The levels held here, by part SKU unless ordered otherwise' })
  stockLevels(
    @Root() l: StockLocation,
    @Ctx() ctx: RequestContext,
    @Args() args: PageArgs,
    @Arg('filter', () => StockLevelFilter, { nullable: true }) filter?: StockLevelFilter | null,
    @Arg('orderBy', () => StockLevelOrder, { nullable: true }) orderBy?: StockLevelOrder | null,
  ) {
    return stockLevelList(ctx, args, filter, orderBy, l.id);
  }

  @Authorized(...MANAGERS)
  @Mutation(() => CreateStockLocationPayload)
  createStockLocation(@Ctx() ctx: RequestContext, @Arg('input') input: CreateStockLocationInput) {
    return runMutation(ctx, {
      name: 'createStockLocation',
      input,
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
    @Ctx() ctx: RequestContext,
    @Args() args: PageArgs,
    @Arg('filter', () => StockLevelFilter, { nullable: true }) filter?: StockLevelFilter | null,
    @Arg('orderBy', () => StockLevelOrder, { nullable: true }) orderBy?: StockLevelOrder | null,
  ) {
    return stockLevelList(ctx, args, filter, orderBy);
  }

  @FieldResolver(() => Part)
  part(@Root() s: StockLevel, @Ctx() ctx: RequestContext) {
    return ctx.loaders.part.load(s.partId);
  }

  @FieldResolver(() => StockLocation)
  location(@Root() s: StockLevel, @Ctx() ctx: RequestContext) {
    return ctx.loaders.stockLocation.load(s.locationId);
  }

  @FieldResolver(() => StockMovementConnection, { description: 'Its ledger, newest first' })
  movements(@Root() s: StockLevel, @Ctx() ctx: RequestContext, @Args() args: PageArgs) {
    return stockMovementList(ctx, args, null, s.id);
  }

  @Authorized(...MANAGERS)
  @Mutation(() => SetReorderPolicyPayload, { description: 'Sets when a level counts as LOW and how much to reorder; creates the level if needed' })
  setReorderPolicy(@Ctx() ctx: RequestContext, @Arg('input') input: SetReorderPolicyInput) {
    return runMutation(ctx, {
      name: 'setReorderPolicy',
      run: async (tx) => ({ stockLevel: await inventory.setReorderPolicy(ctx, tx, input) }),
      load: async (ids) => ({ stockLevel: await ctx.loaders.stockLevel.load(ids.stockLevel!) }),
    });
  }

  @Authorized(...MANAGERS)
  @Mutation(() => ReceiveStockPayload, { description: 'Goods in: adds to on hand (creates the level on first receipt)' })
  receiveStock(@Ctx() ctx: RequestContext, @Arg('input') input: ReceiveStockInput) {
    return runMutation(ctx, {
      name: 'receiveStock',
      input,
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
  adjustStock(@Ctx() ctx: RequestContext, @Arg('input') input: AdjustStockInput) {
    return runMutation(ctx, {
      name: 'adjustStock',
      input,
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
  transferStock(@Ctx() ctx: RequestContext, @Arg('input') input: TransferStockInput) {
    return runMutation(ctx, {
      name: 'transferStock',
      input,
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
    @Ctx() ctx: RequestContext,
    @Args() args: PageArgs,
    @Arg('filter', () => StockMovementFilter, { nullable: true }) filter?: StockMovementFilter | null,
  ) {
    return stockMovementList(ctx, args, filter);
  }

  @FieldResolver(() => Part)
  part(@Root() m: StockMovement, @Ctx() ctx: RequestContext) {
    return ctx.loaders.part.load(m.partId);
  }

  @FieldResolver(() => StockLocation)
  location(@Root() m: StockMovement, @Ctx() ctx: RequestContext) {
    return ctx.loaders.stockLocation.load(m.locationId);
  }

  @FieldResolver(() => StockLevel)
  stockLevel(@Root() m: StockMovement, @Ctx() ctx: RequestContext) {
    return ctx.loaders.stockLevel.load(m.stockLevelId);
  }

  @FieldResolver(() => Ticket, { nullable: true, description: 'The ticket a reservation movement was for' })
  ticket(@Root() m: StockMovement, @Ctx() ctx: RequestContext) {
    return m.ticketId ? ctx.loaders.ticket.load(m.ticketId) : null;
  }

  @FieldResolver(() => PartReservation, { nullable: true })
  reservation(@Root() m: StockMovement, @Ctx() ctx: RequestContext) {
    return m.reservationId ? ctx.loaders.partReservation.load(m.reservationId) : null;
  }
}

@Resolver(() => PartReservation)
export class PartReservationResolver {
  @FieldResolver(() => Ticket)
  ticket(@Root() r: PartReservation, @Ctx() ctx: RequestContext) {
    return ctx.loaders.ticket.load(r.ticketId);
  }

  @FieldResolver(() => Part)
  part(@Root() r: PartReservation, @Ctx() ctx: RequestContext) {
    return ctx.loaders.part.load(r.partId);
  }

  @FieldResolver(() => StockLocation)
  location(@Root() r: PartReservation, @Ctx() ctx: RequestContext) {
    return ctx.loaders.stockLocation.load(r.locationId);
  }

  @FieldResolver(() => StockLevel)
  stockLevel(@Root() r: PartReservation, @Ctx() ctx: RequestContext) {
    return ctx.loaders.stockLevel.load(r.stockLevelId);
  }

  @Authorized(...STAFF_WRITERS)
  @Mutation(() => ReservePartPayload, { description: 'Holds parts at a location for a ticket; INSUFFICIENT_STOCK when not enough is available' })
  reservePart(@Ctx() ctx: RequestContext, @Arg('input') input: ReservePartInput) {
    return runMutation(ctx, {
      name: 'reservePart',
      input,
      run: async (tx) => {
        const r = await inventory.reservePart(ctx, tx, input);
        return { reservation: r.reservation, stockLevel: r.level };
      },
      load: (ids) => loadReservationPayload(ctx, ids),
    });
  }

  @Authorized(...STAFF_WRITERS)
  @Mutation(() => ReleaseReservationPayload, { description: 'Gives held parts back to available stock' })
  releaseReservation(@Ctx() ctx: RequestContext, @Arg('input') input: ReservationInput) {
    return runMutation(ctx, {
      name: 'releaseReservation',
      input,
      run: async (tx) => {
        const r = await inventory.releaseReservation(ctx, tx, input);
        return { reservation: r.reservation, stockLevel: r.level };
      },
      load: (ids) => loadReservationPayload(ctx, ids),
    });
  }

  @Authorized(...STAFF_WRITERS)
  @Mutation(() => ConsumeReservationPayload, { description: 'The held parts were fitted: they leave on hand' })
  consumeReservation(@Ctx() ctx: RequestContext, @Arg('input') input: ReservationInput) {
    return runMutation(ctx, {
      name: 'consumeReservation',
      input,
      run: async (tx) => {
        const r = await inventory.consumeReservation(ctx, tx, input);
        return { reservation: r.reservation, stockLevel: r.level };
      },
      load: (ids) => loadReservationPayload(ctx, ids),
    });
  }

  @Authorized(...STAFF_WRITERS)
  @Mutation(() => ReturnPartPayload, {
    description:
      'Parts consumed on a ticket come back into stock at a location (a RETURN line; on hand rises); INVALID_INPUT for more than was consumed on the ticket for that part and not returned yet',
  })
  returnPart(@Ctx() ctx: RequestContext, @Arg('input') input: ReturnPartInput) {
    return runMutation(ctx, {
      name: 'returnPart',
      input,
      run: async (tx) => {
        const r = await inventory.returnPart(ctx, tx, input);
        return { stockLevel: r.level, movement: r.movement };
      },
      load: async (ids) => ({
        stockLevel: await ctx.loaders.stockLevel.load(ids.stockLevel!),
        movement: await ctx.loaders.stockMovement.load(ids.movement!),
      }),
    });
  }
}

async function loadReservationPayload(ctx: RequestContext, ids: Record<string, string | null>) {
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
    @Ctx() ctx: RequestContext,
    @Arg('status', () => [ReservationStatus], { nullable: true }) status?: ReservationStatus[] | null,
  ): Promise<PartReservation[]> {
    if (!seesAny(ctx.viewer, 'PartReservation')) return [];
    const all = await ctx.loaders.ticketReservations.load(t.id);
    return status ? all.filter((r) => status.includes(r.status)) : all;
  }
}
