import { registerEnumType } from 'type-graphql';
import { Role } from '../../auth/role';

export { Role };

export enum Channel { PHONE = 'PHONE', EMAIL = 'EMAIL', CHAT = 'CHAT', SMS = 'SMS', SOCIAL = 'SOCIAL', IN_PERSON = 'IN_PERSON', WEB = 'WEB' }
export enum Direction { INBOUND = 'INBOUND', OUTBOUND = 'OUTBOUND' }
export enum ContactReason {
  PURCHASE = 'PURCHASE', BILLING = 'BILLING', TROUBLESHOOTING = 'TROUBLESHOOTING', DELIVERY = 'DELIVERY',
  RETURN = 'RETURN', REPAIR = 'REPAIR', ACCOUNT = 'ACCOUNT', FEEDBACK = 'FEEDBACK', OTHER = 'OTHER',
}
export enum CustomerTier { STANDARD = 'STANDARD', PREMIUM = 'PREMIUM', ENTERPRISE = 'ENTERPRISE' }
export enum TicketKind { QUESTION = 'QUESTION', INCIDENT = 'INCIDENT', COMPLAINT = 'COMPLAINT', REPAIR = 'REPAIR', RETURN = 'RETURN', REQUEST = 'REQUEST' }
export enum TicketStatus { NEW = 'NEW', OPEN = 'OPEN', PENDING = 'PENDING', ON_HOLD = 'ON_HOLD', RESOLVED = 'RESOLVED', CLOSED = 'CLOSED' }
export enum Priority { LOW = 'LOW', NORMAL = 'NORMAL', HIGH = 'HIGH', URGENT = 'URGENT' }
export enum SlaState { NONE = 'NONE', ON_TRACK = 'ON_TRACK', AT_RISK = 'AT_RISK', BREACHED = 'BREACHED', PAUSED = 'PAUSED', MET = 'MET' }
export enum RootCause {
  PRODUCT_DEFECT = 'PRODUCT_DEFECT', BILLING_ERROR = 'BILLING_ERROR', DELIVERY_FAILURE = 'DELIVERY_FAILURE',
  PROCESS_ERROR = 'PROCESS_ERROR', COMMUNICATION_GAP = 'COMMUNICATION_GAP', CUSTOMER_EDUCATION = 'CUSTOMER_EDUCATION',
  THIRD_PARTY = 'THIRD_PARTY', NO_FAULT = 'NO_FAULT',
}

export const PRIORITY_ORDER = [Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.URGENT];

registerEnumType(Channel, { name: 'Channel', description: 'The channel a contact came through' });
registerEnumType(Direction, { name: 'Direction' });
registerEnumType(ContactReason, { name: 'ContactReason', description: 'Why the customer made contact' });
registerEnumType(CustomerTier, { name: 'CustomerTier' });
registerEnumType(TicketKind, { name: 'TicketKind' });
registerEnumType(TicketStatus, {
  name: 'TicketStatus',
  description: 'NEW→OPEN|PENDING|ON_HOLD|RESOLVED; OPEN→PENDING|ON_HOLD|RESOLVED; PENDING|ON_HOLD→OPEN|RESOLVED; RESOLVED→OPEN|CLOSED; CLOSED is final',
});
registerEnumType(Priority, { name: 'Priority' });
registerEnumType(SlaState, { name: 'SlaState' });
registerEnumType(RootCause, { name: 'RootCause', description: 'The failure that caused the contact (failure demand)' });
registerEnumType(Role, { name: 'Role' });
