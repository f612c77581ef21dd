import type { EntityManager } from 'typeorm';
import type { Tx } from '../../events/tx';
import type { RequestContext } from '../../graphql/context';
import { DomainError, ErrorCode, invalid, notFound } from '../../errors';
import { decodeId } from '../../graphql/ids';
import { canSee, ownCustomerId } from '../../policy/visibility';
import { Agent } from '../agents/agent.entity';
import { TicketStatus } from '../common/enums';
import { intInRange, optionalText, requiredText } from '../common/validate';
import { lockVersioned } from '../common/versioned';
import { Customer } from '../customers/customer.entity';
import { ServiceLevel } from '../sla/service-level.entity';
import { evaluateSla, onStatusChange, pickServiceLevel, planClock } from '../sla/sla.service';
import { Ticket } from './ticket.entity';
import { emitTicketEvent, type TicketEventType } from './ticket.events';
import type {
  AssignTicketInput,
  ChangeTicketStatusInput,
  CreateTicketInput,
  OpenTicketInput,
  RateTicketInput,
  RecordSatisfactionInput,
  ResolveTicketInput,
  UpdateTicketInput,
} from './ticket.inputs';
import { canMove, TRANSITIONS } from './ticket.status';

const SUBJECT_MAX = 300;
const TEXT_MAX = 20000;

/** The customer a viewer may act for: a CUSTOMER only for itself. */
export function customerIdFor(ctx: RequestContext, gid: string | null | undefined, field: string[]): string {
  if (gid === null || gid === undefined) {
    const own = ownCustomerId(ctx.viewer);
    if (own) return own;
    throw invalid('customerId is required', field);
  }
  const id = decodeId(gid, 'Customer');
  if (!id || !canSee(ctx.viewer, 'Customer', { id })) throw notFound('Customer', field);
  return id;
}

/** Locks a ticket the viewer may see, checks the expected version. */
export function lockTicket(ctx: RequestContext, m: EntityManager, gid: string, field: string, expectedVersion?: number | null): Promise<Ticket> {
  return lockVersioned(m, Ticket, decodeId(gid, 'Ticket'), {
    what: 'Ticket',
    field: ['input', field],
    expectedVersion,
    visible: (t) => canSee(ctx.viewer, 'Ticket', t),
  });
}

async function serviceLevelOf(m: EntityManager, t: Ticket): Promise<ServiceLevel | null> {
  return t.serviceLevelId ? m.findOneBy(ServiceLevel, { id: t.serviceLevelId }) : null;
}

/** Writes the changed fields, bumps the version and records the event. */
async function save(ctx: RequestContext, tx: Tx, t: Ticket, changes: Partial<Ticket>, type: TicketEventType, sl?: ServiceLevel | null): Promise<Ticket> {
  const now = ctx.app.clock.now();
  Object.assign(t, changes, { version: t.version + 1, updatedAt: now });
  await tx.manager
    .createQueryBuilder()
    .update(Ticket)
    .set({ ...changes, version: t.version, updatedAt: now } as never)
    .where('id = :id', { id: t.id })
    .execute();
  const level = sl === undefined ? await serviceLevelOf(tx.manager, t) : sl;
  emitTicketEvent(tx, type, t, { slaState: evaluateSla(level, t, now).state });
  return t;
}

export async function createTicket(ctx: RequestContext, tx: Tx, input: CreateTicketInput | (OpenTicketInput & { customerId: string; channel: CreateTicketInput['channel']; reason?: CreateTicketInput['reason'] }), resolvedCustomerId?: string): Promise<Ticket> {
  const m = tx.manager;
  const customerId = resolvedCustomerId ?? customerIdFor(ctx, input.customerId, ['input', 'customerId']);
  const customer = await m.findOneBy(Customer, { id: customerId });
  if (!customer) throw notFound('Customer', ['input', 'customerId']);
  const subject = requiredText(input.subject, 'subject', SUBJECT_MAX);
  const description = optionalText(input.description, 'description', TEXT_MAX) ?? null;
  const now = ctx.app.clock.now();
  const sl = await pickServiceLevel(m, customer, input.kind, input.priority);
  const draft = {
    subject,
    description,
    kind: input.kind,
    priority: input.priority,
    channel: input.channel,
    reason: ('reason' in input ? input.reason : null) ?? null,
    status: TicketStatus.NEW,
    customerId,
    assigneeId: null,
    serviceLevelId: sl?.id ?? null,
    createdAt: now,
    updatedAt: now,
    firstRespondedAt: null,
    slaPausedMinutes: 0,
    slaPausedAt: null,
    version: 1,
  };
  const clock = planClock(sl, draft, ctx.app.config.slaAtRiskShare);
  const inserted = await m.getRepository(Ticket).insert({ ...draft, ...clock } as never);
  const t = await m.findOneByOrFail(Ticket, { id: inserted.identifiers[0].id as string });
  emitTicketEvent(tx, 'CREATED', t, { slaState: evaluateSla(sl, t, now).state });
  return t;
}

