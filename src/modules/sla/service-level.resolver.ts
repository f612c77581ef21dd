import { Arg, Authorized, Ctx as C, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { MANAGERS, STAFF_READERS } from '../../auth/viewer';
import type { Ctx } from '../../graphql/context';
import { DomainError, invalid, notFound } from '../../graphql/errors';
import { decodeId } from '../../graphql/ids';
import { Payload } from '../../graphql/payload';
import { DateScalar } from '../../graphql/scalars';
import { CustomerTier, ErrorCode, Priority, TicketKind, TicketStatus } from '../common/enums';
import { runMutation } from '../common/mutation';
import { optionalText, requiredText } from '../common/validate';
import { validateBusinessHours } from './business-hours';
import { ServiceLevel, type BusinessHours } from './service-level.entity';
import type { Tx } from '../../db/tx';

@InputType()
export class SlaTargetInput {
  @Field(() => Priority) priority!: Priority;
  @Field(() => Int) firstResponseMinutes!: number;
  @Field(() => Int) resolutionMinutes!: number;
}

@InputType()
export class BusinessDayInput {
  @Field(() => Int, { description: '1 = Monday … 7 = Sunday' }) weekday!: number;
  @Field({ description: '"09:00"' }) opens!: string;
  @Field({ description: '"17:00"; "24:00" is midnight' }) closes!: string;
}

@InputType()
export class BusinessHoursInput {
  @Field({ description: 'IANA time zone, e.g. "Europe/Berlin"' }) timeZone!: string;
  @Field(() => [BusinessDayInput]) days!: BusinessDayInput[];
  @Field(() => [DateScalar], { nullable: true }) holidays?: string[] | null;
}

@InputType()
export class CreateServiceLevelInput {
  @Field() name!: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => [SlaTargetInput]) targets!: SlaTargetInput[];
  @Field(() => BusinessHoursInput, { nullable: true, description: 'None: round the clock' }) businessHours?: BusinessHoursInput | null;
  @Field(() => [TicketStatus], { nullable: true, description: 'Statuses that stop the clock; default [PENDING]' }) pauseOn?: TicketStatus[] | null;
  @Field(() => Boolean, { nullable: true, description: 'Make this the default service level' }) isDefault?: boolean | null;
  @Field(() => Int, { nullable: true, description: 'Make it a rule, tried in this order for customers without a plan' }) ruleOrder?: number | null;
  @Field(() => [CustomerTier], { nullable: true }) matchTiers?: CustomerTier[] | null;
  @Field(() => [TicketKind], { nullable: true }) matchKinds?: TicketKind[] | null;
  @Field(() => [Priority], { nullable: true }) matchPriorities?: Priority[] | null;
}

@InputType({ description: 'Fields left out stay as they are. New targets apply to tickets opened from now on.' })
export class UpdateServiceLevelInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { nullable: true }) expectedVersion?: number | null;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => [SlaTargetInput], { nullable: true }) targets?: SlaTargetInput[] | null;
  @Field(() => BusinessHoursInput, { nullable: true }) businessHours?: BusinessHoursInput | null;
  @Field(() => [TicketStatus], { nullable: true }) pauseOn?: TicketStatus[] | null;
  @Field(() => Boolean, { nullable: true }) isDefault?: boolean | null;
  @Field(() => Int, { nullable: true }) ruleOrder?: number | null;
  @Field(() => [CustomerTier], { nullable: true }) matchTiers?: CustomerTier[] | null;
  @Field(() => [TicketKind], { nullable: true }) matchKinds?: TicketKind[] | null;
  @Field(() => [Priority], { nullable: true }) matchPriorities?: Priority[] | null;
}

@ObjectType()
export class CreateServiceLevelPayload extends Payload {
  @Field(() => ServiceLevel, { nullable: true }) serviceLevel!: ServiceLevel | null;
}

@ObjectType()
export class UpdateServiceLevelPayload extends Payload {
  @Field(() => ServiceLevel, { nullable: true }) serviceLevel!: ServiceLevel | null;
}

const MAX_MINUTES = 366 * 24 * 60;

function checkTargets(targets: SlaTargetInput[]): SlaTargetInput[] {
  if (targets.length === 0) throw invalid('Give at least one target', ['input', 'targets']);
  const seen = new Set<Priority>();
  return targets.map((t, i) => {
    if (seen.has(t.priority)) throw invalid(`Priority ${t.priority} has two targets`, ['input', 'targets', String(i), 'priority']);
    seen.add(t.priority);
    for (const k of ['firstResponseMinutes', 'resolutionMinutes'] as const) {
      if (!Number.isInteger(t[k]) || t[k] < 1 || t[k] > MAX_MINUTES) {
        throw invalid(`${k} must be from 1 to ${MAX_MINUTES}`, ['input', 'targets', String(i), k]);
      }
    }
    if (t.resolutionMinutes < t.firstResponseMinutes) {
      throw invalid('resolutionMinutes must not be shorter than firstResponseMinutes', ['input', 'targets', String(i), 'resolutionMinutes']);
    }
    return { priority: t.priority, firstResponseMinutes: t.firstResponseMinutes, resolutionMinutes: t.resolutionMinutes };
  });
}

