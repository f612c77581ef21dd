import { EventLog, EventLogState } from '../events/event-log.entity';
import { Agent } from '../modules/agents/agent.entity';
import { IdempotencyKey } from '../modules/common/idempotency.entity';
import { Customer } from '../modules/customers/customer.entity';
import { Interaction } from '../modules/interactions/interaction.entity';
import { KnowledgeArticle } from '../modules/knowledge/knowledge-article.entity';
import { PartReservation } from '../modules/inventory/part-reservation.entity';
import { Part } from '../modules/inventory/part.entity';
import { StockLevel } from '../modules/inventory/stock-level.entity';
import { StockLocation } from '../modules/inventory/stock-location.entity';
import { StockMovement } from '../modules/inventory/stock-movement.entity';
import { ServiceLevel } from '../modules/sla/service-level.entity';
import { Ticket } from '../modules/tickets/ticket.entity';

export const entities = [Agent, Customer, ServiceLevel, Ticket, Interaction, EventLog, EventLogState, IdempotencyKey, Part, StockLocation, StockLevel, StockMovement, PartReservation, KnowledgeArticle];
