import type { RequestContext } from '../../graphql/context';
import { DomainError, ErrorCode, invalid } from '../../errors';
import { decodeId } from '../../graphql/ids';
import { BOUNDS } from '../../graphql/limits';
import type { Tx } from '../../events/tx';
import { Priority, TicketStatus } from '../common/enums';
import { optionalText, requiredText } from '../common/validate';
import { lockVersioned } from '../common/versioned';
import { validateBusinessHours } from './business-hours';
import { ServiceLevel, type BusinessHours } from './service-level.entity';
import type { BusinessHoursInput, CreateServiceLevelInput, SlaTargetInput, UpdateServiceLevelInput } from './service-level.inputs';

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
  // BusinessHours.days is counted with this bound
  if (value.days.length > BOUNDS.businessHourIntervals) {
    throw invalid(`Business hours have at most ${BOUNDS.businessHourIntervals} opening intervals`, ['input', 'businessHours', 'days']);
  }
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

/** The service levels behind `serviceLevels`: the default first, then rules in order, then by name. */
export function serviceLevelList(ctx: RequestContext): Promise<ServiceLevel[]> {
  return ctx.app.db
    .getRepository(ServiceLevel)
    .createQueryBuilder('s')
    .orderBy('s.is_default', 'DESC')
    .addOrderBy('s.rule_order', 'ASC', 'NULLS LAST')
    .addOrderBy('s.name', 'ASC')
    .getMany();
}

export async function createServiceLevel(_ctx: RequestContext, tx: Tx, input: CreateServiceLevelInput): Promise<string> {
  const name = requiredText(input.name, 'name', 200);
  await nameFree(tx, name);
  // Query.serviceLevels is counted with this bound: keep it true
  await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtext('service_level:count'))`);
  const [{ n }]: { n: number }[] = await tx.manager.query('SELECT count(*)::int AS n FROM service_level');
  if (n >= BOUNDS.serviceLevels) throw invalid(`The hub holds at most ${BOUNDS.serviceLevels} service levels`, ['input']);
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
  return id;
}

export async function updateServiceLevel(ctx: RequestContext, tx: Tx, input: UpdateServiceLevelInput): Promise<string> {
  const sl = await lockVersioned(tx.manager, ServiceLevel, decodeId(input.id, 'ServiceLevel'), {
    what: 'Service level',
    field: ['input', 'id'],
    expectedVersion: input.expectedVersion,
  });
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
  return sl.id;
}
