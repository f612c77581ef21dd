import type { Tx } from '../../events/tx';
import type { RequestContext } from '../../graphql/context';
import { invalid, notFound } from '../../errors';
import { buildFilter, idRule, Params, wordsRule, type FilterSpec } from '../../graphql/filter-sql';
import { Channel, Direction, Role } from '../common/enums';
import { intInRange, optionalText, requiredText } from '../common/validate';
import { Customer } from '../customers/customer.entity';
import { createTicket, customerIdFor, lockTicket, recordInteraction } from '../tickets/ticket.service';
import type { Ticket } from '../tickets/ticket.entity';
import { Interaction } from './interaction.entity';
import type { InteractionFilter, LogInteractionInput } from './interaction.inputs';


/** Channels where the customer talks to the agent live. */
const LIVE_CHANNELS: ReadonlySet<string> = new Set([Channel.PHONE, Channel.CHAT, Channel.IN_PERSON]);

export function interactionFilterSpec(a: string): FilterSpec {
  return {
    channel: { kind: 'in', sql: `${a}.channel` },
    direction: { kind: 'in', sql: `${a}.direction` },
    reason: { kind: 'in', sql: `${a}.reason` },
    customerId: idRule(`${a}.customer_id`, 'Customer'),
    ticketId: idRule(`${a}.ticket_id`, 'Ticket'),
    agentId: idRule(`${a}.agent_id`, 'Agent'),
    hasTicket: { kind: 'custom', build: (v) => (v ? `${a}.ticket_id IS NOT NULL` : `${a}.ticket_id IS NULL`) },
    occurredFrom: { kind: 'from', sql: `${a}.occurred_at` },
    occurredTo: { kind: 'to', sql: `${a}.occurred_at` },
    text: wordsRule([`${a}.summary`, `${a}.body`]),
  };
}

export function interactionWhere(filter: InteractionFilter | null | undefined, a: string, p = new Params('if')) {
  return { sql: buildFilter(filter as Record<string, unknown> | null, interactionFilterSpec(a), p), params: p.values };
}

const FUTURE_SLACK_MS = 5 * 60 * 1000;

/** Logs a contact; optionally attaches it to a ticket or opens one. */
export async function logInteraction(ctx: RequestContext, tx: Tx, input: LogInteractionInput): Promise<{ interaction: Interaction; ticket: Ticket | null }> {
  const m = tx.manager;
  const customerId = customerIdFor(ctx, input.customerId, ['input', 'customerId']);
  const customer = await m.findOneBy(Customer, { id: customerId });
  if (!customer) throw notFound('Customer', ['input', 'customerId']);
  const isCustomer = ctx.viewer.role === Role.CUSTOMER;
  if (isCustomer && input.direction !== Direction.INBOUND) {
    throw invalid('A customer logs inbound contacts only', ['input', 'direction']);
  }
  const summary = requiredText(input.summary, 'summary', 500);
  const body = optionalText(input.body, 'body', 20000) ?? null;
  const now = ctx.app.clock.now();
  let occurredAt = now;
  if (input.occurredAt) {
    occurredAt = new Date(input.occurredAt);
    if (occurredAt.getTime() > now.getTime() + FUTURE_SLACK_MS) throw invalid('occurredAt must not be in the future', ['input', 'occurredAt']);
    if (occurredAt.getUTCFullYear() < 1990) throw invalid('occurredAt is implausibly old', ['input', 'occurredAt']);
  }
  const durationSeconds =
    input.durationSeconds === null || input.durationSeconds === undefined ? null : intInRange(input.durationSeconds, 'durationSeconds', 0, 7 * 24 * 3600);
  if (input.ticketId && input.openTicket) throw invalid('Give ticketId or openTicket, not both', ['input', 'openTicket']);

  let ticket: Ticket | null = null;
  if (input.ticketId) {
    ticket = await lockTicket(ctx, m, input.ticketId, 'ticketId');
    if (ticket.customerId !== customerId) throw invalid('That ticket belongs to another customer', ['input', 'ticketId']);
  } else if (input.openTicket) {
    ticket = await createTicket(
      ctx,
      tx,
      { ...input.openTicket, customerId: input.customerId, channel: input.channel, reason: input.reason ?? null },
      customerId,
    );
  }
  const agentId = isCustomer ? null : ctx.viewer.agentId;
  const inserted = await m.getRepository(Interaction).insert({
    customerId,
    ticketId: ticket?.id ?? null,
    agentId,
    channel: input.channel,
    direction: input.direction,
    reason: input.reason ?? null,
    summary,
    body,
    occurredAt,
    durationSeconds,
    createdAt: now,
  });
  const interaction = await m.findOneByOrFail(Interaction, { id: inserted.identifiers[0].id as string });
  if (ticket) {
    // An agent's outbound contact answers the customer; so does an agent taking a live contact
    // (phone, chat, in person) that opens the ticket: the customer was answered there and then.
    // Inbound email and web forms logged by an agent are not answers (the reply is).
    const liveOpen = !!input.openTicket && input.direction === Direction.INBOUND && LIVE_CHANNELS.has(input.channel);
    const firstResponse = agentId && (input.direction === Direction.OUTBOUND || liveOpen) ? occurredAt : null;
    ticket = await recordInteraction(ctx, tx, ticket, firstResponse);
  }
  return { interaction, ticket };
}
