/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AdjustStockInput = {
  /** Signed change of on hand, non-zero, within ±1000000 */
  delta: number;
  /** The on-hand quantity you saw; if it has changed since, VERSION_CONFLICT */
  expectedOnHand?: number | null | undefined;
  idempotencyKey?: string | null | undefined;
  locationId: string | number;
  partId: string | number;
  /** Why (stock count, damage, loss…) */
  reason: string;
  reference?: string | null | undefined;
};

export type AssignTicketInput = {
  /** null unassigns */
  agentId?: string | number | null | undefined;
  expectedVersion?: number | null | undefined;
  ticketId: string | number;
};

export type BusinessDayInput = {
  /** "17:00"; "24:00" is midnight */
  closes: string;
  /** "09:00" */
  opens: string;
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
};

export type BusinessHoursInput = {
  days: Array<BusinessDayInput>;
  holidays?: Array<string> | null | undefined;
  /** IANA time zone, e.g. "Europe/Berlin" */
  timeZone: string;
};

export type ChangeTicketStatusInput = {
  expectedVersion?: number | null | undefined;
  status: TicketStatus;
  ticketId: string | number;
};

/** The channel a contact came through */
export type Channel =
  | 'CHAT'
  | 'EMAIL'
  | 'IN_PERSON'
  | 'PHONE'
  | 'SMS'
  | 'SOCIAL'
  | 'WEB';

/** Why the customer made contact */
export type ContactReason =
  | 'ACCOUNT'
  | 'BILLING'
  | 'DELIVERY'
  | 'FEEDBACK'
  | 'OTHER'
  | 'PURCHASE'
  | 'REPAIR'
  | 'RETURN'
  | 'TROUBLESHOOTING';

export type CreateAgentInput = {
  email: string;
  name: string;
  /** A staff role (not CUSTOMER) */
  role: Role;
  team?: string | null | undefined;
};

export type CreateCustomerInput = {
  email: string;
  idempotencyKey?: string | null | undefined;
  language?: string | null | undefined;
  name: string;
  organization?: string | null | undefined;
  phone?: string | null | undefined;
  preferredChannel?: Channel | null | undefined;
  serviceLevelId?: string | number | null | undefined;
  /** Default STANDARD */
  tier?: CustomerTier | null | undefined;
};

export type CreateKnowledgeArticleInput = {
  /** Plain text, 1 to 100000 characters */
  body: string;
  idempotencyKey?: string | null | undefined;
  /** BCP 47 language tag, e.g. "en" */
  language?: string | null | undefined;
  /** Default false (a draft) */
  published?: boolean | null | undefined;
  /** At most 20, each 1 to 50 characters; stored lower-case without duplicates */
  tags?: Array<string> | null | undefined;
  /** 1 to 300 characters */
  title: string;
};

export type CreatePartInput = {
  description?: string | null | undefined;
  idempotencyKey?: string | null | undefined;
  /** 0 to 3650 */
  leadTimeDays?: number | null | undefined;
  name: string;
  /** 2–40 letters, digits, "-", "_", "." or "/"; stored upper case */
  sku: string;
  /** 0 to 9999999999.9999 */
  unitCost: string;
};

export type CreateServiceLevelInput = {
  /** None: round the clock */
  businessHours?: BusinessHoursInput | null | undefined;
  description?: string | null | undefined;
  /** Make this the default service level */
  isDefault?: boolean | null | undefined;
  matchKinds?: Array<TicketKind> | null | undefined;
  matchPriorities?: Array<Priority> | null | undefined;
  matchTiers?: Array<CustomerTier> | null | undefined;
  name: string;
  /** Statuses that stop the clock; default [PENDING] */
  pauseOn?: Array<TicketStatus> | null | undefined;
  /** Make it a rule, tried in this order for customers without a plan */
  ruleOrder?: number | null | undefined;
  targets: Array<SlaTargetInput>;
};

export type CreateStockLocationInput = {
  /** 1–32 letters, digits, "-" or "_"; stored upper case */
  code: string;
  idempotencyKey?: string | null | undefined;
  kind: LocationKind;
  name: string;
};

export type CreateTicketInput = {
  channel: Channel;
  /** Required for staff; a CUSTOMER viewer may omit it */
  customerId?: string | number | null | undefined;
  description?: string | null | undefined;
  idempotencyKey?: string | null | undefined;
  kind: TicketKind;
  priority: Priority;
  reason?: ContactReason | null | undefined;
  subject: string;
};

/** Fields combine with AND; lists mean "any of"; *From is inclusive, *To exclusive */
export type CustomerFilter = {
  and?: Array<CustomerFilter> | null | undefined;
  createdFrom?: string | null | undefined;
  createdTo?: string | null | undefined;
  email?: Array<string> | null | undefined;
  language?: Array<string> | null | undefined;
  not?: CustomerFilter | null | undefined;
  or?: Array<CustomerFilter> | null | undefined;
  organization?: Array<string> | null | undefined;
  preferredChannel?: Array<Channel> | null | undefined;
  serviceLevelId?: Array<string | number> | null | undefined;
  /** Words in name, e-mail or organization */
  text?: string | null | undefined;
  tier?: Array<CustomerTier> | null | undefined;
};

export type CustomerOrder = {
  direction?: SortDirection;
  field: CustomerOrderField;
};

export type CustomerOrderField =
  | 'CREATED_AT'
  | 'NAME';

export type CustomerTier =
  | 'ENTERPRISE'
  | 'PREMIUM'
  | 'STANDARD';

export type Direction =
  | 'INBOUND'
  | 'OUTBOUND';

export type ErrorCode =
  | 'DUPLICATE'
  | 'FORBIDDEN'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'INSUFFICIENT_STOCK'
  | 'INVALID_INPUT'
  | 'INVALID_TRANSITION'
  | 'NOT_FOUND'
  | 'VERSION_CONFLICT';

/** What interactionStats groups by; PERIOD is occurredAt cut into `bucket`s; TICKET_KIND the kind of the attached ticket (null: no ticket) */
export type InteractionDimension =
  | 'AGENT'
  | 'CHANNEL'
  | 'DIRECTION'
  | 'PERIOD'
  | 'REASON'
  | 'TICKET_KIND';

/** Fields combine with AND; lists mean "any of"; *From is inclusive, *To exclusive */
export type InteractionFilter = {
  agentId?: Array<string | number> | null | undefined;
  and?: Array<InteractionFilter> | null | undefined;
  channel?: Array<Channel> | null | undefined;
  customerId?: Array<string | number> | null | undefined;
  direction?: Array<Direction> | null | undefined;
  /** true: only contacts attached to a ticket; false: only those without */
  hasTicket?: boolean | null | undefined;
  not?: InteractionFilter | null | undefined;
  occurredFrom?: string | null | undefined;
  occurredTo?: string | null | undefined;
  or?: Array<InteractionFilter> | null | undefined;
  reason?: Array<ContactReason> | null | undefined;
  /** Words in summary or body (case-insensitive) */
  text?: string | null | undefined;
  ticketId?: Array<string | number> | null | undefined;
};

export type InteractionOrder = {
  direction?: SortDirection;
  field: InteractionOrderField;
};

export type InteractionOrderField =
  | 'DURATION'
  | 'OCCURRED_AT';

/** What inventoryStats groups stock levels by */
export type InventoryDimension =
  | 'LOCATION'
  | 'LOCATION_KIND'
  | 'PART'
  | 'STATUS';

/** Fields combine with AND; lists mean "any of"; *From is inclusive, *To exclusive */
export type KnowledgeArticleFilter = {
  and?: Array<KnowledgeArticleFilter> | null | undefined;
  not?: KnowledgeArticleFilter | null | undefined;
  or?: Array<KnowledgeArticleFilter> | null | undefined;
  /** Customers see published articles only, whatever this says */
  published?: boolean | null | undefined;
  /** Articles carrying any of these tags (case-insensitive) */
  tags?: Array<string> | null | undefined;
  updatedFrom?: string | null | undefined;
  updatedTo?: string | null | undefined;
};

/** Where stock is kept: a central warehouse, a regional depot or a field van */
export type LocationKind =
  | 'DEPOT'
  | 'VAN'
  | 'WAREHOUSE';

export type LogInteractionInput = {
  body?: string | null | undefined;
  channel: Channel;
  customerId: string | number;
  direction: Direction;
  durationSeconds?: number | null | undefined;
  idempotencyKey?: string | null | undefined;
  /** Default: now */
  occurredAt?: string | null | undefined;
  /** Open a ticket for this contact (instead of ticketId) */
  openTicket?: OpenTicketInput | null | undefined;
  reason?: ContactReason | null | undefined;
  summary: string;
  /** Attach to this ticket of the same customer */
  ticketId?: string | number | null | undefined;
};

export type MarkArticleHelpfulInput = {
  articleId: string | number;
};

export type OpenTicketInput = {
  description?: string | null | undefined;
  kind: TicketKind;
  priority: Priority;
  subject: string;
};

/** Fields combine with AND; lists mean "any of"; *From is inclusive, *To exclusive */
export type PartFilter = {
  and?: Array<PartFilter> | null | undefined;
  leadTimeDaysFrom?: number | null | undefined;
  leadTimeDaysTo?: number | null | undefined;
  not?: PartFilter | null | undefined;
  or?: Array<PartFilter> | null | undefined;
  sku?: Array<string> | null | undefined;
  /** Parts with at least one stock level in any of these statuses */
  stockStatus?: Array<StockStatus> | null | undefined;
  /** Words in SKU, name or description (case-insensitive) */
  text?: string | null | undefined;
  unitCostFrom?: string | null | undefined;
  unitCostTo?: string | null | undefined;
};

export type PartOrder = {
  direction?: SortDirection;
  field: PartOrderField;
};

export type PartOrderField =
  | 'CREATED_AT'
  | 'NAME'
  | 'SKU'
  | 'UNIT_COST';

export type Priority =
  | 'HIGH'
  | 'LOW'
  | 'NORMAL'
  | 'URGENT';

export type RateTicketInput = {
  comment?: string | null | undefined;
  /** 1..5 */
  score: number;
  ticketId: string | number;
};

export type ReceiveStockInput = {
  idempotencyKey?: string | null | undefined;
  locationId: string | number;
  partId: string | number;
  /** 1 to 1000000 */
  quantity: number;
  /** Delivery note or purchase order */
  reference?: string | null | undefined;
};

/** For releaseReservation and consumeReservation */
export type ReservationInput = {
  idempotencyKey?: string | null | undefined;
  reservationId: string | number;
};

/** RESERVED → CONSUMED (the part was fitted) or RELEASED */
export type ReservationStatus =
  | 'CONSUMED'
  | 'RELEASED'
  | 'RESERVED';

export type ReservePartInput = {
  idempotencyKey?: string | null | undefined;
  locationId: string | number;
  partId: string | number;
  /** 1 to 1000000, at most what is available */
  quantity: number;
  ticketId: string | number;
};

export type ResolveTicketInput = {
  expectedVersion?: number | null | undefined;
  resolution: string;
  rootCause: RootCause;
  ticketId: string | number;
};

/** A part fitted on a ticket (consumed) comes back into stock */
export type ReturnPartInput = {
  idempotencyKey?: string | null | undefined;
  /** Where it goes back into stock (any location) */
  locationId: string | number;
  partId: string | number;
  /** 1 to what was consumed on the ticket for this part and not returned yet */
  quantity: number;
  /** Why it came back (not needed, wrong part, fault found elsewhere…) */
  reason: string;
  /** The ticket the part was consumed on */
  ticketId: string | number;
};

export type Role =
  | 'ADMIN'
  | 'AGENT'
  | 'ANALYST'
  | 'CUSTOMER'
  | 'MANAGER';

/** The failure that caused the contact (failure demand) */
export type RootCause =
  | 'BILLING_ERROR'
  | 'COMMUNICATION_GAP'
  | 'CUSTOMER_EDUCATION'
  | 'DELIVERY_FAILURE'
  | 'NO_FAULT'
  | 'PROCESS_ERROR'
  | 'PRODUCT_DEFECT'
  | 'THIRD_PARTY';

/** Who entered a satisfaction rating */
export type SatisfactionSource =
  | 'CUSTOMER'
  | 'STAFF';

/** Creates the stock level when the part has none at the location yet */
export type SetReorderPolicyInput = {
  expectedVersion?: number | null | undefined;
  locationId: string | number;
  partId: string | number;
  /** 0 to 1000000; LOW when available ≤ this */
  reorderPoint: number;
  /** 0 to 1000000 */
  reorderQuantity: number;
};

export type SlaState =
  | 'AT_RISK'
  | 'BREACHED'
  | 'MET'
  | 'NONE'
  | 'ON_TRACK'
  | 'PAUSED';

export type SlaTargetInput = {
  firstResponseMinutes: number;
  priority: Priority;
  resolutionMinutes: number;
};

export type SortDirection =
  | 'ASC'
  | 'DESC';

/** Fields combine with AND; lists mean "any of" */
export type StockLevelFilter = {
  and?: Array<StockLevelFilter> | null | undefined;
  /** true: only levels holding reservations; false: only levels holding none */
  hasReservations?: boolean | null | undefined;
  locationId?: Array<string | number> | null | undefined;
  locationKind?: Array<LocationKind> | null | undefined;
  not?: StockLevelFilter | null | undefined;
  or?: Array<StockLevelFilter> | null | undefined;
  partId?: Array<string | number> | null | undefined;
  /** Part SKUs */
  sku?: Array<string> | null | undefined;
  /** e.g. [LOW, OUT_OF_STOCK] for what needs reordering */
  status?: Array<StockStatus> | null | undefined;
};

export type StockLevelOrder = {
  direction?: SortDirection;
  field: StockLevelOrderField;
};

export type StockLevelOrderField =
  | 'AVAILABLE'
  | 'LOCATION_CODE'
  | 'ON_HAND'
  | 'PART_SKU'
  | 'UPDATED_AT';

/** Fields combine with AND; lists mean "any of"; *From is inclusive, *To exclusive */
export type StockMovementFilter = {
  and?: Array<StockMovementFilter> | null | undefined;
  createdFrom?: string | null | undefined;
  createdTo?: string | null | undefined;
  kind?: Array<StockMovementKind> | null | undefined;
  locationId?: Array<string | number> | null | undefined;
  not?: StockMovementFilter | null | undefined;
  or?: Array<StockMovementFilter> | null | undefined;
  partId?: Array<string | number> | null | undefined;
  reference?: Array<string> | null | undefined;
  reservationId?: Array<string | number> | null | undefined;
  stockLevelId?: Array<string | number> | null | undefined;
  ticketId?: Array<string | number> | null | undefined;
};

/** RECEIPT, ADJUSTMENT, TRANSFER_OUT, TRANSFER_IN, RETURN and CONSUMPTION change on hand; RESERVATION and RELEASE change reserved only (CONSUMPTION lowers both) */
export type StockMovementKind =
  | 'ADJUSTMENT'
  | 'CONSUMPTION'
  | 'RECEIPT'
  | 'RELEASE'
  | 'RESERVATION'
  | 'RETURN'
  | 'TRANSFER_IN'
  | 'TRANSFER_OUT';

