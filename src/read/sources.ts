import { isObjectType } from 'graphql';
import { DEFAULT_PAGE, decodeCursor, MAX_PAGE, type ListPlan } from '../graphql/pagination';
import { agentListPlan } from '../modules/agents/agent.list';
import { customerListPlan } from '../modules/customers/customer.list';
import { interactionListPlan } from '../modules/interactions/interaction.list';
import { slaStateSql } from '../modules/sla/sla.service';
import { ticketListPlan } from '../modules/tickets/ticket.list';
import { decodeId, fromGlobalId, type NodeType } from '../graphql/ids';
import { relationSql, visibleSql, type RowKind } from '../policy/visibility';
import { Compiler, NotCompilable, NOW, type FieldCall, type FieldSql, type TypeSource } from './compile';
import { globalIdSql, isoSql } from './sql';
import type { CustomerFilter, CustomerOrder } from '../modules/customers/customer.inputs';
import type { InteractionFilter, InteractionOrder } from '../modules/interactions/interaction.inputs';
import type { TicketFilter, TicketOrder } from '../modules/tickets/ticket.inputs';

/**
 * What the compiled read path covers: for each object type, how each of its fields reads from
 * a row, mirroring its resolver exactly (visibility included). A field missing here keeps the
 * whole operation on the resolver path. Fields whose value needs TypeScript (business-hours
 * arithmetic such as `minutesToBreach`) are deliberately left out.
 */

const snake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/** Plain columns: the field name in snake case is the column. */
function columns(names: string[], instants: string[] = []): Record<string, FieldSql> {
  const out: Record<string, FieldSql> = {};
  for (const n of names) out[n] = Compiler.column(snake(n));
  for (const n of instants) out[n] = Compiler.column(snake(n), 'instant');
  return out;
}

const nodeId =
  (type: string): FieldSql =>
  (_c, alias) =>
    globalIdSql(type, `${alias}.id`);

/** A to-one relation: the row of `table` whose id is `alias.fk`, when the viewer may see it as a relation. */
function one(kind: RowKind, table: string, fk: string): FieldSql {
  return (c, alias, f) => {
    if (!f.target) return null;
    const a = c.alias(table[0]);
    const vis = relationSql(c.viewer, kind, a, (v) => c.params.add(v));
    return `(SELECT ${c.object(f.target, a, f.nodes)} FROM ${table} ${a} WHERE ${a}.id = ${alias}.${fk}${vis ? ` AND ${vis.sql}` : ''})`;
  };
}

/** `first` as the resolvers accept it; anything they would refuse (or 0) stays on their path. */
function pageArg(first: unknown): number {
  if (first === null || first === undefined) return DEFAULT_PAGE;
  if (typeof first !== 'number' || !Number.isInteger(first) || first < 1 || first > MAX_PAGE) throw new NotCompilable('first');
  return first;
}

function afterArg(after: unknown): [string, string] | null {
  if (after === null || after === undefined) return null;
  try {
    const [v, id] = decodeCursor(String(after), 2);
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new NotCompilable('after');
    return [v, id];
  } catch {
    throw new NotCompilable('after');
  }
}

/** A paged list field (root or nested) over a table, from its plan. */
function list(table: string, prefix: string, plan: (c: Compiler, a: string, f: FieldCall, parentAlias: string) => ListPlan, parentKey?: string): FieldSql {
  return (c, parentAlias, f) => {
    if (!f.target) return null;
    const first = pageArg(f.args.first);
    const after = afterArg(f.args.after);
    // nested lists take the resolver's batched path only without `after`; keep the rest there too
    if (parentKey && after) return null;
    const a = c.alias(prefix);
    const p = plan(c, a, f, parentAlias);
    if (parentKey) p.where.push({ sql: `${a}.${parentKey} = ${parentAlias}.id`, params: {} });
    return c.connection(f.target, f.nodes, table, a, p, first, after, null);
  };
}

const ticketList = (parentKey?: string) =>
  list('ticket', 't', (c, a, f) => ticketListPlan(c.viewer, f.args.filter as TicketFilter | null, f.args.orderBy as TicketOrder | null, NOW, a), parentKey);