export async function updateTicket(ctx: RequestContext, tx: Tx, input: UpdateTicketInput): Promise<Ticket> {
  const t = await lockTicket(ctx, tx.manager, input.id, 'id', input.expectedVersion);
  const changes: Partial<Ticket> = {};
  if (input.subject !== undefined && input.subject !== null) changes.subject = requiredText(input.subject, 'subject', SUBJECT_MAX);
  if (input.description !== undefined) changes.description = optionalText(input.description, 'description', TEXT_MAX) ?? null;
  if (input.kind) changes.kind = input.kind;
  if (input.reason !== undefined) changes.reason = input.reason ?? null;
  const sl = await serviceLevelOf(tx.manager, t);
  if (input.priority && input.priority !== t.priority) {
    changes.priority = input.priority;
    if (t.status !== TicketStatus.CLOSED && t.status !== TicketStatus.RESOLVED) {
      Object.assign(changes, planClock(sl, { ...t, priority: input.priority }, ctx.app.config.slaAtRiskShare));
    }
  }
  if (Object.keys(changes).length === 0) throw invalid('Nothing to change: give at least one field', ['input']);
  return save(ctx, tx, t, changes, 'UPDATED', sl);
}

export async function assignTicket(ctx: RequestContext, tx: Tx, input: AssignTicketInput): Promise<Ticket> {
  const t = await lockTicket(ctx, tx.manager, input.ticketId, 'ticketId', input.expectedVersion);
  let agentId: string | null = null;
  if (input.agentId !== null && input.agentId !== undefined) {
    agentId = decodeId(input.agentId, 'Agent');
    const agent = agentId ? await tx.manager.findOneBy(Agent, { id: agentId }) : null;
    if (!agent) throw notFound('Agent', ['input', 'agentId']);
    if (!agent.active) throw invalid('This agent is inactive and cannot take tickets', ['input', 'agentId']);
  }
  if (t.status === TicketStatus.CLOSED) throw new DomainError(ErrorCode.INVALID_TRANSITION, 'A closed ticket cannot be reassigned', ['input', 'ticketId']);
  return save(ctx, tx, t, { assigneeId: agentId }, 'ASSIGNED');
}

function transitionError(from: TicketStatus, to: TicketStatus): DomainError {
  const allowed = TRANSITIONS[from];
  return new DomainError(
    ErrorCode.INVALID_TRANSITION,
    `A ${from} ticket cannot move to ${to}` + (allowed.length ? `; it can move to ${allowed.join(', ')}` : '; it is final'),
    ['input', 'status'],
  );
}

export async function changeTicketStatus(ctx: RequestContext, tx: Tx, input: ChangeTicketStatusInput): Promise<Ticket> {
  const t = await lockTicket(ctx, tx.manager, input.ticketId, 'ticketId', input.expectedVersion);
  if (!canMove(t.status, input.status)) throw transitionError(t.status, input.status);
  if (input.status === TicketStatus.RESOLVED) {
    throw invalid('Resolve a ticket with resolveTicket: it records the resolution and root cause', ['input', 'status']);
  }
  return moveTo(ctx, tx, t, input.status, {});
}

async function moveTo(ctx: RequestContext, tx: Tx, t: Ticket, to: TicketStatus, extra: Partial<Ticket>): Promise<Ticket> {
  const now = ctx.app.clock.now();
  const sl = await serviceLevelOf(tx.manager, t);
  const changes: Partial<Ticket> = { status: to, ...extra, ...onStatusChange(sl, t, to, now, ctx.app.config.slaAtRiskShare) };
  if (to === TicketStatus.CLOSED) changes.closedAt = now;
  if (to === TicketStatus.RESOLVED) changes.resolvedAt = now;
  if (t.status === TicketStatus.RESOLVED && to === TicketStatus.OPEN) changes.resolvedAt = null;
  const saved = await save(ctx, tx, t, changes, 'STATUS_CHANGED', sl);
  for (const hook of statusHooks) await hook(ctx, tx, saved, to);
  return saved;
}