function checkHours(bh: BusinessHoursInput | null | undefined): BusinessHours | null {
  if (!bh) return null;
  const value: BusinessHours = {
    timeZone: bh.timeZone,
    days: bh.days.map((d) => ({ weekday: d.weekday, opens: d.opens, closes: d.closes })),
    holidays: bh.holidays ?? [],
  };
  const problem = validateBusinessHours(value);
  if (problem) throw invalid(problem, ['input', 'businessHours']);
  return value;
}

function checkPause(list: TicketStatus[] | null | undefined): TicketStatus[] | undefined {
  if (!list) return undefined;
  for (const s of list) {
    if (s === TicketStatus.RESOLVED || s === TicketStatus.CLOSED || s === TicketStatus.NEW || s === TicketStatus.OPEN) {
      throw invalid(`The clock can pause on PENDING or ON_HOLD, not ${s}`, ['input', 'pauseOn']);
    }
  }
  return [...new Set(list)];
}

async function unsetOtherDefaults(tx: Tx, id: string) {
  await tx.manager.query('UPDATE service_level SET is_default = false WHERE is_default AND id <> $1', [id]);
}

async function nameFree(tx: Tx, name: string, exceptId?: string) {
  const other = await tx.manager.findOneBy(ServiceLevel, { name });
  if (other && other.id !== exceptId) throw new DomainError(ErrorCode.DUPLICATE, `A service level named "${name}" exists already`, ['input', 'name']);
}

@Resolver(() => ServiceLevel)
export class ServiceLevelResolver {
  @Authorized(...STAFF_READERS)
  @Query(() => [ServiceLevel], { description: 'Default first, then rules in order, then by name' })
  serviceLevels(@C() ctx: Ctx) {
    return ctx.app.db
      .getRepository(ServiceLevel)
      .createQueryBuilder('s')
      .orderBy('s.is_default', 'DESC')
      .addOrderBy('s.rule_order', 'ASC', 'NULLS LAST')
      .addOrderBy('s.name', 'ASC')
      .getMany();
  }

  @Authorized(...MANAGERS)
  @Mutation(() => CreateServiceLevelPayload)
  createServiceLevel(@C() ctx: Ctx, @Arg('input') input: CreateServiceLevelInput) {
    return runMutation(ctx, {
      name: 'createServiceLevel',
      run: async (tx) => {
        const name = requiredText(input.name, 'name', 200);
        await nameFree(tx, name);
        const r = await tx.manager.getRepository(ServiceLevel).insert({
          name,
          description: optionalText(input.description, 'description', 5000) ?? null,
          targets: checkTargets(input.targets),
          businessHours: checkHours(input.businessHours),
          pauseOn: checkPause(input.pauseOn) ?? [TicketStatus.PENDING],
          isDefault: !!input.isDefault,
          ruleOrder: input.ruleOrder ?? null,
          matchTiers: input.matchTiers ?? [],
          matchKinds: input.matchKinds ?? [],
          matchPriorities: input.matchPriorities ?? [],
        } as never);
        const id = r.identifiers[0].id as string;
        if (input.isDefault) await unsetOtherDefaults(tx, id);
        return { serviceLevel: id };
      },
      load: async (ids) => ({ serviceLevel: await ctx.loaders.serviceLevel.load(ids.serviceLevel!) }),
    });
  }

  @Authorized(...MANAGERS)
  @Mutation(() => UpdateServiceLevelPayload)
  updateServiceLevel(@C() ctx: Ctx, @Arg('input') input: UpdateServiceLevelInput) {
    return runMutation(ctx, {
      name: 'updateServiceLevel',
      run: async (tx) => {
        const id = decodeId(input.id, 'ServiceLevel');
        const sl = id
          ? await tx.manager.getRepository(ServiceLevel).createQueryBuilder('s').setLock('pessimistic_write').where('s.id = :id', { id }).getOne()
          : null;
        if (!sl) throw notFound('Service level', ['input', 'id']);
        if (input.expectedVersion != null && input.expectedVersion !== sl.version) {
          throw new DomainError(ErrorCode.VERSION_CONFLICT, `Service level is at version ${sl.version}, not ${input.expectedVersion}`, ['input', 'expectedVersion']);
        }
        const changes: Partial<ServiceLevel> = {};
        if (input.name != null) {
          changes.name = requiredText(input.name, 'name', 200);
          await nameFree(tx, changes.name, sl.id);
        }
        if (input.description !== undefined) changes.description = optionalText(input.description, 'description', 5000) ?? null;
        if (input.targets) changes.targets = checkTargets(input.targets);
        if (input.businessHours !== undefined) changes.businessHours = checkHours(input.businessHours);
        if (input.pauseOn) changes.pauseOn = checkPause(input.pauseOn);
        if (input.isDefault != null) changes.isDefault = input.isDefault;
        if (input.ruleOrder !== undefined) changes.ruleOrder = input.ruleOrder ?? null;
        if (input.matchTiers) changes.matchTiers = input.matchTiers;
        if (input.matchKinds) changes.matchKinds = input.matchKinds;
        if (input.matchPriorities) changes.matchPriorities = input.matchPriorities;
        await tx.manager
          .createQueryBuilder()
          .update(ServiceLevel)
          .set({ ...changes, version: sl.version + 1, updatedAt: ctx.app.clock.now() } as never)
          .where('id = :id', { id: sl.id })
          .execute();
        if (changes.isDefault) await unsetOtherDefaults(tx, sl.id);
        return { serviceLevel: sl.id };
      },
      load: async (ids) => ({ serviceLevel: await ctx.loaders.serviceLevel.load(ids.serviceLevel!) }),
    });
  }
}
