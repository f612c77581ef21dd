import { EventLog, EventLogState } from '../events/event-log.entity';
import { Agent } from '../modules/agents/agent.entity';
import { IdempotencyKey } from '../modules/common/idempotency.entity';
import { Customer } from '../modules/customers/customer.entity';
import { Interaction } from '../modules/interactions/interaction.entity';
import { ServiceLevel } from '../modules/sla/service-level.entity';
import { Ticket } from '../modules/tickets/ticket.entity';

export const entities = [Agent, Customer, ServiceLevel, Ticket, Interaction, EventLog, EventLogState, IdempotencyKey];