/** OUT_OF_STOCK when nothing is available; LOW when available ≤ reorder point; IN_STOCK otherwise */
export type StockStatus =
  | 'IN_STOCK'
  | 'LOW'
  | 'OUT_OF_STOCK';

/** What ticketStats groups by; PERIOD is the creation time cut into `bucket`s */
export type TicketDimension =
  | 'ASSIGNEE'
  | 'CHANNEL'
  | 'CUSTOMER_TIER'
  | 'KIND'
  | 'PERIOD'
  | 'PRIORITY'
  | 'REASON'
  | 'ROOT_CAUSE'
  | 'STATUS';

/** Fields combine with AND; lists mean "any of"; *From is inclusive, *To exclusive */
export type TicketFilter = {
  and?: Array<TicketFilter> | null | undefined;
  /** Tickets assigned to any of these agents */
  assigneeId?: Array<string | number> | null | undefined;
  channel?: Array<Channel> | null | undefined;
  createdFrom?: string | null | undefined;
  createdTo?: string | null | undefined;
  customerId?: Array<string | number> | null | undefined;
  kind?: Array<TicketKind> | null | undefined;
  not?: TicketFilter | null | undefined;
  or?: Array<TicketFilter> | null | undefined;
  priority?: Array<Priority> | null | undefined;
  reason?: Array<ContactReason> | null | undefined;
  rootCause?: Array<RootCause> | null | undefined;
  slaState?: Array<SlaState> | null | undefined;
  status?: Array<TicketStatus> | null | undefined;
  /** Words in subject or description (case-insensitive) */
  text?: string | null | undefined;
  /** true: only unassigned; false: only assigned */
  unassigned?: boolean | null | undefined;
  updatedFrom?: string | null | undefined;
  updatedTo?: string | null | undefined;
};

export type TicketKind =
  | 'COMPLAINT'
  | 'INCIDENT'
  | 'QUESTION'
  | 'REPAIR'
  | 'REQUEST'
  | 'RETURN';

export type TicketOrder = {
  direction?: SortDirection;
  field: TicketOrderField;
};

export type TicketOrderField =
  | 'CREATED_AT'
  | 'NUMBER'
  | 'PRIORITY'
  | 'RESOLUTION_DUE_AT'
  | 'UPDATED_AT';

/** NEW→OPEN|PENDING|ON_HOLD|RESOLVED; OPEN→PENDING|ON_HOLD|RESOLVED; PENDING|ON_HOLD→OPEN|RESOLVED; RESOLVED→OPEN|CLOSED; CLOSED is final */
export type TicketStatus =
  | 'CLOSED'
  | 'NEW'
  | 'ON_HOLD'
  | 'OPEN'
  | 'PENDING'
  | 'RESOLVED';

/** Width of a PERIOD group, cut in UTC: HOUR, DAY, WEEK (ISO weeks, starting Monday 00:00 UTC) or MONTH */
export type TimeBucket =
  | 'DAY'
  | 'HOUR'
  | 'MONTH'
  | 'WEEK';

export type TransferStockInput = {
  fromLocationId: string | number;
  idempotencyKey?: string | null | undefined;
  partId: string | number;
  /** 1 to 1000000, at most what is available at the source */
  quantity: number;
  reference?: string | null | undefined;
  toLocationId: string | number;
};

/** Fields left out stay as they are; null clears an optional field */
export type UpdateCustomerInput = {
  email?: string | null | undefined;
  expectedVersion?: number | null | undefined;
  id: string | number;
  language?: string | null | undefined;
  name?: string | null | undefined;
  organization?: string | null | undefined;
  phone?: string | null | undefined;
  preferredChannel?: Channel | null | undefined;
  serviceLevelId?: string | number | null | undefined;
  tier?: CustomerTier | null | undefined;
};

/** Fields left out stay as they are; null clears tags and language */
export type UpdateKnowledgeArticleInput = {
  body?: string | null | undefined;
  expectedVersion?: number | null | undefined;
  id: string | number;
  language?: string | null | undefined;
  published?: boolean | null | undefined;
  /** Replaces the tags */
  tags?: Array<string> | null | undefined;
  title?: string | null | undefined;
};

/** Fields left out stay as they are. New targets apply to tickets opened from now on. */
export type UpdateServiceLevelInput = {
  businessHours?: BusinessHoursInput | null | undefined;
  description?: string | null | undefined;
  expectedVersion?: number | null | undefined;
  id: string | number;
  isDefault?: boolean | null | undefined;
  matchKinds?: Array<TicketKind> | null | undefined;
  matchPriorities?: Array<Priority> | null | undefined;
  matchTiers?: Array<CustomerTier> | null | undefined;
  name?: string | null | undefined;
  pauseOn?: Array<TicketStatus> | null | undefined;
  ruleOrder?: number | null | undefined;
  targets?: Array<SlaTargetInput> | null | undefined;
};

export type UpdateTicketInput = {
  description?: string | null | undefined;
  expectedVersion?: number | null | undefined;
  id: string | number;
  kind?: TicketKind | null | undefined;
  priority?: Priority | null | undefined;
  reason?: ContactReason | null | undefined;
  subject?: string | null | undefined;
};

export type TicketStatsQueryVariables = Exact<{
  filter?: TicketFilter | null | undefined;
  groupBy?: Array<TicketDimension> | TicketDimension | null | undefined;
  bucket?: TimeBucket | null | undefined;
}>;


export type TicketStatsQuery = { ticketStats: Array<{ count: number, openCount: number, breachedCount: number, slaCompliance: number | null, avgFirstResponseMinutes: number | null, avgResolutionMinutes: number | null, p90ResolutionMinutes: number | null, avgSatisfaction: number | null, contactCount: number, shareOfContacts: number | null, key: { status: TicketStatus | null, priority: Priority | null, kind: TicketKind | null, channel: Channel | null, reason: ContactReason | null, rootCause: RootCause | null, customerTier: CustomerTier | null, period: string | null, assignee: { id: string, name: string } | null } }> };

export type TicketVolumeQueryVariables = Exact<{
  filter?: TicketFilter | null | undefined;
  bucket?: TimeBucket | null | undefined;
}>;


export type TicketVolumeQuery = { ticketStats: Array<{ count: number, openCount: number, key: { period: string | null, channel: Channel | null } }> };

export type FailureDemandQueryVariables = Exact<{
  filter?: TicketFilter | null | undefined;
}>;


export type FailureDemandQuery = { ticketStats: Array<{ count: number, contactCount: number, shareOfContacts: number | null, key: { rootCause: RootCause | null } }> };

export type InteractionStatsQueryVariables = Exact<{
  filter?: InteractionFilter | null | undefined;
  groupBy?: Array<InteractionDimension> | InteractionDimension | null | undefined;
  bucket?: TimeBucket | null | undefined;
}>;


export type InteractionStatsQuery = { interactionStats: Array<{ count: number, uniqueCustomers: number, avgDurationSeconds: number | null, key: { channel: Channel | null, direction: Direction | null, reason: ContactReason | null, ticketKind: TicketKind | null, period: string | null, agent: { id: string, name: string } | null } }> };

export type InventoryStatsQueryVariables = Exact<{
  filter?: StockLevelFilter | null | undefined;
  groupBy?: Array<InventoryDimension> | InventoryDimension | null | undefined;
}>;


export type InventoryStatsQuery = { inventoryStats: Array<{ stockLevelCount: number, onHand: number, reserved: number, available: number, onHandValue: string, belowReorderPoint: number, key: { locationKind: LocationKind | null, status: StockStatus | null, part: { id: string, sku: string } | null, location: { id: string, code: string } | null } }> };

export type PartInsightsQueryVariables = Exact<{
  partId?: string | number | null | undefined;
  locationId?: string | number | null | undefined;
  windowDays?: number | null | undefined;
  serviceLevel?: number | null | undefined;
  holdingRate?: number | null | undefined;
  first?: number | null | undefined;
}>;


export type PartInsightsQuery = { partInsights: Array<{ windowDays: number, onHand: number, reserved: number, available: number, reorderPoint: number, consumption: number, avgDailyDemand: number, dailyDemandStdDev: number, daysOfCover: number | null, leadTimeDays: number | null, serviceLevel: number, safetyFactor: number, safetyStock: number | null, suggestedReorderPoint: number | null, onHandValue: string, holdingRate: number, holdingCost: string, part: { id: string, sku: string, leadTimeDays: number | null }, location: { id: string, code: string } | null }> };

export type ConsoleTicketFragment = { id: string, number: number, subject: string, kind: TicketKind, status: TicketStatus, priority: Priority, channel: Channel, createdAt: string, updatedAt: string, version: number, customer: { id: string, name: string, tier: CustomerTier }, assignee: { id: string, name: string } | null, sla: { state: SlaState, firstResponseDueAt: string | null, resolutionDueAt: string | null, breached: boolean, minutesToBreach: number | null } };

export type ConsoleStockLevelFragment = { id: string, onHand: number, reserved: number, available: number, reorderPoint: number, status: StockStatus, part: { id: string, sku: string, name: string }, location: { id: string, code: string, name: string, kind: LocationKind } };

export type ConsoleAgentFragment = { id: string, name: string, team: string | null, role: Role, active: boolean, openTicketCount: number };

export type ConsoleViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleViewerQuery = { viewer: { sub: string, role: Role, agent: { id: string, name: string, team: string | null } | null, customer: { id: string, name: string } | null } };

export type ConsoleBoardQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleBoardQuery = { eventCursor: string, complaints: { totalCount: number, nodes: Array<{ id: string, number: number, subject: string, kind: TicketKind, status: TicketStatus, priority: Priority, channel: Channel, createdAt: string, updatedAt: string, version: number, customer: { id: string, name: string, tier: CustomerTier }, assignee: { id: string, name: string } | null, sla: { state: SlaState, firstResponseDueAt: string | null, resolutionDueAt: string | null, breached: boolean, minutesToBreach: number | null } }> }, atRisk: { totalCount: number, nodes: Array<{ id: string, number: number, subject: string, kind: TicketKind, status: TicketStatus, priority: Priority, channel: Channel, createdAt: string, updatedAt: string, version: number, customer: { id: string, name: string, tier: CustomerTier }, assignee: { id: string, name: string } | null, sla: { state: SlaState, firstResponseDueAt: string | null, resolutionDueAt: string | null, breached: boolean, minutesToBreach: number | null } }> }, agents: { nodes: Array<{ id: string, name: string, team: string | null, role: Role, active: boolean, openTicketCount: number }> }, lowStock: { totalCount: number, nodes: Array<{ id: string, onHand: number, reserved: number, available: number, reorderPoint: number, status: StockStatus, part: { id: string, sku: string, name: string }, location: { id: string, code: string, name: string, kind: LocationKind } }> } };

export type ConsoleAgentLoadQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleAgentLoadQuery = { agents: { nodes: Array<{ id: string, name: string, team: string | null, role: Role, active: boolean, openTicketCount: number }> } };

export type ConsoleComplaintsSubscriptionVariables = Exact<{
  after?: string | null | undefined;
}>;


export type ConsoleComplaintsSubscription = { complaintUpdates: { cursor: string, type: string, occurredAt: string, ticket: { id: string, number: number, subject: string, kind: TicketKind, status: TicketStatus, priority: Priority, channel: Channel, createdAt: string, updatedAt: string, version: number, customer: { id: string, name: string, tier: CustomerTier }, assignee: { id: string, name: string } | null, sla: { state: SlaState, firstResponseDueAt: string | null, resolutionDueAt: string | null, breached: boolean, minutesToBreach: number | null } } } };

export type ConsoleSlaAlertsSubscriptionVariables = Exact<{
  after?: string | null | undefined;
}>;


export type ConsoleSlaAlertsSubscription = { slaAlerts: { cursor: string, state: SlaState, target: string, occurredAt: string, ticket: { id: string, number: number, subject: string, kind: TicketKind, status: TicketStatus, priority: Priority, channel: Channel, createdAt: string, updatedAt: string, version: number, customer: { id: string, name: string, tier: CustomerTier }, assignee: { id: string, name: string } | null, sla: { state: SlaState, firstResponseDueAt: string | null, resolutionDueAt: string | null, breached: boolean, minutesToBreach: number | null } } } };

export type ConsoleStockAlertsSubscriptionVariables = Exact<{
  after?: string | null | undefined;
}>;


export type ConsoleStockAlertsSubscription = { stockAlerts: { cursor: string, status: StockStatus, previousStatus: StockStatus | null, available: number, occurredAt: string, stockLevel: { id: string, onHand: number, reserved: number, available: number, reorderPoint: number, status: StockStatus, part: { id: string, sku: string, name: string }, location: { id: string, code: string, name: string, kind: LocationKind } } } };

export type ConsoleTicketEventsSubscriptionVariables = Exact<{
  after?: string | null | undefined;
}>;


export type ConsoleTicketEventsSubscription = { ticketEvents: { cursor: string, type: string, occurredAt: string, ticket: { id: string, number: number, subject: string, kind: TicketKind, status: TicketStatus, priority: Priority, assignee: { id: string, name: string } | null } } };

export type ConsoleTrendsQueryVariables = Exact<{
  since: string;
  weeksSince: string;
}>;


export type ConsoleTrendsQuery = { perDay: Array<{ count: number, key: { period: string | null, channel: Channel | null } }>, failureDemand: Array<{ count: number, contactCount: number, shareOfContacts: number | null, key: { rootCause: RootCause | null } }>, weekly: Array<{ count: number, slaCompliance: number | null, avgSatisfaction: number | null, avgCustomerSatisfaction: number | null, ratingCount: number, key: { period: string | null } }> };

export type ConsoleTicketPageQueryVariables = Exact<{
  number: number;
}>;


export type ConsoleTicketPageQuery = { eventCursor: string, ticket: { description: string | null, reason: ContactReason | null, resolution: string | null, rootCause: RootCause | null, firstRespondedAt: string | null, resolvedAt: string | null, closedAt: string | null, id: string, number: number, subject: string, kind: TicketKind, status: TicketStatus, priority: Priority, channel: Channel, createdAt: string, updatedAt: string, version: number, serviceLevel: { id: string, name: string } | null, satisfaction: { score: number, comment: string | null, source: SatisfactionSource, createdAt: string } | null, interactions: { totalCount: number, nodes: Array<{ id: string, channel: Channel, direction: Direction, summary: string, occurredAt: string, agent: { id: string, name: string } | null }> }, history: { totalCount: number, nodes: Array<{ cursor: string, type: string, occurredAt: string, ticket: { status: TicketStatus, assignee: { name: string } | null } }> }, reservations: Array<{ id: string, quantity: number, status: ReservationStatus, createdAt: string, part: { id: string, sku: string, name: string }, location: { id: string, code: string, name: string } }>, customer: { id: string, name: string, tier: CustomerTier }, assignee: { id: string, name: string } | null, sla: { state: SlaState, firstResponseDueAt: string | null, resolutionDueAt: string | null, breached: boolean, minutesToBreach: number | null } } | null };

