import { releaseOnClose } from '../modules/inventory/inventory.service';
import { onTicketStatus } from '../modules/tickets/ticket.service';

/**
 * How modules react to each other's changes, in the same transaction. Every such hook is
 * registered here, where a reader looks, and not as a side effect of importing a module.
 */
export function wireModules(): void {
  // closing a ticket releases the parts it still holds
  onTicketStatus(releaseOnClose);
}