export type StatusHook = (ctx: RequestContext, tx: Tx, t: Ticket, to: TicketStatus) => Promise<void>;
const statusHooks = new Set<StatusHook>();
/**
 * Other modules react to status changes in the same transaction (e.g. closing releases reserved
 * parts). Registered by the composition root (src/app/wiring.ts), never by importing a module.
 */
export function onTicketStatus(hook: StatusHook): void {
  statusHooks.add(hook);
}

export async function resolveTicket(ctx: RequestContext, tx: Tx, input: ResolveTicketInput): Promise<Ticket> {
  const t = await lockTicket(ctx, tx.manager, input.ticketId, 'ticketId', input.expectedVersion);
  if (!canMove(t.status, TicketStatus.RESOLVED)) throw transitionError(t.status, TicketStatus.RESOLVED);
  const resolution = requiredText(input.resolution, 'resolution', TEXT_MAX);
  return moveTo(ctx, tx, t, TicketStatus.RESOLVED, { resolution, rootCause: input.rootCause });
}

/** The customer rates its own ticket (the resolver admits CUSTOMER viewers only). */
export function rateTicket(ctx: RequestContext, tx: Tx, input: RateTicketInput): Promise<Ticket> {
  return rate(ctx, tx, input, null);
}

/** Staff record a rating the customer gave them; the viewer's agent is kept as who recorded it. */
export function recordSatisfaction(ctx: RequestContext, tx: Tx, input: RecordSatisfactionInput): Promise<Ticket> {
  if (!ctx.viewer.agentId) {
    throw new DomainError(ErrorCode.FORBIDDEN, 'Recording a rating needs a token with an agentId: the agent who took the rating');
  }
  return rate(ctx, tx, input, ctx.viewer.agentId);
}

/** One rating per ticket, on a resolved or closed one; `recordedById` null: the customer's own. */
async function rate(ctx: RequestContext, tx: Tx, input: RateTicketInput | RecordSatisfactionInput, recordedById: string | null): Promise<Ticket> {
  const t = await lockTicket(ctx, tx.manager, input.ticketId, 'ticketId');
  intInRange(input.score, 'score', 1, 5);
  const comment = optionalText(input.comment, 'comment', 5000) ?? null;
  if (t.status !== TicketStatus.RESOLVED && t.status !== TicketStatus.CLOSED) {
    throw new DomainError(ErrorCode.INVALID_TRANSITION, `Only a resolved or closed ticket can be rated; this one is ${t.status}`, ['input', 'ticketId']);
  }
  if (t.satisfactionScore !== null) {
    throw new DomainError(ErrorCode.DUPLICATE, 'This ticket has been rated already; a rating is given once', ['input', 'ticketId']);
  }
  if (recordedById && !(await tx.manager.findOneBy(Agent, { id: recordedById }))) throw notFound('Agent');
  return save(
    ctx,
    tx,
    t,
    { satisfactionScore: input.score, satisfactionComment: comment, ratedAt: ctx.app.clock.now(), satisfactionRecordedById: recordedById },
    'RATED',
  );
}

/** An outbound interaction from an agent is the first response. */
export async function recordInteraction(ctx: RequestContext, tx: Tx, t: Ticket, firstResponseAt: Date | null): Promise<Ticket> {
  const changes: Partial<Ticket> = {};
  if (firstResponseAt && !t.firstRespondedAt) {
    changes.firstRespondedAt = firstResponseAt;
    const sl = await serviceLevelOf(tx.manager, t);
    Object.assign(changes, planClock(sl, { ...t, firstRespondedAt: firstResponseAt }, ctx.app.config.slaAtRiskShare));
    if (t.status === TicketStatus.RESOLVED || t.status === TicketStatus.CLOSED) changes.slaRiskAt = null;
    if (t.slaPausedAt) changes.slaRiskAt = t.slaRiskAt;
    return save(ctx, tx, t, changes, 'INTERACTION_LOGGED', sl);
  }
  // nothing on the ticket itself changed: no new version, just the event
  const sl = await serviceLevelOf(tx.manager, t);
  emitTicketEvent(tx, 'INTERACTION_LOGGED', t, { slaState: evaluateSla(sl, t, ctx.app.clock.now()).state });
  return t;
}