export type ConsoleTicketExtrasQueryVariables = Exact<{
  ticketId: string | number;
  staff: boolean;
}>;


export type ConsoleTicketExtrasQuery = { suggestedArticles: Array<{ id: string, title: string, highlight: string | null, helpfulCount: number }>, agents?: { nodes: Array<{ id: string, name: string, team: string | null, active: boolean }> }, stockLevels?: { nodes: Array<{ id: string, available: number, part: { id: string, sku: string, name: string }, location: { id: string, code: string, name: string } }> } };

export type ConsoleTicketUpdatedSubscriptionVariables = Exact<{
  id: string | number;
  after?: string | null | undefined;
}>;


export type ConsoleTicketUpdatedSubscription = { ticketUpdated: { cursor: string, type: string, occurredAt: string } };

export type ConsoleMyTicketsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleMyTicketsQuery = { eventCursor: string, viewer: { customer: { id: string, name: string, tickets: { totalCount: number, nodes: Array<{ id: string, number: number, subject: string, kind: TicketKind, status: TicketStatus, priority: Priority, createdAt: string, updatedAt: string, satisfaction: { score: number } | null }> } } | null } };

export type ConsoleUserErrorFragment = { code: ErrorCode, message: string, field: Array<string> | null };

export type ConsoleAssignMutationVariables = Exact<{
  input: AssignTicketInput;
}>;


export type ConsoleAssignMutation = { assignTicket: { ticket: { id: string, version: number } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type ConsoleChangeStatusMutationVariables = Exact<{
  input: ChangeTicketStatusInput;
}>;


export type ConsoleChangeStatusMutation = { changeTicketStatus: { ticket: { id: string, version: number } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type ConsoleResolveMutationVariables = Exact<{
  input: ResolveTicketInput;
}>;


export type ConsoleResolveMutation = { resolveTicket: { ticket: { id: string, version: number } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type ConsoleReserveMutationVariables = Exact<{
  input: ReservePartInput;
}>;


export type ConsoleReserveMutation = { reservePart: { reservation: { id: string } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type ConsoleCreateTicketMutationVariables = Exact<{
  input: CreateTicketInput;
}>;


export type ConsoleCreateTicketMutation = { createTicket: { ticket: { id: string, number: number } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type ConsoleRateMutationVariables = Exact<{
  input: RateTicketInput;
}>;


export type ConsoleRateMutation = { rateTicket: { ticket: { id: string, version: number, satisfaction: { score: number } | null } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type TicketRowFragment = { id: string, number: number, subject: string, kind: TicketKind, status: TicketStatus, priority: Priority, channel: Channel, createdAt: string, version: number, customer: { id: string, name: string, tier: CustomerTier }, assignee: { id: string, name: string, team: string | null } | null, serviceLevel: { id: string, name: string } | null, sla: { state: SlaState, firstResponseDueAt: string | null, resolutionDueAt: string | null, breached: boolean, minutesToBreach: number | null } };

export type TicketsPageQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: TicketFilter | null | undefined;
  orderBy?: TicketOrder | null | undefined;
  interactions?: number | null | undefined;
}>;


export type TicketsPageQuery = { tickets: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, number: number, subject: string, kind: TicketKind, status: TicketStatus, priority: Priority, channel: Channel, createdAt: string, version: number, interactions: { totalCount: number, nodes: Array<{ id: string, channel: Channel, direction: Direction, summary: string, occurredAt: string, agent: { id: string, name: string } | null }> }, customer: { id: string, name: string, tier: CustomerTier }, assignee: { id: string, name: string, team: string | null } | null, serviceLevel: { id: string, name: string } | null, sla: { state: SlaState, firstResponseDueAt: string | null, resolutionDueAt: string | null, breached: boolean, minutesToBreach: number | null } } }> } };

export type OpenComplaintsQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type OpenComplaintsQuery = { eventCursor: string, tickets: { totalCount: number, nodes: Array<{ id: string, number: number, subject: string, kind: TicketKind, status: TicketStatus, priority: Priority, channel: Channel, createdAt: string, version: number, customer: { id: string, name: string, tier: CustomerTier }, assignee: { id: string, name: string, team: string | null } | null, serviceLevel: { id: string, name: string } | null, sla: { state: SlaState, firstResponseDueAt: string | null, resolutionDueAt: string | null, breached: boolean, minutesToBreach: number | null } }> } };

export type AgentLoadQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type AgentLoadQuery = { agents: { nodes: Array<{ id: string, name: string, email: string, role: Role, team: string | null, active: boolean, openTicketCount: number }> } };

export type CustomersQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: CustomerFilter | null | undefined;
  orderBy?: CustomerOrder | null | undefined;
}>;


export type CustomersQuery = { customers: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, name: string, email: string, tier: CustomerTier, organization: string | null, openTicketCount: number, satisfactionScore: number | null, version: number, serviceLevel: { id: string, name: string } | null }> } };

export type InteractionsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: InteractionFilter | null | undefined;
  orderBy?: InteractionOrder | null | undefined;
}>;


export type InteractionsQuery = { interactions: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, channel: Channel, direction: Direction, reason: ContactReason | null, summary: string, occurredAt: string, durationSeconds: number | null, customer: { id: string }, ticket: { id: string, number: number } | null, agent: { id: string } | null }> } };

export type ServiceLevelsQueryVariables = Exact<{ [key: string]: never; }>;


export type ServiceLevelsQuery = { serviceLevels: Array<{ id: string, name: string, description: string | null, isDefault: boolean, pauseOn: Array<TicketStatus>, ruleOrder: number | null, matchTiers: Array<CustomerTier>, matchKinds: Array<TicketKind>, matchPriorities: Array<Priority>, version: number, targets: Array<{ priority: Priority, firstResponseMinutes: number, resolutionMinutes: number }>, businessHours: { timeZone: string, holidays: Array<string>, days: Array<{ weekday: number, opens: string, closes: string }> } | null }> };

export type ComplaintUpdatesSubscriptionVariables = Exact<{
  after?: string | null | undefined;
}>;


export type ComplaintUpdatesSubscription = { complaintUpdates: { cursor: string, type: string, occurredAt: string, ticket: { id: string, number: number, subject: string, status: TicketStatus, priority: Priority } } };

export type TicketEventsSubscriptionVariables = Exact<{
  filter?: TicketFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type TicketEventsSubscription = { ticketEvents: { cursor: string, type: string, occurredAt: string, ticket: { id: string, number: number, status: TicketStatus, kind: TicketKind, priority: Priority, customer: { id: string }, assignee: { id: string } | null } } };

export type StockUserErrorsFragment = { code: ErrorCode, message: string, field: Array<string> | null };

export type PartFieldsFragment = { id: string, sku: string, name: string, description: string | null, unitCost: string, leadTimeDays: number | null, onHand: number, available: number, createdAt: string };

export type StockLevelFieldsFragment = { id: string, onHand: number, reserved: number, available: number, reorderPoint: number, reorderQuantity: number, status: StockStatus, version: number, updatedAt: string, part: { id: string, sku: string, name: string }, location: { id: string, code: string, name: string, kind: LocationKind } };

export type StockMovementFieldsFragment = { id: string, kind: StockMovementKind, quantity: number, onHandAfter: number, reservedAfter: number, reference: string | null, note: string | null, actor: string | null, createdAt: string, part: { id: string, sku: string }, location: { id: string, code: string }, ticket: { id: string, number: number } | null, reservation: { id: string, status: ReservationStatus } | null };

export type PartReservationFieldsFragment = { id: string, quantity: number, status: ReservationStatus, createdAt: string, settledAt: string | null, ticket: { id: string, number: number, status: TicketStatus }, part: { id: string, sku: string, name: string }, location: { id: string, code: string } };

export type PartsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: PartFilter | null | undefined;
  orderBy?: PartOrder | null | undefined;
}>;


export type PartsQuery = { parts: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, sku: string, name: string, description: string | null, unitCost: string, leadTimeDays: number | null, onHand: number, available: number, createdAt: string }> } };

export type PartDetailQueryVariables = Exact<{
  id?: string | number | null | undefined;
  sku?: string | null | undefined;
}>;


export type PartDetailQuery = { part: { id: string, sku: string, name: string, description: string | null, unitCost: string, leadTimeDays: number | null, onHand: number, available: number, createdAt: string, stockLevels: Array<{ id: string, onHand: number, reserved: number, available: number, reorderPoint: number, reorderQuantity: number, status: StockStatus, version: number, updatedAt: string, part: { id: string, sku: string, name: string }, location: { id: string, code: string, name: string, kind: LocationKind } }> } | null };

export type StockLocationsQueryVariables = Exact<{
  kind?: Array<LocationKind> | LocationKind | null | undefined;
}>;


export type StockLocationsQuery = { stockLocations: Array<{ id: string, code: string, name: string, kind: LocationKind, createdAt: string }> };

export type LocationStockQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: StockLevelFilter | null | undefined;
}>;


export type LocationStockQuery = { node:
    | { id: string, code: string, name: string, kind: LocationKind, stockLevels: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, onHand: number, reserved: number, available: number, reorderPoint: number, reorderQuantity: number, status: StockStatus, version: number, updatedAt: string, part: { id: string, sku: string, name: string }, location: { id: string, code: string, name: string, kind: LocationKind } }> } }
    | Record<PropertyKey, never>
   | null };

export type StockLevelsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: StockLevelFilter | null | undefined;
  orderBy?: StockLevelOrder | null | undefined;
}>;


export type StockLevelsQuery = { stockLevels: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, onHand: number, reserved: number, available: number, reorderPoint: number, reorderQuantity: number, status: StockStatus, version: number, updatedAt: string, part: { id: string, sku: string, name: string }, location: { id: string, code: string, name: string, kind: LocationKind } }> } };

export type ReorderListQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type ReorderListQuery = { eventCursor: string, stockLevels: { totalCount: number, nodes: Array<{ id: string, onHand: number, reserved: number, available: number, reorderPoint: number, reorderQuantity: number, status: StockStatus, version: number, updatedAt: string, part: { id: string, sku: string, name: string, unitCost: string, leadTimeDays: number | null }, location: { id: string, code: string, name: string, kind: LocationKind } }> } };

export type StockMovementsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: StockMovementFilter | null | undefined;
}>;


export type StockMovementsQuery = { stockMovements: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, kind: StockMovementKind, quantity: number, onHandAfter: number, reservedAfter: number, reference: string | null, note: string | null, actor: string | null, createdAt: string, part: { id: string, sku: string }, location: { id: string, code: string }, ticket: { id: string, number: number } | null, reservation: { id: string, status: ReservationStatus } | null }> } };

export type StockLevelLedgerQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type StockLevelLedgerQuery = { node:
    | { id: string, onHand: number, reserved: number, available: number, reorderPoint: number, reorderQuantity: number, status: StockStatus, version: number, updatedAt: string, movements: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, kind: StockMovementKind, quantity: number, onHandAfter: number, reservedAfter: number }> }, part: { id: string, sku: string, name: string }, location: { id: string, code: string, name: string, kind: LocationKind } }
    | Record<PropertyKey, never>
   | null };

export type TicketReservationsQueryVariables = Exact<{
  id?: string | number | null | undefined;
  number?: number | null | undefined;
  status?: Array<ReservationStatus> | ReservationStatus | null | undefined;
}>;


export type TicketReservationsQuery = { ticket: { id: string, number: number, status: TicketStatus, reservations: Array<{ id: string, quantity: number, status: ReservationStatus, createdAt: string, settledAt: string | null, ticket: { id: string, number: number, status: TicketStatus }, part: { id: string, sku: string, name: string }, location: { id: string, code: string } }> } | null };

export type StockNodeQueryVariables = Exact<{
  id: string | number;
}>;


export type StockNodeQuery = { node:
    | { __typename: 'Agent', id: string }
    | { __typename: 'Customer', id: string }
    | { __typename: 'Interaction', id: string }
    | { __typename: 'KnowledgeArticle', id: string }
    | { __typename: 'Part', sku: string, id: string }
    | { __typename: 'PartReservation', quantity: number, status: ReservationStatus, id: string }
    | { __typename: 'ServiceLevel', id: string }
    | { __typename: 'StockLevel', onHand: number, reserved: number, id: string }
    | { __typename: 'StockLocation', code: string, id: string }
    | { __typename: 'StockMovement', kind: StockMovementKind, quantity: number, id: string }
    | { __typename: 'Ticket', id: string }
   | null };

export type CreatePartMutationVariables = Exact<{
  input: CreatePartInput;
}>;


