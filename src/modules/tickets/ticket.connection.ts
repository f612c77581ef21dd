import { connectionType } from '../../graphql/pagination';
import { Ticket } from './ticket.entity';

export const TicketConnection = connectionType('Ticket', Ticket);
