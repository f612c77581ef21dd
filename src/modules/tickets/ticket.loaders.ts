import type { App } from '../../app/app';
import { byId } from '../../graphql/loaders';
import { Ticket } from './ticket.entity';

export function createTicketLoaders(app: App) {
  return { ticket: byId(app, Ticket) };
}