export type CreatePartMutation = { createPart: { part: { id: string, sku: string, name: string, description: string | null, unitCost: string, leadTimeDays: number | null, onHand: number, available: number, createdAt: string } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type CreateStockLocationMutationVariables = Exact<{
  input: CreateStockLocationInput;
}>;


export type CreateStockLocationMutation = { createStockLocation: { stockLocation: { id: string, code: string, name: string, kind: LocationKind } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type SetReorderPolicyMutationVariables = Exact<{
  input: SetReorderPolicyInput;
}>;


export type SetReorderPolicyMutation = { setReorderPolicy: { stockLevel: { id: string, onHand: number, reserved: number, available: number, reorderPoint: number, reorderQuantity: number, status: StockStatus, version: number, updatedAt: string, part: { id: string, sku: string, name: string }, location: { id: string, code: string, name: string, kind: LocationKind } } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type ReceiveStockMutationVariables = Exact<{
  input: ReceiveStockInput;
}>;


export type ReceiveStockMutation = { receiveStock: { stockLevel: { id: string, onHand: number, reserved: number, available: number, reorderPoint: number, reorderQuantity: number, status: StockStatus, version: number, updatedAt: string, part: { id: string, sku: string, name: string }, location: { id: string, code: string, name: string, kind: LocationKind } } | null, movement: { id: string, kind: StockMovementKind, quantity: number, onHandAfter: number, reservedAfter: number, reference: string | null, note: string | null, actor: string | null, createdAt: string, part: { id: string, sku: string }, location: { id: string, code: string }, ticket: { id: string, number: number } | null, reservation: { id: string, status: ReservationStatus } | null } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type ReturnPartMutationVariables = Exact<{
  input: ReturnPartInput;
}>;


export type ReturnPartMutation = { returnPart: { stockLevel: { id: string, onHand: number, reserved: number, available: number, reorderPoint: number, reorderQuantity: number, status: StockStatus, version: number, updatedAt: string, part: { id: string, sku: string, name: string }, location: { id: string, code: string, name: string, kind: LocationKind } } | null, movement: { id: string, kind: StockMovementKind, quantity: number, onHandAfter: number, reservedAfter: number, reference: string | null, note: string | null, actor: string | null, createdAt: string, part: { id: string, sku: string }, location: { id: string, code: string }, ticket: { id: string, number: number } | null, reservation: { id: string, status: ReservationStatus } | null } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type AdjustStockMutationVariables = Exact<{
  input: AdjustStockInput;
}>;


export type AdjustStockMutation = { adjustStock: { stockLevel: { id: string, onHand: number, reserved: number, available: number, reorderPoint: number, reorderQuantity: number, status: StockStatus, version: number, updatedAt: string, part: { id: string, sku: string, name: string }, location: { id: string, code: string, name: string, kind: LocationKind } } | null, movement: { id: string, kind: StockMovementKind, quantity: number, onHandAfter: number, reservedAfter: number, reference: string | null, note: string | null, actor: string | null, createdAt: string, part: { id: string, sku: string }, location: { id: string, code: string }, ticket: { id: string, number: number } | null, reservation: { id: string, status: ReservationStatus } | null } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type TransferStockMutationVariables = Exact<{
  input: TransferStockInput;
}>;


export type TransferStockMutation = { transferStock: { from: { id: string, onHand: number, reserved: number, available: number, reorderPoint: number, reorderQuantity: number, status: StockStatus, version: number, updatedAt: string, part: { id: string, sku: string, name: string }, location: { id: string, code: string, name: string, kind: LocationKind } } | null, to: { id: string, onHand: number, reserved: number, available: number, reorderPoint: number, reorderQuantity: number, status: StockStatus, version: number, updatedAt: string, part: { id: string, sku: string, name: string }, location: { id: string, code: string, name: string, kind: LocationKind } } | null, movements: Array<{ id: string, kind: StockMovementKind, quantity: number, onHandAfter: number, reservedAfter: number, reference: string | null, note: string | null, actor: string | null, createdAt: string, part: { id: string, sku: string }, location: { id: string, code: string }, ticket: { id: string, number: number } | null, reservation: { id: string, status: ReservationStatus } | null }> | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type ReservePartMutationVariables = Exact<{
  input: ReservePartInput;
}>;


export type ReservePartMutation = { reservePart: { reservation: { id: string, quantity: number, status: ReservationStatus, createdAt: string, settledAt: string | null, ticket: { id: string, number: number, status: TicketStatus }, part: { id: string, sku: string, name: string }, location: { id: string, code: string } } | null, stockLevel: { id: string, onHand: number, reserved: number, available: number, reorderPoint: number, reorderQuantity: number, status: StockStatus, version: number, updatedAt: string, part: { id: string, sku: string, name: string }, location: { id: string, code: string, name: string, kind: LocationKind } } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type ReleaseReservationMutationVariables = Exact<{
  input: ReservationInput;
}>;


export type ReleaseReservationMutation = { releaseReservation: { reservation: { id: string, quantity: number, status: ReservationStatus, createdAt: string, settledAt: string | null, ticket: { id: string, number: number, status: TicketStatus }, part: { id: string, sku: string, name: string }, location: { id: string, code: string } } | null, stockLevel: { id: string, onHand: number, reserved: number, available: number, reorderPoint: number, reorderQuantity: number, status: StockStatus, version: number, updatedAt: string, part: { id: string, sku: string, name: string }, location: { id: string, code: string, name: string, kind: LocationKind } } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type ConsumeReservationMutationVariables = Exact<{
  input: ReservationInput;
}>;


export type ConsumeReservationMutation = { consumeReservation: { reservation: { id: string, quantity: number, status: ReservationStatus, createdAt: string, settledAt: string | null, ticket: { id: string, number: number, status: TicketStatus }, part: { id: string, sku: string, name: string }, location: { id: string, code: string } } | null, stockLevel: { id: string, onHand: number, reserved: number, available: number, reorderPoint: number, reorderQuantity: number, status: StockStatus, version: number, updatedAt: string, part: { id: string, sku: string, name: string }, location: { id: string, code: string, name: string, kind: LocationKind } } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type StockLevelChangedSubscriptionVariables = Exact<{
  partId?: string | number | null | undefined;
  locationId?: string | number | null | undefined;
  after?: string | null | undefined;
}>;


export type StockLevelChangedSubscription = { stockLevelChanged: { cursor: string, type: string, status: StockStatus, available: number, occurredAt: string, stockLevel: { id: string, onHand: number, reserved: number, available: number, status: StockStatus, version: number, part: { id: string, sku: string }, location: { id: string, code: string } }, movement: { id: string, kind: StockMovementKind, quantity: number, onHandAfter: number, reservedAfter: number } | null } };

export type StockAlertsSubscriptionVariables = Exact<{
  after?: string | null | undefined;
  partId?: string | number | null | undefined;
  locationId?: string | number | null | undefined;
  status?: Array<StockStatus> | StockStatus | null | undefined;
}>;


export type StockAlertsSubscription = { stockAlerts: { cursor: string, status: StockStatus, previousStatus: StockStatus | null, available: number, occurredAt: string, stockLevel: { id: string, onHand: number, reserved: number, available: number, reorderPoint: number, status: StockStatus, part: { id: string, sku: string }, location: { id: string, code: string } } } };

export type KnowledgeArticleFieldsFragment = { id: string, title: string, body: string, tags: Array<string>, published: boolean, helpfulCount: number, language: string | null, version: number, createdAt: string, updatedAt: string };

export type KnowledgeUserErrorsFragment = { code: ErrorCode, message: string, field: Array<string> | null };

export type SearchKnowledgeQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  query?: string | null | undefined;
  filter?: KnowledgeArticleFilter | null | undefined;
}>;


export type SearchKnowledgeQuery = { knowledgeArticles: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { rank: number | null, highlight: string | null, id: string, title: string, body: string, tags: Array<string>, published: boolean, helpfulCount: number, language: string | null, version: number, createdAt: string, updatedAt: string } }> } };

export type KnowledgeArticleQueryVariables = Exact<{
  id: string | number;
}>;


export type KnowledgeArticleQuery = { knowledgeArticle: { id: string, title: string, body: string, tags: Array<string>, published: boolean, helpfulCount: number, language: string | null, version: number, createdAt: string, updatedAt: string } | null };

export type KnowledgeArticleNodeQueryVariables = Exact<{
  id: string | number;
}>;


export type KnowledgeArticleNodeQuery = { node:
    | { id: string }
    | { id: string }
    | { id: string }
    | { title: string, published: boolean, id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
   | null };

export type SuggestedArticlesQueryVariables = Exact<{
  ticketId: string | number;
  first?: number | null | undefined;
}>;


export type SuggestedArticlesQuery = { suggestedArticles: Array<{ id: string, title: string, tags: Array<string>, rank: number | null, highlight: string | null, helpfulCount: number }> };

export type CreateKnowledgeArticleMutationVariables = Exact<{
  input: CreateKnowledgeArticleInput;
}>;


export type CreateKnowledgeArticleMutation = { createKnowledgeArticle: { article: { id: string, title: string, body: string, tags: Array<string>, published: boolean, helpfulCount: number, language: string | null, version: number, createdAt: string, updatedAt: string } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type UpdateKnowledgeArticleMutationVariables = Exact<{
  input: UpdateKnowledgeArticleInput;
}>;


export type UpdateKnowledgeArticleMutation = { updateKnowledgeArticle: { article: { id: string, title: string, body: string, tags: Array<string>, published: boolean, helpfulCount: number, language: string | null, version: number, createdAt: string, updatedAt: string } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type MarkArticleHelpfulMutationVariables = Exact<{
  input: MarkArticleHelpfulInput;
}>;


export type MarkArticleHelpfulMutation = { markArticleHelpful: { article: { id: string, helpfulCount: number, version: number } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { viewer: { sub: string, role: Role, agent: { id: string, name: string } | null, customer: { id: string, name: string, email: string } | null } };

export type MyTicketsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type MyTicketsQuery = { eventCursor: string, viewer: { customer: { id: string, openTicketCount: number, tickets: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, number: number, subject: string, status: TicketStatus, priority: Priority, updatedAt: string, version: number }> } } | null } };

export type TicketDetailQueryVariables = Exact<{
  id?: string | number | null | undefined;
  number?: number | null | undefined;
}>;


export type TicketDetailQuery = { ticket: { id: string, number: number, subject: string, description: string | null, kind: TicketKind, status: TicketStatus, priority: Priority, channel: Channel, reason: ContactReason | null, resolution: string | null, rootCause: RootCause | null, createdAt: string, updatedAt: string, firstRespondedAt: string | null, resolvedAt: string | null, closedAt: string | null, version: number, customer: { id: string, name: string }, assignee: { id: string, name: string } | null, serviceLevel: { id: string, name: string } | null, sla: { state: SlaState, firstResponseDueAt: string | null, resolutionDueAt: string | null, breached: boolean, minutesToBreach: number | null }, satisfaction: { score: number, comment: string | null, createdAt: string } | null, interactions: { totalCount: number, nodes: Array<{ id: string, channel: Channel, direction: Direction, summary: string, body: string | null, occurredAt: string }> }, history: { totalCount: number, nodes: Array<{ cursor: string, type: string, occurredAt: string }> } } | null };

export type NodeQueryVariables = Exact<{
  id: string | number;
}>;


export type NodeQuery = { node:
    | { __typename: 'Agent', name: string, id: string }
    | { __typename: 'Customer', name: string, email: string, id: string }
    | { __typename: 'Interaction', summary: string, id: string }
    | { __typename: 'KnowledgeArticle', id: string }
    | { __typename: 'Part', id: string }
    | { __typename: 'PartReservation', id: string }
    | { __typename: 'ServiceLevel', name: string, id: string }
    | { __typename: 'StockLevel', id: string }
    | { __typename: 'StockLocation', id: string }
    | { __typename: 'StockMovement', id: string }
    | { __typename: 'Ticket', number: number, subject: string, id: string }
   | null };

export type TicketUpdatedSubscriptionVariables = Exact<{
  id: string | number;
  after?: string | null | undefined;
}>;


export type TicketUpdatedSubscription = { ticketUpdated: { cursor: string, type: string, occurredAt: string, ticket: { id: string, number: number, status: TicketStatus, priority: Priority, version: number, assignee: { id: string } | null } } };

export type ErrorsFragment = { code: ErrorCode, message: string, field: Array<string> | null };

export type CreateAgentMutationVariables = Exact<{
  input: CreateAgentInput;
}>;


export type CreateAgentMutation = { createAgent: { agent: { id: string, name: string, email: string, role: Role, team: string | null, active: boolean } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type CreateCustomerMutationVariables = Exact<{
  input: CreateCustomerInput;
}>;


export type CreateCustomerMutation = { createCustomer: { customer: { id: string, name: string, email: string, phone: string | null, tier: CustomerTier, organization: string | null, preferredChannel: Channel | null, language: string | null, version: number, serviceLevel: { id: string } | null } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type UpdateCustomerMutationVariables = Exact<{
  input: UpdateCustomerInput;
}>;


export type UpdateCustomerMutation = { updateCustomer: { customer: { id: string, name: string, email: string, phone: string | null, tier: CustomerTier, organization: string | null, preferredChannel: Channel | null, language: string | null, version: number, serviceLevel: { id: string } | null } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type CreateServiceLevelMutationVariables = Exact<{
  input: CreateServiceLevelInput;
}>;


export type CreateServiceLevelMutation = { createServiceLevel: { serviceLevel: { id: string, name: string, isDefault: boolean, pauseOn: Array<TicketStatus>, version: number, targets: Array<{ priority: Priority, firstResponseMinutes: number, resolutionMinutes: number }>, businessHours: { timeZone: string, holidays: Array<string>, days: Array<{ weekday: number, opens: string, closes: string }> } | null } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type UpdateServiceLevelMutationVariables = Exact<{
  input: UpdateServiceLevelInput;
}>;


export type UpdateServiceLevelMutation = { updateServiceLevel: { serviceLevel: { id: string, name: string, isDefault: boolean, pauseOn: Array<TicketStatus>, version: number, targets: Array<{ priority: Priority, firstResponseMinutes: number, resolutionMinutes: number }> } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type TicketFieldsFragment = { id: string, number: number, subject: string, description: string | null, kind: TicketKind, status: TicketStatus, priority: Priority, channel: Channel, reason: ContactReason | null, resolution: string | null, rootCause: RootCause | null, version: number, createdAt: string, updatedAt: string, firstRespondedAt: string | null, resolvedAt: string | null, closedAt: string | null, customer: { id: string }, assignee: { id: string } | null, serviceLevel: { id: string } | null, sla: { state: SlaState, firstResponseDueAt: string | null, resolutionDueAt: string | null, breached: boolean, minutesToBreach: number | null }, satisfaction: { score: number, comment: string | null } | null };

export type CreateTicketMutationVariables = Exact<{
  input: CreateTicketInput;
}>;


export type CreateTicketMutation = { createTicket: { ticket: { id: string, number: number, subject: string, description: string | null, kind: TicketKind, status: TicketStatus, priority: Priority, channel: Channel, reason: ContactReason | null, resolution: string | null, rootCause: RootCause | null, version: number, createdAt: string, updatedAt: string, firstRespondedAt: string | null, resolvedAt: string | null, closedAt: string | null, customer: { id: string }, assignee: { id: string } | null, serviceLevel: { id: string } | null, sla: { state: SlaState, firstResponseDueAt: string | null, resolutionDueAt: string | null, breached: boolean, minutesToBreach: number | null }, satisfaction: { score: number, comment: string | null } | null } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type UpdateTicketMutationVariables = Exact<{
  input: UpdateTicketInput;
}>;


export type UpdateTicketMutation = { updateTicket: { ticket: { id: string, number: number, subject: string, description: string | null, kind: TicketKind, status: TicketStatus, priority: Priority, channel: Channel, reason: ContactReason | null, resolution: string | null, rootCause: RootCause | null, version: number, createdAt: string, updatedAt: string, firstRespondedAt: string | null, resolvedAt: string | null, closedAt: string | null, customer: { id: string }, assignee: { id: string } | null, serviceLevel: { id: string } | null, sla: { state: SlaState, firstResponseDueAt: string | null, resolutionDueAt: string | null, breached: boolean, minutesToBreach: number | null }, satisfaction: { score: number, comment: string | null } | null } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type AssignTicketMutationVariables = Exact<{
  input: AssignTicketInput;
}>;


export type AssignTicketMutation = { assignTicket: { ticket: { id: string, number: number, subject: string, description: string | null, kind: TicketKind, status: TicketStatus, priority: Priority, channel: Channel, reason: ContactReason | null, resolution: string | null, rootCause: RootCause | null, version: number, createdAt: string, updatedAt: string, firstRespondedAt: string | null, resolvedAt: string | null, closedAt: string | null, customer: { id: string }, assignee: { id: string } | null, serviceLevel: { id: string } | null, sla: { state: SlaState, firstResponseDueAt: string | null, resolutionDueAt: string | null, breached: boolean, minutesToBreach: number | null }, satisfaction: { score: number, comment: string | null } | null } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type ChangeTicketStatusMutationVariables = Exact<{
  input: ChangeTicketStatusInput;
}>;


export type ChangeTicketStatusMutation = { changeTicketStatus: { ticket: { id: string, number: number, subject: string, description: string | null, kind: TicketKind, status: TicketStatus, priority: Priority, channel: Channel, reason: ContactReason | null, resolution: string | null, rootCause: RootCause | null, version: number, createdAt: string, updatedAt: string, firstRespondedAt: string | null, resolvedAt: string | null, closedAt: string | null, customer: { id: string }, assignee: { id: string } | null, serviceLevel: { id: string } | null, sla: { state: SlaState, firstResponseDueAt: string | null, resolutionDueAt: string | null, breached: boolean, minutesToBreach: number | null }, satisfaction: { score: number, comment: string | null } | null } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type ResolveTicketMutationVariables = Exact<{
  input: ResolveTicketInput;
}>;


export type ResolveTicketMutation = { resolveTicket: { ticket: { id: string, number: number, subject: string, description: string | null, kind: TicketKind, status: TicketStatus, priority: Priority, channel: Channel, reason: ContactReason | null, resolution: string | null, rootCause: RootCause | null, version: number, createdAt: string, updatedAt: string, firstRespondedAt: string | null, resolvedAt: string | null, closedAt: string | null, customer: { id: string }, assignee: { id: string } | null, serviceLevel: { id: string } | null, sla: { state: SlaState, firstResponseDueAt: string | null, resolutionDueAt: string | null, breached: boolean, minutesToBreach: number | null }, satisfaction: { score: number, comment: string | null } | null } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type RateTicketMutationVariables = Exact<{
  input: RateTicketInput;
}>;


export type RateTicketMutation = { rateTicket: { ticket: { id: string, number: number, subject: string, description: string | null, kind: TicketKind, status: TicketStatus, priority: Priority, channel: Channel, reason: ContactReason | null, resolution: string | null, rootCause: RootCause | null, version: number, createdAt: string, updatedAt: string, firstRespondedAt: string | null, resolvedAt: string | null, closedAt: string | null, customer: { id: string }, assignee: { id: string } | null, serviceLevel: { id: string } | null, sla: { state: SlaState, firstResponseDueAt: string | null, resolutionDueAt: string | null, breached: boolean, minutesToBreach: number | null }, satisfaction: { score: number, comment: string | null } | null } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export type LogInteractionMutationVariables = Exact<{
  input: LogInteractionInput;
}>;


export type LogInteractionMutation = { logInteraction: { interaction: { id: string, channel: Channel, direction: Direction, reason: ContactReason | null, summary: string, body: string | null, occurredAt: string, durationSeconds: number | null, agent: { id: string } | null, customer: { id: string }, ticket: { id: string } | null } | null, ticket: { id: string, number: number, subject: string, description: string | null, kind: TicketKind, status: TicketStatus, priority: Priority, channel: Channel, reason: ContactReason | null, resolution: string | null, rootCause: RootCause | null, version: number, createdAt: string, updatedAt: string, firstRespondedAt: string | null, resolvedAt: string | null, closedAt: string | null, customer: { id: string }, assignee: { id: string } | null, serviceLevel: { id: string } | null, sla: { state: SlaState, firstResponseDueAt: string | null, resolutionDueAt: string | null, breached: boolean, minutesToBreach: number | null }, satisfaction: { score: number, comment: string | null } | null } | null, userErrors: Array<{ code: ErrorCode, message: string, field: Array<string> | null }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const ConsoleTicketFragmentDoc = new TypedDocumentString(`
    fragment ConsoleTicket on Ticket {
  id
  number
  subject
  kind
  status
  priority
  channel
  createdAt
  updatedAt
  version
  customer {
    id
    name
    tier
  }
  assignee {
    id
    name
  }
  sla {
    state
    firstResponseDueAt
    resolutionDueAt
    breached
    minutesToBreach
  }
}
    `, {"fragmentName":"ConsoleTicket"}) as unknown as TypedDocumentString<ConsoleTicketFragment, unknown>;
export const ConsoleStockLevelFragmentDoc = new TypedDocumentString(`
    fragment ConsoleStockLevel on StockLevel {
  id
  onHand
  reserved
  available
  reorderPoint
  status
  part {
    id
    sku
    name
  }
  location {
    id
    code
    name
    kind
  }
}
    `, {"fragmentName":"ConsoleStockLevel"}) as unknown as TypedDocumentString<ConsoleStockLevelFragment, unknown>;
export const ConsoleAgentFragmentDoc = new TypedDocumentString(`
    fragment ConsoleAgent on Agent {
  id
  name
  team
  role
  active
  openTicketCount
}
    `, {"fragmentName":"ConsoleAgent"}) as unknown as TypedDocumentString<ConsoleAgentFragment, unknown>;
export const ConsoleUserErrorFragmentDoc = new TypedDocumentString(`
    fragment ConsoleUserError on UserError {
  code
  message
  field
}
    `, {"fragmentName":"ConsoleUserError"}) as unknown as TypedDocumentString<ConsoleUserErrorFragment, unknown>;
export const TicketRowFragmentDoc = new TypedDocumentString(`
    fragment TicketRow on Ticket {
  id
  number
  subject
  kind
  status
  priority
  channel
  createdAt
  version
  customer {
    id
    name
    tier
  }
  assignee {
    id
    name
    team
  }
  serviceLevel {
    id
    name
  }
  sla {
    state
    firstResponseDueAt
    resolutionDueAt
    breached
    minutesToBreach
  }
}
    `, {"fragmentName":"TicketRow"}) as unknown as TypedDocumentString<TicketRowFragment, unknown>;
export const StockUserErrorsFragmentDoc = new TypedDocumentString(`
    fragment StockUserErrors on UserError {
  code
  message
  field
}
    `, {"fragmentName":"StockUserErrors"}) as unknown as TypedDocumentString<StockUserErrorsFragment, unknown>;
export const PartFieldsFragmentDoc = new TypedDocumentString(`
    fragment PartFields on Part {
  id
  sku
  name
  description
  unitCost
  leadTimeDays
  onHand
  available
  createdAt
}
    `, {"fragmentName":"PartFields"}) as unknown as TypedDocumentString<PartFieldsFragment, unknown>;
export const StockLevelFieldsFragmentDoc = new TypedDocumentString(`
    fragment StockLevelFields on StockLevel {
  id
  onHand
  reserved
  available
  reorderPoint
  reorderQuantity
  status
  version
  updatedAt
  part {
    id
    sku
    name
  }
  location {
    id
    code
    name
    kind
  }
}
    `, {"fragmentName":"StockLevelFields"}) as unknown as TypedDocumentString<StockLevelFieldsFragment, unknown>;
export const StockMovementFieldsFragmentDoc = new TypedDocumentString(`
    fragment StockMovementFields on StockMovement {
  id
  kind
  quantity
  onHandAfter
  reservedAfter
  reference
  note
  actor
  createdAt
  part {
    id
    sku
  }
  location {
    id
    code
  }
  ticket {
    id
    number
  }
  reservation {
    id
    status
  }
}
    `, {"fragmentName":"StockMovementFields"}) as unknown as TypedDocumentString<StockMovementFieldsFragment, unknown>;
export const PartReservationFieldsFragmentDoc = new TypedDocumentString(`
    fragment PartReservationFields on PartReservation {
  id
  quantity
  status
  createdAt
  settledAt
  ticket {
    id
    number
    status
  }
  part {
    id
    sku
    name
  }
  location {
    id
    code
  }
}
    `, {"fragmentName":"PartReservationFields"}) as unknown as TypedDocumentString<PartReservationFieldsFragment, unknown>;
export const KnowledgeArticleFieldsFragmentDoc = new TypedDocumentString(`
    fragment KnowledgeArticleFields on KnowledgeArticle {
  id
  title
  body
  tags
  published
  helpfulCount
  language
  version
  createdAt
  updatedAt
}
    `, {"fragmentName":"KnowledgeArticleFields"}) as unknown as TypedDocumentString<KnowledgeArticleFieldsFragment, unknown>;
export const KnowledgeUserErrorsFragmentDoc = new TypedDocumentString(`
    fragment KnowledgeUserErrors on UserError {
  code
  message
  field
}
    `, {"fragmentName":"KnowledgeUserErrors"}) as unknown as TypedDocumentString<KnowledgeUserErrorsFragment, unknown>;
export const ErrorsFragmentDoc = new TypedDocumentString(`
    fragment Errors on UserError {
  code
  message
  field
}
    `, {"fragmentName":"Errors"}) as unknown as TypedDocumentString<ErrorsFragment, unknown>;
export const TicketFieldsFragmentDoc = new TypedDocumentString(`
    fragment TicketFields on Ticket {
  id
  number
  subject
  description
  kind
  status
  priority
  channel
  reason
  resolution
  rootCause
  version
  createdAt
  updatedAt
  firstRespondedAt
  resolvedAt
  closedAt
  customer {
    id
  }
  assignee {
    id
  }
  serviceLevel {
    id
  }
  sla {
    state
    firstResponseDueAt
    resolutionDueAt
    breached
    minutesToBreach
  }
  satisfaction {
    score
    comment
  }
}
    `, {"fragmentName":"TicketFields"}) as unknown as TypedDocumentString<TicketFieldsFragment, unknown>;
export const TicketStatsDocument = new TypedDocumentString(`
    query TicketStats($filter: TicketFilter, $groupBy: [TicketDimension!], $bucket: TimeBucket) {
  ticketStats(filter: $filter, groupBy: $groupBy, bucket: $bucket) {
    key {
      status
      priority
      kind
      channel
      reason
      rootCause
      assignee {
        id
        name
      }
      customerTier
      period
    }
    count
    openCount
    breachedCount
    slaCompliance
    avgFirstResponseMinutes
    avgResolutionMinutes
    p90ResolutionMinutes
    avgSatisfaction
    contactCount
    shareOfContacts
  }
}
    `) as unknown as TypedDocumentString<TicketStatsQuery, TicketStatsQueryVariables>;
export const TicketVolumeDocument = new TypedDocumentString(`
    query TicketVolume($filter: TicketFilter, $bucket: TimeBucket = DAY) {
  ticketStats(filter: $filter, groupBy: [PERIOD, CHANNEL], bucket: $bucket) {
    key {
      period
      channel
    }
    count
    openCount
  }
}
    `) as unknown as TypedDocumentString<TicketVolumeQuery, TicketVolumeQueryVariables>;
export const FailureDemandDocument = new TypedDocumentString(`
    query FailureDemand($filter: TicketFilter) {
  ticketStats(filter: $filter, groupBy: [ROOT_CAUSE]) {
    key {
      rootCause
    }
    count
    contactCount
    shareOfContacts
  }
}
    `) as unknown as TypedDocumentString<FailureDemandQuery, FailureDemandQueryVariables>;
export const InteractionStatsDocument = new TypedDocumentString(`
    query InteractionStats($filter: InteractionFilter, $groupBy: [InteractionDimension!], $bucket: TimeBucket) {
  interactionStats(filter: $filter, groupBy: $groupBy, bucket: $bucket) {
    key {
      channel
      direction
      reason
      agent {
        id
        name
      }
      ticketKind
      period
    }
    count
    uniqueCustomers
    avgDurationSeconds
  }
}
    `) as unknown as TypedDocumentString<InteractionStatsQuery, InteractionStatsQueryVariables>;
export const InventoryStatsDocument = new TypedDocumentString(`
    query InventoryStats($filter: StockLevelFilter, $groupBy: [InventoryDimension!]) {
  inventoryStats(filter: $filter, groupBy: $groupBy) {
    key {
      part {
        id
        sku
      }
      location {
        id
        code
      }
      locationKind
      status
    }
    stockLevelCount
    onHand
    reserved
    available
    onHandValue
    belowReorderPoint
  }
}
    `) as unknown as TypedDocumentString<InventoryStatsQuery, InventoryStatsQueryVariables>;
export const PartInsightsDocument = new TypedDocumentString(`
    query PartInsights($partId: ID, $locationId: ID, $windowDays: Int, $serviceLevel: Float, $holdingRate: Float, $first: Int) {
  partInsights(
    partId: $partId
    locationId: $locationId
    windowDays: $windowDays
    serviceLevel: $serviceLevel
    holdingRate: $holdingRate
    first: $first
  ) {
    part {
      id
      sku
      leadTimeDays
    }
    location {
      id
      code
    }
    windowDays
    onHand
    reserved
    available
    reorderPoint
    consumption
    avgDailyDemand
    dailyDemandStdDev
    daysOfCover
    leadTimeDays
    serviceLevel
    safetyFactor
    safetyStock
    suggestedReorderPoint
    onHandValue
    holdingRate
    holdingCost
  }
}
    `) as unknown as TypedDocumentString<PartInsightsQuery, PartInsightsQueryVariables>;
export const ConsoleViewerDocument = new TypedDocumentString(`
    query ConsoleViewer {
  viewer {
    sub
    role
    agent {
      id
      name
      team
    }
    customer {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleViewerQuery, ConsoleViewerQueryVariables>;
export const ConsoleBoardDocument = new TypedDocumentString(`
    query ConsoleBoard {
  complaints: tickets(
    first: 100
    filter: {kind: [COMPLAINT], status: [NEW, OPEN, PENDING, ON_HOLD]}
    orderBy: {field: CREATED_AT, direction: ASC}
  ) {
    totalCount
    nodes {
      ...ConsoleTicket
    }
  }
  atRisk: tickets(
    first: 50
    filter: {slaState: [AT_RISK, BREACHED], status: [NEW, OPEN, PENDING, ON_HOLD]}
    orderBy: {field: RESOLUTION_DUE_AT, direction: ASC}
  ) {
    totalCount
    nodes {
      ...ConsoleTicket
    }
  }
  agents(first: 100) {
    nodes {
      ...ConsoleAgent
    }
  }
  lowStock: stockLevels(first: 100, filter: {status: [LOW, OUT_OF_STOCK]}) {
    totalCount
    nodes {
      ...ConsoleStockLevel
    }
  }
  eventCursor
}
    fragment ConsoleTicket on Ticket {
  id
  number
  subject
  kind
  status
  priority
  channel
  createdAt
  updatedAt
  version
  customer {
    id
    name
    tier
  }
  assignee {
    id
    name
  }
  sla {
    state
    firstResponseDueAt
    resolutionDueAt
    breached
    minutesToBreach
  }
}
fragment ConsoleStockLevel on StockLevel {
  id
  onHand
  reserved
  available
  reorderPoint
  status
  part {
    id
    sku
    name
  }
  location {
    id
    code
    name
    kind
  }
}
fragment ConsoleAgent on Agent {
  id
  name
  team
  role
  active
  openTicketCount
}`) as unknown as TypedDocumentString<ConsoleBoardQuery, ConsoleBoardQueryVariables>;
export const ConsoleAgentLoadDocument = new TypedDocumentString(`
    query ConsoleAgentLoad {
  agents(first: 100) {
    nodes {
      ...ConsoleAgent
    }
  }
}
    fragment ConsoleAgent on Agent {
  id
  name
  team
  role
  active
  openTicketCount
}`) as unknown as TypedDocumentString<ConsoleAgentLoadQuery, ConsoleAgentLoadQueryVariables>;
export const ConsoleComplaintsDocument = new TypedDocumentString(`
    subscription ConsoleComplaints($after: String) {
  complaintUpdates(after: $after) {
    cursor
    type
    occurredAt
    ticket {
      ...ConsoleTicket
    }
  }
}
    fragment ConsoleTicket on Ticket {
  id
  number
  subject
  kind
  status
  priority
  channel
  createdAt
  updatedAt
  version
  customer {
    id
    name
    tier
  }
  assignee {
    id
    name
  }
  sla {
    state
    firstResponseDueAt
    resolutionDueAt
    breached
    minutesToBreach
  }
}`) as unknown as TypedDocumentString<ConsoleComplaintsSubscription, ConsoleComplaintsSubscriptionVariables>;
export const ConsoleSlaAlertsDocument = new TypedDocumentString(`
    subscription ConsoleSlaAlerts($after: String) {
  slaAlerts(after: $after) {
    cursor
    state
    target
    occurredAt
    ticket {
      ...ConsoleTicket
    }
  }
}
    fragment ConsoleTicket on Ticket {
  id
  number
  subject
  kind
  status
  priority
  channel
  createdAt
  updatedAt
  version
  customer {
    id
    name
    tier
  }
  assignee {
    id
    name
  }
  sla {
    state
    firstResponseDueAt
    resolutionDueAt
    breached
    minutesToBreach
  }
}`) as unknown as TypedDocumentString<ConsoleSlaAlertsSubscription, ConsoleSlaAlertsSubscriptionVariables>;
export const ConsoleStockAlertsDocument = new TypedDocumentString(`
    subscription ConsoleStockAlerts($after: String) {
  stockAlerts(after: $after) {
    cursor
    status
    previousStatus
    available
    occurredAt
    stockLevel {
      ...ConsoleStockLevel
    }
  }
}
    fragment ConsoleStockLevel on StockLevel {
  id
  onHand
  reserved
  available
  reorderPoint
  status
  part {
    id
    sku
    name
  }
  location {
    id
    code
    name
    kind
  }
}`) as unknown as TypedDocumentString<ConsoleStockAlertsSubscription, ConsoleStockAlertsSubscriptionVariables>;
export const ConsoleTicketEventsDocument = new TypedDocumentString(`
    subscription ConsoleTicketEvents($after: String) {
  ticketEvents(after: $after) {
    cursor
    type
    occurredAt
    ticket {
      id
      number
      subject
      kind
      status
      priority
      assignee {
        id
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleTicketEventsSubscription, ConsoleTicketEventsSubscriptionVariables>;
export const ConsoleTrendsDocument = new TypedDocumentString(`
    query ConsoleTrends($since: DateTime!, $weeksSince: DateTime!) {
  perDay: ticketStats(
    groupBy: [CHANNEL]
    bucket: DAY
    filter: {createdFrom: $since}
  ) {
    key {
      period
      channel
    }
    count
  }
  failureDemand: ticketStats(
    groupBy: [ROOT_CAUSE]
    filter: {status: [RESOLVED, CLOSED], createdFrom: $since}
  ) {
    key {
      rootCause
    }
    count
    contactCount
    shareOfContacts
  }
  weekly: ticketStats(bucket: WEEK, filter: {createdFrom: $weeksSince}) {
    key {
      period
    }
    count
    slaCompliance
    avgSatisfaction
    avgCustomerSatisfaction
    ratingCount
  }
}
    `) as unknown as TypedDocumentString<ConsoleTrendsQuery, ConsoleTrendsQueryVariables>;
export const ConsoleTicketPageDocument = new TypedDocumentString(`
    query ConsoleTicketPage($number: Int!) {
  ticket(number: $number) {
    ...ConsoleTicket
    description
    reason
    resolution
    rootCause
    firstRespondedAt
    resolvedAt
    closedAt
    serviceLevel {
      id
      name
    }
    satisfaction {
      score
      comment
      source
      createdAt
    }
    interactions(first: 50) {
      totalCount
      nodes {
        id
        channel
        direction
        summary
        occurredAt
        agent {
          id
          name
        }
      }
    }
    history(first: 100) {
      totalCount
      nodes {
        cursor
        type
        occurredAt
        ticket {
          status
          assignee {
            name
          }
        }
      }
    }
    reservations {
      id
      quantity
      status
      createdAt
      part {
        id
        sku
        name
      }
      location {
        id
        code
        name
      }
    }
  }
  eventCursor
}
    fragment ConsoleTicket on Ticket {
  id
  number
  subject
  kind
  status
  priority
  channel
  createdAt
  updatedAt
  version
  customer {
    id
    name
    tier
  }
  assignee {
    id
    name
  }
  sla {
    state
    firstResponseDueAt
    resolutionDueAt
    breached
    minutesToBreach
  }
}`) as unknown as TypedDocumentString<ConsoleTicketPageQuery, ConsoleTicketPageQueryVariables>;
export const ConsoleTicketExtrasDocument = new TypedDocumentString(`
    query ConsoleTicketExtras($ticketId: ID!, $staff: Boolean!) {
  suggestedArticles(ticketId: $ticketId, first: 5) {
    id
    title
    highlight
    helpfulCount
  }
  agents(first: 100) @include(if: $staff) {
    nodes {
      id
      name
      team
      active
    }
  }
  stockLevels(first: 100, filter: {status: [IN_STOCK, LOW]}) @include(if: $staff) {
    nodes {
      id
      available
      part {
        id
        sku
        name
      }
      location {
        id
        code
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleTicketExtrasQuery, ConsoleTicketExtrasQueryVariables>;
export const ConsoleTicketUpdatedDocument = new TypedDocumentString(`
    subscription ConsoleTicketUpdated($id: ID!, $after: String) {
  ticketUpdated(id: $id, after: $after) {
    cursor
    type
    occurredAt
  }
}
    `) as unknown as TypedDocumentString<ConsoleTicketUpdatedSubscription, ConsoleTicketUpdatedSubscriptionVariables>;
export const ConsoleMyTicketsDocument = new TypedDocumentString(`
    query ConsoleMyTickets {
  viewer {
    customer {
      id
      name
      tickets(first: 50) {
        totalCount
        nodes {
          id
          number
          subject
          kind
          status
          priority
          createdAt
          updatedAt
          satisfaction {
            score
          }
        }
      }
    }
  }
  eventCursor
}
    `) as unknown as TypedDocumentString<ConsoleMyTicketsQuery, ConsoleMyTicketsQueryVariables>;
export const ConsoleAssignDocument = new TypedDocumentString(`
    mutation ConsoleAssign($input: AssignTicketInput!) {
  assignTicket(input: $input) {
    ticket {
      id
      version
    }
    userErrors {
      ...ConsoleUserError
    }
  }
}
    fragment ConsoleUserError on UserError {
  code
  message
  field
}`) as unknown as TypedDocumentString<ConsoleAssignMutation, ConsoleAssignMutationVariables>;
export const ConsoleChangeStatusDocument = new TypedDocumentString(`
    mutation ConsoleChangeStatus($input: ChangeTicketStatusInput!) {
  changeTicketStatus(input: $input) {
    ticket {
      id
      version
    }
    userErrors {
      ...ConsoleUserError
    }
  }
}
    fragment ConsoleUserError on UserError {
  code
  message
  field
}`) as unknown as TypedDocumentString<ConsoleChangeStatusMutation, ConsoleChangeStatusMutationVariables>;
export const ConsoleResolveDocument = new TypedDocumentString(`
    mutation ConsoleResolve($input: ResolveTicketInput!) {
  resolveTicket(input: $input) {
    ticket {
      id
      version
    }
    userErrors {
      ...ConsoleUserError
    }
  }
}
    fragment ConsoleUserError on UserError {
  code
  message
  field
}`) as unknown as TypedDocumentString<ConsoleResolveMutation, ConsoleResolveMutationVariables>;
export const ConsoleReserveDocument = new TypedDocumentString(`
    mutation ConsoleReserve($input: ReservePartInput!) {
  reservePart(input: $input) {
    reservation {
      id
    }
    userErrors {
      ...ConsoleUserError
    }
  }
}
    fragment ConsoleUserError on UserError {
  code
  message
  field
}`) as unknown as TypedDocumentString<ConsoleReserveMutation, ConsoleReserveMutationVariables>;
export const ConsoleCreateTicketDocument = new TypedDocumentString(`
    mutation ConsoleCreateTicket($input: CreateTicketInput!) {
  createTicket(input: $input) {
    ticket {
      id
      number
    }
    userErrors {
      ...ConsoleUserError
    }
  }
}
    fragment ConsoleUserError on UserError {
  code
  message
  field
}`) as unknown as TypedDocumentString<ConsoleCreateTicketMutation, ConsoleCreateTicketMutationVariables>;
export const ConsoleRateDocument = new TypedDocumentString(`
    mutation ConsoleRate($input: RateTicketInput!) {
  rateTicket(input: $input) {
    ticket {
      id
      version
      satisfaction {
        score
      }
    }
    userErrors {
      ...ConsoleUserError
    }
  }
}
    fragment ConsoleUserError on UserError {
  code
  message
  field
}`) as unknown as TypedDocumentString<ConsoleRateMutation, ConsoleRateMutationVariables>;
export const TicketsPageDocument = new TypedDocumentString(`
    query TicketsPage($first: Int, $after: String, $filter: TicketFilter, $orderBy: TicketOrder, $interactions: Int = 3) {
  tickets(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        ...TicketRow
        interactions(first: $interactions) {
          totalCount
          nodes {
            id
            channel
            direction
            summary
            occurredAt
            agent {
              id
              name
            }
          }
        }
      }
    }
  }
}
    fragment TicketRow on Ticket {
  id
  number
  subject
  kind
  status
  priority
  channel
  createdAt
  version
  customer {
    id
    name
    tier
  }
  assignee {
    id
    name
    team
  }
  serviceLevel {
    id
    name
  }
  sla {
    state
    firstResponseDueAt
    resolutionDueAt
    breached
    minutesToBreach
  }
}`) as unknown as TypedDocumentString<TicketsPageQuery, TicketsPageQueryVariables>;
export const OpenComplaintsDocument = new TypedDocumentString(`
    query OpenComplaints($first: Int = 50) {
  tickets(
    first: $first
    filter: {kind: [COMPLAINT], status: [NEW, OPEN, PENDING, ON_HOLD]}
    orderBy: {field: CREATED_AT, direction: ASC}
  ) {
    totalCount
    nodes {
      ...TicketRow
    }
  }
  eventCursor
}
    fragment TicketRow on Ticket {
  id
  number
  subject
  kind
  status
  priority
  channel
  createdAt
  version
  customer {
    id
    name
    tier
  }
  assignee {
    id
    name
    team
  }
  serviceLevel {
    id
    name
  }
  sla {
    state
    firstResponseDueAt
    resolutionDueAt
    breached
    minutesToBreach
  }
}`) as unknown as TypedDocumentString<OpenComplaintsQuery, OpenComplaintsQueryVariables>;
export const AgentLoadDocument = new TypedDocumentString(`
    query AgentLoad($first: Int = 100) {
  agents(first: $first) {
    nodes {
      id
      name
      email
      role
      team
      active
      openTicketCount
    }
  }
}
    `) as unknown as TypedDocumentString<AgentLoadQuery, AgentLoadQueryVariables>;
export const CustomersDocument = new TypedDocumentString(`
    query Customers($first: Int, $after: String, $filter: CustomerFilter, $orderBy: CustomerOrder) {
  customers(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      name
      email
      tier
      organization
      openTicketCount
      satisfactionScore
      version
      serviceLevel {
        id
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CustomersQuery, CustomersQueryVariables>;
export const InteractionsDocument = new TypedDocumentString(`
    query Interactions($first: Int, $after: String, $filter: InteractionFilter, $orderBy: InteractionOrder) {
  interactions(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      channel
      direction
      reason
      summary
      occurredAt
      durationSeconds
      customer {
        id
      }
      ticket {
        id
        number
      }
      agent {
        id
      }
    }
  }
}
    `) as unknown as TypedDocumentString<InteractionsQuery, InteractionsQueryVariables>;
export const ServiceLevelsDocument = new TypedDocumentString(`
    query ServiceLevels {
  serviceLevels {
    id
    name
    description
    isDefault
    pauseOn
    ruleOrder
    matchTiers
    matchKinds
    matchPriorities
    version
    targets {
      priority
      firstResponseMinutes
      resolutionMinutes
    }
    businessHours {
      timeZone
      holidays
      days {
        weekday
        opens
        closes
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ServiceLevelsQuery, ServiceLevelsQueryVariables>;
export const ComplaintUpdatesDocument = new TypedDocumentString(`
    subscription ComplaintUpdates($after: String) {
  complaintUpdates(after: $after) {
    cursor
    type
    occurredAt
    ticket {
      id
      number
      subject
      status
      priority
    }
  }
}
    `) as unknown as TypedDocumentString<ComplaintUpdatesSubscription, ComplaintUpdatesSubscriptionVariables>;
export const TicketEventsDocument = new TypedDocumentString(`
    subscription TicketEvents($filter: TicketFilter, $after: String) {
  ticketEvents(filter: $filter, after: $after) {
    cursor
    type
    occurredAt
    ticket {
      id
      number
      status
      kind
      priority
      customer {
        id
      }
      assignee {
        id
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TicketEventsSubscription, TicketEventsSubscriptionVariables>;
export const PartsDocument = new TypedDocumentString(`
    query Parts($first: Int, $after: String, $filter: PartFilter, $orderBy: PartOrder) {
  parts(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      ...PartFields
    }
  }
}
    fragment PartFields on Part {
  id
  sku
  name
  description
  unitCost
  leadTimeDays
  onHand
  available
  createdAt
}`) as unknown as TypedDocumentString<PartsQuery, PartsQueryVariables>;
export const PartDetailDocument = new TypedDocumentString(`
    query PartDetail($id: ID, $sku: String) {
  part(id: $id, sku: $sku) {
    ...PartFields
    stockLevels {
      ...StockLevelFields
    }
  }
}
    fragment PartFields on Part {
  id
  sku
  name
  description
  unitCost
  leadTimeDays
  onHand
  available
  createdAt
}
fragment StockLevelFields on StockLevel {
  id
  onHand
  reserved
  available
  reorderPoint
  reorderQuantity
  status
  version
  updatedAt
  part {
    id
    sku
    name
  }
  location {
    id
    code
    name
    kind
  }
}`) as unknown as TypedDocumentString<PartDetailQuery, PartDetailQueryVariables>;
export const StockLocationsDocument = new TypedDocumentString(`
    query StockLocations($kind: [LocationKind!]) {
  stockLocations(kind: $kind) {
    id
    code
    name
    kind
    createdAt
  }
}
    `) as unknown as TypedDocumentString<StockLocationsQuery, StockLocationsQueryVariables>;
export const LocationStockDocument = new TypedDocumentString(`
    query LocationStock($id: ID!, $first: Int, $after: String, $filter: StockLevelFilter) {
  node(id: $id) {
    ... on StockLocation {
      id
      code
      name
      kind
      stockLevels(first: $first, after: $after, filter: $filter) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...StockLevelFields
        }
      }
    }
  }
}
    fragment StockLevelFields on StockLevel {
  id
  onHand
  reserved
  available
  reorderPoint
  reorderQuantity
  status
  version
  updatedAt
  part {
    id
    sku
    name
  }
  location {
    id
    code
    name
    kind
  }
}`) as unknown as TypedDocumentString<LocationStockQuery, LocationStockQueryVariables>;
export const StockLevelsDocument = new TypedDocumentString(`
    query StockLevels($first: Int, $after: String, $filter: StockLevelFilter, $orderBy: StockLevelOrder) {
  stockLevels(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      ...StockLevelFields
    }
  }
}
    fragment StockLevelFields on StockLevel {
  id
  onHand
  reserved
  available
  reorderPoint
  reorderQuantity
  status
  version
  updatedAt
  part {
    id
    sku
    name
  }
  location {
    id
    code
    name
    kind
  }
}`) as unknown as TypedDocumentString<StockLevelsQuery, StockLevelsQueryVariables>;
export const ReorderListDocument = new TypedDocumentString(`
    query ReorderList($first: Int = 100) {
  stockLevels(
    first: $first
    filter: {status: [LOW, OUT_OF_STOCK]}
    orderBy: {field: AVAILABLE, direction: ASC}
  ) {
    totalCount
    nodes {
      ...StockLevelFields
      part {
        id
        sku
        name
        unitCost
        leadTimeDays
      }
    }
  }
  eventCursor
}
    fragment StockLevelFields on StockLevel {
  id
  onHand
  reserved
  available
  reorderPoint
  reorderQuantity
  status
  version
  updatedAt
  part {
    id
    sku
    name
  }
  location {
    id
    code
    name
    kind
  }
}`) as unknown as TypedDocumentString<ReorderListQuery, ReorderListQueryVariables>;
export const StockMovementsDocument = new TypedDocumentString(`
    query StockMovements($first: Int, $after: String, $filter: StockMovementFilter) {
  stockMovements(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      ...StockMovementFields
    }
  }
}
    fragment StockMovementFields on StockMovement {
  id
  kind
  quantity
  onHandAfter
  reservedAfter
  reference
  note
  actor
  createdAt
  part {
    id
    sku
  }
  location {
    id
    code
  }
  ticket {
    id
    number
  }
  reservation {
    id
    status
  }
}`) as unknown as TypedDocumentString<StockMovementsQuery, StockMovementsQueryVariables>;
export const StockLevelLedgerDocument = new TypedDocumentString(`
    query StockLevelLedger($id: ID!, $first: Int = 100, $after: String) {
  node(id: $id) {
    ... on StockLevel {
      ...StockLevelFields
      movements(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
          kind
          quantity
          onHandAfter
          reservedAfter
        }
      }
    }
  }
}
    fragment StockLevelFields on StockLevel {
  id
  onHand
  reserved
  available
  reorderPoint
  reorderQuantity
  status
  version
  updatedAt
  part {
    id
    sku
    name
  }
  location {
    id
    code
    name
    kind
  }
}`) as unknown as TypedDocumentString<StockLevelLedgerQuery, StockLevelLedgerQueryVariables>;
export const TicketReservationsDocument = new TypedDocumentString(`
    query TicketReservations($id: ID, $number: Int, $status: [ReservationStatus!]) {
  ticket(id: $id, number: $number) {
    id
    number
    status
    reservations(status: $status) {
      ...PartReservationFields
    }
  }
}
    fragment PartReservationFields on PartReservation {
  id
  quantity
  status
  createdAt
  settledAt
  ticket {
    id
    number
    status
  }
  part {
    id
    sku
    name
  }
  location {
    id
    code
  }
}`) as unknown as TypedDocumentString<TicketReservationsQuery, TicketReservationsQueryVariables>;
export const StockNodeDocument = new TypedDocumentString(`
    query StockNode($id: ID!) {
  node(id: $id) {
    __typename
    id
    ... on Part {
      sku
    }
    ... on StockLocation {
      code
    }
    ... on StockLevel {
      onHand
      reserved
    }
    ... on StockMovement {
      kind
      quantity
    }
    ... on PartReservation {
      quantity
      status
    }
  }
}
    `) as unknown as TypedDocumentString<StockNodeQuery, StockNodeQueryVariables>;
export const CreatePartDocument = new TypedDocumentString(`
    mutation CreatePart($input: CreatePartInput!) {
  createPart(input: $input) {
    part {
      ...PartFields
    }
    userErrors {
      ...StockUserErrors
    }
  }
}
    fragment StockUserErrors on UserError {
  code
  message
  field
}
fragment PartFields on Part {
  id
  sku
  name
  description
  unitCost
  leadTimeDays
  onHand
  available
  createdAt
}`) as unknown as TypedDocumentString<CreatePartMutation, CreatePartMutationVariables>;
export const CreateStockLocationDocument = new TypedDocumentString(`
    mutation CreateStockLocation($input: CreateStockLocationInput!) {
  createStockLocation(input: $input) {
    stockLocation {
      id
      code
      name
      kind
    }
    userErrors {
      ...StockUserErrors
    }
  }
}
    fragment StockUserErrors on UserError {
  code
  message
  field
}`) as unknown as TypedDocumentString<CreateStockLocationMutation, CreateStockLocationMutationVariables>;
export const SetReorderPolicyDocument = new TypedDocumentString(`
    mutation SetReorderPolicy($input: SetReorderPolicyInput!) {
  setReorderPolicy(input: $input) {
    stockLevel {
      ...StockLevelFields
    }
    userErrors {
      ...StockUserErrors
    }
  }
}
    fragment StockUserErrors on UserError {
  code
  message
  field
}
fragment StockLevelFields on StockLevel {
  id
  onHand
  reserved
  available
  reorderPoint
  reorderQuantity
  status
  version
  updatedAt
  part {
    id
    sku
    name
  }
  location {
    id
    code
    name
    kind
  }
}`) as unknown as TypedDocumentString<SetReorderPolicyMutation, SetReorderPolicyMutationVariables>;
export const ReceiveStockDocument = new TypedDocumentString(`
    mutation ReceiveStock($input: ReceiveStockInput!) {
  receiveStock(input: $input) {
    stockLevel {
      ...StockLevelFields
    }
    movement {
      ...StockMovementFields
    }
    userErrors {
      ...StockUserErrors
    }
  }
}
    fragment StockUserErrors on UserError {
  code
  message
  field
}
fragment StockLevelFields on StockLevel {
  id
  onHand
  reserved
  available
  reorderPoint
  reorderQuantity
  status
  version
  updatedAt
  part {
    id
    sku
    name
  }
  location {
    id
    code
    name
    kind
  }
}
fragment StockMovementFields on StockMovement {
  id
  kind
  quantity
  onHandAfter
  reservedAfter
  reference
  note
  actor
  createdAt
  part {
    id
    sku
  }
  location {
    id
    code
  }
  ticket {
    id
    number
  }
  reservation {
    id
    status
  }
}`) as unknown as TypedDocumentString<ReceiveStockMutation, ReceiveStockMutationVariables>;
export const ReturnPartDocument = new TypedDocumentString(`
    mutation ReturnPart($input: ReturnPartInput!) {
  returnPart(input: $input) {
    stockLevel {
      ...StockLevelFields
    }
    movement {
      ...StockMovementFields
    }
    userErrors {
      ...StockUserErrors
    }
  }
}
    fragment StockUserErrors on UserError {
  code
  message
  field
}
fragment StockLevelFields on StockLevel {
  id
  onHand
  reserved
  available
  reorderPoint
  reorderQuantity
  status
  version
  updatedAt
  part {
    id
    sku
    name
  }
  location {
    id
    code
    name
    kind
  }
}
fragment StockMovementFields on StockMovement {
  id
  kind
  quantity
  onHandAfter
  reservedAfter
  reference
  note
  actor
  createdAt
  part {
    id
    sku
  }
  location {
    id
    code
  }
  ticket {
    id
    number
  }
  reservation {
    id
    status
  }
}`) as unknown as TypedDocumentString<ReturnPartMutation, ReturnPartMutationVariables>;
export const AdjustStockDocument = new TypedDocumentString(`
    mutation AdjustStock($input: AdjustStockInput!) {
  adjustStock(input: $input) {
    stockLevel {
      ...StockLevelFields
    }
    movement {
      ...StockMovementFields
    }
    userErrors {
      ...StockUserErrors
    }
  }
}
    fragment StockUserErrors on UserError {
  code
  message
  field
}
fragment StockLevelFields on StockLevel {
  id
  onHand
  reserved
  available
  reorderPoint
  reorderQuantity
  status
  version
  updatedAt
  part {
    id
    sku
    name
  }
  location {
    id
    code
    name
    kind
  }
}
fragment StockMovementFields on StockMovement {
  id
  kind
  quantity
  onHandAfter
  reservedAfter
  reference
  note
  actor
  createdAt
  part {
    id
    sku
  }
  location {
    id
    code
  }
  ticket {
    id
    number
  }
  reservation {
    id
    status
  }
}`) as unknown as TypedDocumentString<AdjustStockMutation, AdjustStockMutationVariables>;
export const TransferStockDocument = new TypedDocumentString(`
    mutation TransferStock($input: TransferStockInput!) {
  transferStock(input: $input) {
    from {
      ...StockLevelFields
    }
    to {
      ...StockLevelFields
    }
    movements {
      ...StockMovementFields
    }
    userErrors {
      ...StockUserErrors
    }
  }
}
    fragment StockUserErrors on UserError {
  code
  message
  field
}
fragment StockLevelFields on StockLevel {
  id
  onHand
  reserved
  available
  reorderPoint
  reorderQuantity
  status
  version
  updatedAt
  part {
    id
    sku
    name
  }
  location {
    id
    code
    name
    kind
  }
}
fragment StockMovementFields on StockMovement {
  id
  kind
  quantity
  onHandAfter
  reservedAfter
  reference
  note
  actor
  createdAt
  part {
    id
    sku
  }
  location {
    id
    code
  }
  ticket {
    id
    number
  }
  reservation {
    id
    status
  }
}`) as unknown as TypedDocumentString<TransferStockMutation, TransferStockMutationVariables>;
export const ReservePartDocument = new TypedDocumentString(`
    mutation ReservePart($input: ReservePartInput!) {
  reservePart(input: $input) {
    reservation {
      ...PartReservationFields
    }
    stockLevel {
      ...StockLevelFields
    }
    userErrors {
      ...StockUserErrors
    }
  }
}
    fragment StockUserErrors on UserError {
  code
  message
  field
}
fragment StockLevelFields on StockLevel {
  id
  onHand
  reserved
  available
  reorderPoint
  reorderQuantity
  status
  version
  updatedAt
  part {
    id
    sku
    name
  }
  location {
    id
    code
    name
    kind
  }
}
fragment PartReservationFields on PartReservation {
  id
  quantity
  status
  createdAt
  settledAt
  ticket {
    id
    number
    status
  }
  part {
    id
    sku
    name
  }
  location {
    id
    code
  }
}`) as unknown as TypedDocumentString<ReservePartMutation, ReservePartMutationVariables>;
export const ReleaseReservationDocument = new TypedDocumentString(`
    mutation ReleaseReservation($input: ReservationInput!) {
  releaseReservation(input: $input) {
    reservation {
      ...PartReservationFields
    }
    stockLevel {
      ...StockLevelFields
    }
    userErrors {
      ...StockUserErrors
    }
  }
}
    fragment StockUserErrors on UserError {
  code
  message
  field
}
fragment StockLevelFields on StockLevel {
  id
  onHand
  reserved
  available
  reorderPoint
  reorderQuantity
  status
  version
  updatedAt
  part {
    id
    sku
    name
  }
  location {
    id
    code
    name
    kind
  }
}
fragment PartReservationFields on PartReservation {
  id
  quantity
  status
  createdAt
  settledAt
  ticket {
    id
    number
    status
  }
  part {
    id
    sku
    name
  }
  location {
    id
    code
  }
}`) as unknown as TypedDocumentString<ReleaseReservationMutation, ReleaseReservationMutationVariables>;
export const ConsumeReservationDocument = new TypedDocumentString(`
    mutation ConsumeReservation($input: ReservationInput!) {
  consumeReservation(input: $input) {
    reservation {
      ...PartReservationFields
    }
    stockLevel {
      ...StockLevelFields
    }
    userErrors {
      ...StockUserErrors
    }
  }
}
    fragment StockUserErrors on UserError {
  code
  message
  field
}
fragment StockLevelFields on StockLevel {
  id
  onHand
  reserved
  available
  reorderPoint
  reorderQuantity
  status
  version
  updatedAt
  part {
    id
    sku
    name
  }
  location {
    id
    code
    name
    kind
  }
}
fragment PartReservationFields on PartReservation {
  id
  quantity
  status
  createdAt
  settledAt
  ticket {
    id
    number
    status
  }
  part {
    id
    sku
    name
  }
  location {
    id
    code
  }
}`) as unknown as TypedDocumentString<ConsumeReservationMutation, ConsumeReservationMutationVariables>;
export const StockLevelChangedDocument = new TypedDocumentString(`
    subscription StockLevelChanged($partId: ID, $locationId: ID, $after: String) {
  stockLevelChanged(partId: $partId, locationId: $locationId, after: $after) {
    cursor
    type
    status
    available
    occurredAt
    stockLevel {
      id
      onHand
      reserved
      available
      status
      version
      part {
        id
        sku
      }
      location {
        id
        code
      }
    }
    movement {
      id
      kind
      quantity
      onHandAfter
      reservedAfter
    }
  }
}
    `) as unknown as TypedDocumentString<StockLevelChangedSubscription, StockLevelChangedSubscriptionVariables>;
export const StockAlertsDocument = new TypedDocumentString(`
    subscription StockAlerts($after: String, $partId: ID, $locationId: ID, $status: [StockStatus!]) {
  stockAlerts(
    after: $after
    partId: $partId
    locationId: $locationId
    status: $status
  ) {
    cursor
    status
    previousStatus
    available
    occurredAt
    stockLevel {
      id
      onHand
      reserved
      available
      reorderPoint
      status
      part {
        id
        sku
      }
      location {
        id
        code
      }
    }
  }
}
    `) as unknown as TypedDocumentString<StockAlertsSubscription, StockAlertsSubscriptionVariables>;
export const SearchKnowledgeDocument = new TypedDocumentString(`
    query SearchKnowledge($first: Int, $after: String, $query: String, $filter: KnowledgeArticleFilter) {
  knowledgeArticles(first: $first, after: $after, query: $query, filter: $filter) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        ...KnowledgeArticleFields
        rank
        highlight
      }
    }
  }
}
    fragment KnowledgeArticleFields on KnowledgeArticle {
  id
  title
  body
  tags
  published
  helpfulCount
  language
  version
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SearchKnowledgeQuery, SearchKnowledgeQueryVariables>;
export const KnowledgeArticleDocument = new TypedDocumentString(`
    query KnowledgeArticle($id: ID!) {
  knowledgeArticle(id: $id) {
    ...KnowledgeArticleFields
  }
}
    fragment KnowledgeArticleFields on KnowledgeArticle {
  id
  title
  body
  tags
  published
  helpfulCount
  language
  version
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<KnowledgeArticleQuery, KnowledgeArticleQueryVariables>;
export const KnowledgeArticleNodeDocument = new TypedDocumentString(`
    query KnowledgeArticleNode($id: ID!) {
  node(id: $id) {
    id
    ... on KnowledgeArticle {
      title
      published
    }
  }
}
    `) as unknown as TypedDocumentString<KnowledgeArticleNodeQuery, KnowledgeArticleNodeQueryVariables>;
export const SuggestedArticlesDocument = new TypedDocumentString(`
    query SuggestedArticles($ticketId: ID!, $first: Int) {
  suggestedArticles(ticketId: $ticketId, first: $first) {
    id
    title
    tags
    rank
    highlight
    helpfulCount
  }
}
    `) as unknown as TypedDocumentString<SuggestedArticlesQuery, SuggestedArticlesQueryVariables>;
export const CreateKnowledgeArticleDocument = new TypedDocumentString(`
    mutation CreateKnowledgeArticle($input: CreateKnowledgeArticleInput!) {
  createKnowledgeArticle(input: $input) {
    article {
      ...KnowledgeArticleFields
    }
    userErrors {
      ...KnowledgeUserErrors
    }
  }
}
    fragment KnowledgeArticleFields on KnowledgeArticle {
  id
  title
  body
  tags
  published
  helpfulCount
  language
  version
  createdAt
  updatedAt
}
fragment KnowledgeUserErrors on UserError {
  code
  message
  field
}`) as unknown as TypedDocumentString<CreateKnowledgeArticleMutation, CreateKnowledgeArticleMutationVariables>;
export const UpdateKnowledgeArticleDocument = new TypedDocumentString(`
    mutation UpdateKnowledgeArticle($input: UpdateKnowledgeArticleInput!) {
  updateKnowledgeArticle(input: $input) {
    article {
      ...KnowledgeArticleFields
    }
    userErrors {
      ...KnowledgeUserErrors
    }
  }
}
    fragment KnowledgeArticleFields on KnowledgeArticle {
  id
  title
  body
  tags
  published
  helpfulCount
  language
  version
  createdAt
  updatedAt
}
fragment KnowledgeUserErrors on UserError {
  code
  message
  field
}`) as unknown as TypedDocumentString<UpdateKnowledgeArticleMutation, UpdateKnowledgeArticleMutationVariables>;
export const MarkArticleHelpfulDocument = new TypedDocumentString(`
    mutation MarkArticleHelpful($input: MarkArticleHelpfulInput!) {
  markArticleHelpful(input: $input) {
    article {
      id
      helpfulCount
      version
    }
    userErrors {
      ...KnowledgeUserErrors
    }
  }
}
    fragment KnowledgeUserErrors on UserError {
  code
  message
  field
}`) as unknown as TypedDocumentString<MarkArticleHelpfulMutation, MarkArticleHelpfulMutationVariables>;
export const ViewerDocument = new TypedDocumentString(`
    query Viewer {
  viewer {
    sub
    role
    agent {
      id
      name
    }
    customer {
      id
      name
      email
    }
  }
}
    `) as unknown as TypedDocumentString<ViewerQuery, ViewerQueryVariables>;
export const MyTicketsDocument = new TypedDocumentString(`
    query MyTickets($first: Int = 20, $after: String) {
  viewer {
    customer {
      id
      openTicketCount
      tickets(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
          number
          subject
          status
          priority
          updatedAt
          version
        }
      }
    }
  }
  eventCursor
}
    `) as unknown as TypedDocumentString<MyTicketsQuery, MyTicketsQueryVariables>;
export const TicketDetailDocument = new TypedDocumentString(`
    query TicketDetail($id: ID, $number: Int) {
  ticket(id: $id, number: $number) {
    id
    number
    subject
    description
    kind
    status
    priority
    channel
    reason
    resolution
    rootCause
    createdAt
    updatedAt
    firstRespondedAt
    resolvedAt
    closedAt
    version
    customer {
      id
      name
    }
    assignee {
      id
      name
    }
    serviceLevel {
      id
      name
    }
    sla {
      state
      firstResponseDueAt
      resolutionDueAt
      breached
      minutesToBreach
    }
    satisfaction {
      score
      comment
      createdAt
    }
    interactions(first: 20) {
      totalCount
      nodes {
        id
        channel
        direction
        summary
        body
        occurredAt
      }
    }
    history(first: 50) {
      totalCount
      nodes {
        cursor
        type
        occurredAt
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TicketDetailQuery, TicketDetailQueryVariables>;
export const NodeDocument = new TypedDocumentString(`
    query Node($id: ID!) {
  node(id: $id) {
    __typename
    id
    ... on Ticket {
      number
      subject
    }
    ... on Customer {
      name
      email
    }
    ... on Agent {
      name
    }
    ... on Interaction {
      summary
    }
    ... on ServiceLevel {
      name
    }
  }
}
    `) as unknown as TypedDocumentString<NodeQuery, NodeQueryVariables>;
export const TicketUpdatedDocument = new TypedDocumentString(`
    subscription TicketUpdated($id: ID!, $after: String) {
  ticketUpdated(id: $id, after: $after) {
    cursor
    type
    occurredAt
    ticket {
      id
      number
      status
      priority
      version
      assignee {
        id
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TicketUpdatedSubscription, TicketUpdatedSubscriptionVariables>;
export const CreateAgentDocument = new TypedDocumentString(`
    mutation CreateAgent($input: CreateAgentInput!) {
  createAgent(input: $input) {
    agent {
      id
      name
      email
      role
      team
      active
    }
    userErrors {
      ...Errors
    }
  }
}
    fragment Errors on UserError {
  code
  message
  field
}`) as unknown as TypedDocumentString<CreateAgentMutation, CreateAgentMutationVariables>;
export const CreateCustomerDocument = new TypedDocumentString(`
    mutation CreateCustomer($input: CreateCustomerInput!) {
  createCustomer(input: $input) {
    customer {
      id
      name
      email
      phone
      tier
      organization
      preferredChannel
      language
      version
      serviceLevel {
        id
      }
    }
    userErrors {
      ...Errors
    }
  }
}
    fragment Errors on UserError {
  code
  message
  field
}`) as unknown as TypedDocumentString<CreateCustomerMutation, CreateCustomerMutationVariables>;
export const UpdateCustomerDocument = new TypedDocumentString(`
    mutation UpdateCustomer($input: UpdateCustomerInput!) {
  updateCustomer(input: $input) {
    customer {
      id
      name
      email
      phone
      tier
      organization
      preferredChannel
      language
      version
      serviceLevel {
        id
      }
    }
    userErrors {
      ...Errors
    }
  }
}
    fragment Errors on UserError {
  code
  message
  field
}`) as unknown as TypedDocumentString<UpdateCustomerMutation, UpdateCustomerMutationVariables>;
export const CreateServiceLevelDocument = new TypedDocumentString(`
    mutation CreateServiceLevel($input: CreateServiceLevelInput!) {
  createServiceLevel(input: $input) {
    serviceLevel {
      id
      name
      isDefault
      pauseOn
      version
      targets {
        priority
        firstResponseMinutes
        resolutionMinutes
      }
      businessHours {
        timeZone
        holidays
        days {
          weekday
          opens
          closes
        }
      }
    }
    userErrors {
      ...Errors
    }
  }
}
    fragment Errors on UserError {
  code
  message
  field
}`) as unknown as TypedDocumentString<CreateServiceLevelMutation, CreateServiceLevelMutationVariables>;
export const UpdateServiceLevelDocument = new TypedDocumentString(`
    mutation UpdateServiceLevel($input: UpdateServiceLevelInput!) {
  updateServiceLevel(input: $input) {
    serviceLevel {
      id
      name
      isDefault
      pauseOn
      version
      targets {
        priority
        firstResponseMinutes
        resolutionMinutes
      }
    }
    userErrors {
      ...Errors
    }
  }
}
    fragment Errors on UserError {
  code
  message
  field
}`) as unknown as TypedDocumentString<UpdateServiceLevelMutation, UpdateServiceLevelMutationVariables>;
export const CreateTicketDocument = new TypedDocumentString(`
    mutation CreateTicket($input: CreateTicketInput!) {
  createTicket(input: $input) {
    ticket {
      ...TicketFields
    }
    userErrors {
      ...Errors
    }
  }
}
    fragment Errors on UserError {
  code
  message
  field
}
fragment TicketFields on Ticket {
  id
  number
  subject
  description
  kind
  status
  priority
  channel
  reason
  resolution
  rootCause
  version
  createdAt
  updatedAt
  firstRespondedAt
  resolvedAt
  closedAt
  customer {
    id
  }
  assignee {
    id
  }
  serviceLevel {
    id
  }
  sla {
    state
    firstResponseDueAt
    resolutionDueAt
    breached
    minutesToBreach
  }
  satisfaction {
    score
    comment
  }
}`) as unknown as TypedDocumentString<CreateTicketMutation, CreateTicketMutationVariables>;
export const UpdateTicketDocument = new TypedDocumentString(`
    mutation UpdateTicket($input: UpdateTicketInput!) {
  updateTicket(input: $input) {
    ticket {
      ...TicketFields
    }
    userErrors {
      ...Errors
    }
  }
}
    fragment Errors on UserError {
  code
  message
  field
}
fragment TicketFields on Ticket {
  id
  number
  subject
  description
  kind
  status
  priority
  channel
  reason
  resolution
  rootCause
  version
  createdAt
  updatedAt
  firstRespondedAt
  resolvedAt
  closedAt
  customer {
    id
  }
  assignee {
    id
  }
  serviceLevel {
    id
  }
  sla {
    state
    firstResponseDueAt
    resolutionDueAt
    breached
    minutesToBreach
  }
  satisfaction {
    score
    comment
  }
}`) as unknown as TypedDocumentString<UpdateTicketMutation, UpdateTicketMutationVariables>;
export const AssignTicketDocument = new TypedDocumentString(`
    mutation AssignTicket($input: AssignTicketInput!) {
  assignTicket(input: $input) {
    ticket {
      ...TicketFields
    }
    userErrors {
      ...Errors
    }
  }
}
    fragment Errors on UserError {
  code
  message
  field
}
fragment TicketFields on Ticket {
  id
  number
  subject
  description
  kind
  status
  priority
  channel
  reason
  resolution
  rootCause
  version
  createdAt
  updatedAt
  firstRespondedAt
  resolvedAt
  closedAt
  customer {
    id
  }
  assignee {
    id
  }
  serviceLevel {
    id
  }
  sla {
    state
    firstResponseDueAt
    resolutionDueAt
    breached
    minutesToBreach
  }
  satisfaction {
    score
    comment
  }
}`) as unknown as TypedDocumentString<AssignTicketMutation, AssignTicketMutationVariables>;
export const ChangeTicketStatusDocument = new TypedDocumentString(`
    mutation ChangeTicketStatus($input: ChangeTicketStatusInput!) {
  changeTicketStatus(input: $input) {
    ticket {
      ...TicketFields
    }
    userErrors {
      ...Errors
    }
  }
}
    fragment Errors on UserError {
  code
  message
  field
}
fragment TicketFields on Ticket {
  id
  number
  subject
  description
  kind
  status
  priority
  channel
  reason
  resolution
  rootCause
  version
  createdAt
  updatedAt
  firstRespondedAt
  resolvedAt
  closedAt
  customer {
    id
  }
  assignee {
    id
  }
  serviceLevel {
    id
  }
  sla {
    state
    firstResponseDueAt
    resolutionDueAt
    breached
    minutesToBreach
  }
  satisfaction {
    score
    comment
  }
}`) as unknown as TypedDocumentString<ChangeTicketStatusMutation, ChangeTicketStatusMutationVariables>;
export const ResolveTicketDocument = new TypedDocumentString(`
    mutation ResolveTicket($input: ResolveTicketInput!) {
  resolveTicket(input: $input) {
    ticket {
      ...TicketFields
    }
    userErrors {
      ...Errors
    }
  }
}
    fragment Errors on UserError {
  code
  message
  field
}
fragment TicketFields on Ticket {
  id
  number
  subject
  description
  kind
  status
  priority
  channel
  reason
  resolution
  rootCause
  version
  createdAt
  updatedAt
  firstRespondedAt
  resolvedAt
  closedAt
  customer {
    id
  }
  assignee {
    id
  }
  serviceLevel {
    id
  }
  sla {
    state
    firstResponseDueAt
    resolutionDueAt
    breached
    minutesToBreach
  }
  satisfaction {
    score
    comment
  }
}`) as unknown as TypedDocumentString<ResolveTicketMutation, ResolveTicketMutationVariables>;
export const RateTicketDocument = new TypedDocumentString(`
    mutation RateTicket($input: RateTicketInput!) {
  rateTicket(input: $input) {
    ticket {
      ...TicketFields
    }
    userErrors {
      ...Errors
    }
  }
}
    fragment Errors on UserError {
  code
  message
  field
}
fragment TicketFields on Ticket {
  id
  number
  subject
  description
  kind
  status
  priority
  channel
  reason
  resolution
  rootCause
  version
  createdAt
  updatedAt
  firstRespondedAt
  resolvedAt
  closedAt
  customer {
    id
  }
  assignee {
    id
  }
  serviceLevel {
    id
  }
  sla {
    state
    firstResponseDueAt
    resolutionDueAt
    breached
    minutesToBreach
  }
  satisfaction {
    score
    comment
  }
}`) as unknown as TypedDocumentString<RateTicketMutation, RateTicketMutationVariables>;
export const LogInteractionDocument = new TypedDocumentString(`
    mutation LogInteraction($input: LogInteractionInput!) {
  logInteraction(input: $input) {
    interaction {
      id
      channel
      direction
      reason
      summary
      body
      occurredAt
      durationSeconds
      agent {
        id
      }
      customer {
        id
      }
      ticket {
        id
      }
    }
    ticket {
      ...TicketFields
    }
    userErrors {
      ...Errors
    }
  }
}
    fragment Errors on UserError {
  code
  message
  field
}
fragment TicketFields on Ticket {
  id
  number
  subject
  description
  kind
  status
  priority
  channel
  reason
  resolution
  rootCause
  version
  createdAt
  updatedAt
  firstRespondedAt
  resolvedAt
  closedAt
  customer {
    id
  }
  assignee {
    id
  }
  serviceLevel {
    id
  }
  sla {
    state
    firstResponseDueAt
    resolutionDueAt
    breached
    minutesToBreach
  }
  satisfaction {
    score
    comment
  }
}`) as unknown as TypedDocumentString<LogInteractionMutation, LogInteractionMutationVariables>;