const interactionList = (parentKey?: string) =>
  list(
    'interaction',
    'i',
    (c, a, f) => interactionListPlan(c.viewer, f.args.filter as InteractionFilter | null, f.args.orderBy as InteractionOrder | null, a),
    parentKey,
  );

/** `Ticket.interactions`: the ticket's newest interactions (no visibility beyond the ticket's), ISO cursors. */
const ticketInteractions: FieldSql = (c, alias, f) => {
  if (!f.target || f.args.after !== null && f.args.after !== undefined) return null;
  const first = pageArg(f.args.first);
  const a = c.alias('i');
  const plan: ListPlan = { where: [{ sql: `${a}.ticket_id = ${alias}.id`, params: {} }], sort: { expr: `${a}.occurred_at`, direction: 'DESC' as never } };
  const total = `(SELECT count(*) FROM interaction x WHERE x.ticket_id = ${alias}.id)::int`;
  return c.connection(f.target, f.nodes, 'interaction', a, plan, first, null, total, isoSql(`${a}.occurred_at`));
};

const openTickets =
  (column: string): FieldSql =>
  (_c, alias) =>
    `(SELECT count(*) FROM ticket x WHERE x.${column} = ${alias}.id AND x.status NOT IN ('RESOLVED','CLOSED'))::int`;

/** TicketSla fields read the ticket row they belong to. */
const sla: Record<string, FieldSql> = {
  state: (c, alias) => slaStateSql(alias, c.now()),
  breached: (c, alias) => `(${slaStateSql(alias, c.now())} = 'BREACHED')`,
  ...columns([], ['firstResponseDueAt', 'resolutionDueAt']),
};

/** `ticket(id | number)`: exactly one of them (else the resolver's error), then the row if visible. */
const ticketLookup: FieldSql = (c, _alias, f) => {
  const { id, number } = f.args as { id?: string | null; number?: number | null };
  if ((id == null) === (number == null) || !f.target) return null;
  const a = c.alias('t');
  let key: string;
  if (id != null) {
    const uuid = decodeId(id, 'Ticket');
    if (!uuid) return 'NULL::json';
    key = `${a}.id = CAST(${c.params.add(uuid)} AS uuid)`;
  } else {
    if (!Number.isInteger(number) || number! < 1 || number! > 2147483647) return 'NULL::json';
    key = `${a}.number = CAST(${c.params.add(number)} AS int)`;
  }
  const vis = visibleSql(c.viewer, 'Ticket', a, (v) => c.params.add(v));
  return `(SELECT ${c.object(f.target, a, f.nodes)} FROM ticket ${a} WHERE ${key}${vis ? ` AND ${vis.sql}` : ''})`;
};

/** `customer(id)`: the row if visible. */
const customerLookup: FieldSql = (c, _alias, f) => {
  if (!f.target) return null;
  const uuid = decodeId(String(f.args.id), 'Customer');
  if (!uuid) return 'NULL::json';
  const a = c.alias('c');
  const vis = visibleSql(c.viewer, 'Customer', a, (v) => c.params.add(v));
  return `(SELECT ${c.object(f.target, a, f.nodes)} FROM customer ${a} WHERE ${a}.id = CAST(${c.params.add(uuid)} AS uuid)${vis ? ` AND ${vis.sql}` : ''})`;
};

/** The node types the compiler reads, and their tables; `node(id)` of any other type stays on the resolver. */
const NODE_TABLES: ReadonlyMap<NodeType, string> = new Map<NodeType, string>([
  ['Ticket', 'ticket'],
  ['Customer', 'customer'],
  ['Agent', 'agent'],
  ['Interaction', 'interaction'],
]);

/**
 * `node(id)`, as its resolver answers it: null for an id that names nothing, else the row of the
 * id's type when the viewer may see it on its own (the visibility policy's row rule, as SQL),
 * with the selection that applies to that type (`... on Ticket`, fields of `Node`).
 */
