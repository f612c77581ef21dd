import { Field, ObjectType } from 'type-graphql';
import { connectionType } from '../../graphql/pagination';
import { Ticket } from './ticket.entity';

@ObjectType({ description: "Something happened to a ticket. `cursor` is the event's position in the log; pass it as `after` to resume." })
export class TicketEvent {
  @Field() cursor!: string;
  @Field({ description: 'CREATED UPDATED STATUS_CHANGED ASSIGNED INTERACTION_LOGGED RESERVATION_CHANGED RATED SLA_AT_RISK SLA_BREACHED' })
  type!: string;
  @Field(() => Ticket, { description: 'The ticket as it is now' }) ticket!: Ticket;
  @Field() occurredAt!: Date;
  ticketId!: string;
}

export const TicketEventConnection = connectionType('TicketEvent', TicketEvent);