const nodeLookup: FieldSql = (c, _alias, f) => {
  const g = fromGlobalId(f.args.id);
  if (!g) return 'NULL::json';
  const table = NODE_TABLES.get(g.type);
  const type = c.env.schema.getType(g.type);
  if (!table || !isObjectType(type)) return null;
  const a = c.alias(table[0]);
  const vis = visibleSql(c.viewer, g.type as RowKind, a, (v) => c.params.add(v));
  return `(SELECT ${c.object(type, a, f.nodes)} FROM ${table} ${a} WHERE ${a}.id = CAST(${c.params.add(g.id)} AS uuid)${vis ? ` AND ${vis.sql}` : ''})`;
};

/** `viewer`: who is asking, from the token; its agent and customer rows. */
const viewerFields: Record<string, FieldSql> = {
  sub: (c) => `CAST(${c.params.add(c.viewer.sub)} AS text)`,
  role: (c) => `CAST(${c.params.add(c.viewer.role)} AS text)`,
  agent: (c, _a, f) => {
    if (!f.target) return null;
    if (!c.viewer.agentId) return 'NULL::json';
    const a = c.alias('a');
    return `(SELECT ${c.object(f.target, a, f.nodes)} FROM agent ${a} WHERE ${a}.id = CAST(${c.params.add(c.viewer.agentId)} AS uuid))`;
  },
  customer: (c, _a, f) => {
    if (!f.target) return null;
    if (!c.viewer.customerId) return 'NULL::json';
    const a = c.alias('c');
    return `(SELECT ${c.object(f.target, a, f.nodes)} FROM customer ${a} WHERE ${a}.id = CAST(${c.params.add(c.viewer.customerId)} AS uuid))`;
  },
};

export const READ_SOURCES: Record<string, TypeSource> = {
  Viewer: { fields: viewerFields },
  Query: {
    fields: {
      viewer: (c, _a, f) => (f.target ? c.object(f.target, '', f.nodes) : null),
      ticket: ticketLookup,
      customer: customerLookup,
      node: nodeLookup,
      agents: list('agent', 'a', (_c, a) => agentListPlan(a)),
      tickets: ticketList(),
      interactions: interactionList(),
      customers: list('customer', 'c', (c, a, f) => customerListPlan(c.viewer, f.args.filter as CustomerFilter | null, f.args.orderBy as CustomerOrder | null, a)),
    },
  },
  Ticket: {
    fields: {
      id: nodeId('Ticket'),
      ...columns(
        ['number', 'subject', 'description', 'kind', 'status', 'priority', 'channel', 'reason', 'resolution', 'rootCause', 'version'],
        ['createdAt', 'updatedAt', 'firstRespondedAt', 'resolvedAt', 'closedAt'],
      ),
      customer: one('Customer', 'customer', 'customer_id'),
      assignee: one('Agent', 'agent', 'assignee_id'),
      sla: (c, alias, f) => (f.target ? c.object(f.target, alias, f.nodes) : null),
      interactions: ticketInteractions,
    },
  },
  TicketSla: { fields: sla },
  Customer: {
    fields: {
      id: nodeId('Customer'),
      ...columns(['name', 'email', 'phone', 'tier', 'organization', 'preferredChannel', 'language', 'version'], ['createdAt']),
      openTicketCount: openTickets('customer_id'),
      tickets: ticketList('customer_id'),
      interactions: interactionList('customer_id'),
    },
  },
  Agent: {
    fields: {
      id: nodeId('Agent'),
      ...columns(['name', 'email', 'role', 'team', 'active']),
      openTicketCount: openTickets('assignee_id'),
    },
  },
  Interaction: {
    fields: {
      id: nodeId('Interaction'),
      ...columns(['channel', 'direction', 'reason', 'summary', 'body', 'durationSeconds'], ['occurredAt']),
      customer: one('Customer', 'customer', 'customer_id'),
      ticket: one('Ticket', 'ticket', 'ticket_id'),
      agent: one('Agent', 'agent', 'agent_id'),
    },
  },
};
