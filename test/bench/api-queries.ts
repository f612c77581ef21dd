// The three questions of the API bench (issue 12), each asked three ways: the hub's GraphQL,
// PostGraphile's GraphQL over the same tables, and one SQL statement that builds the hub's
// response JSON itself (the floor). `normalise` maps each server's answer to one comparable
// shape (uuids, numbers, ms timestamps), so the bench can check all three return the same rows.
import * as sla from '../../src/modules/sla/sla.service';

/** `resolvers`: the hub with COMPILED_READS=false, every field through its resolver (the path before issue 12) */
export type ServerKind = 'hub' | 'resolvers' | 'postgraphile' | 'raw';
export type QueryName = 'dashboard' | 'mobile' | 'analyst' | 'planner' | 'ticket' | 'node';
export const QUERY_NAMES: QueryName[] = ['dashboard', 'mobile', 'analyst', 'planner', 'ticket', 'node'];
/** single lookups: measured against the hub's resolver path too ("no slower than today") */
export const LOOKUPS: QueryName[] = ['ticket', 'node'];

/** What varies per run: the customer of the mobile query, the analyst's window start, the clock of SLA states. */
export interface QueryParams {
  customerId: string;
  analystFrom: string;
  /** a ticket of that customer, with interactions (the lookups) */
  ticketId: string;
  /** PostGraphile's node id of that ticket (asked of PostGraphile once it runs; '' before) */
  pgTicketNodeId: string;
}

export interface QueryDef {
  title: string;
  /** the token the hub gets: an ANALYST for dashboard/analyst, the customer for mobile and the lookups */
  role: 'ANALYST' | 'CUSTOMER';
  hub: (p: QueryParams) => { query: string; variables: Record<string, unknown> };
  postgraphile: (p: QueryParams) => { query: string; variables: Record<string, unknown> };
  /** SQL and its parameters; the single row's single column is the response body */
  raw: (p: QueryParams) => { sql: string; params: unknown[] };
  /** [rows, nested rows] in a server-independent form */
  normalise: (kind: ServerKind, body: any) => unknown;
  /** what PostGraphile's answer lacks or has in another form */
  notes: string[];
}

// ------------------------------------------------------------------------------ SQL helpers

/** the hub's global id: base64url("<Type>:<uuid>") without padding (short enough that encode() adds no newline) */
const gid = (type: string, col: string) => `translate(encode(convert_to('${type}:' || ${col}::text, 'UTF8'), 'base64'), '+/=', '-_')`;
/** Date#toISOString() of a timestamptz */
const iso = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** PostGraphile 5 (amber) names the `id` column `rowId`; its `id` is the Relay node id */
const pgRowId = (selection: string) => selection.replace(/\bid\b/, 'rowId');
/** the row's uuid: `rowId` in PostGraphile, `id` (a global id in the hub and the floor) elsewhere */
const rowId = (kind: ServerKind, o: any) => uuidOf(kind === 'postgraphile' ? o.rowId : o.id);

/**
 * The SLA state as SQL: the hub's own rendering (sla.service's slaStateSql) when it has one, else
 * this copy of the rule (the floor then still answers; only the JSON-equality note may differ).
 */
function slaStateSql(a: string, now: string): string {
  const own = (sla as { slaStateSql?: (a: string, now: string) => string }).slaStateSql;
  if (typeof own === 'function') return own(a, now);
  const ref = `COALESCE(${a}.resolved_at, CASE WHEN ${a}.status = 'CLOSED' THEN ${a}.closed_at END, ${a}.sla_paused_at, ${now})`;
  return `(CASE
    WHEN ${a}.service_level_id IS NULL OR (${a}.first_response_due_at IS NULL AND ${a}.resolution_due_at IS NULL) THEN 'NONE'
    WHEN (${a}.first_response_due_at IS NOT NULL AND COALESCE(${a}.first_responded_at, ${ref}) > ${a}.first_response_due_at)
      OR (${a}.resolution_due_at IS NOT NULL AND ${ref} > ${a}.resolution_due_at) THEN 'BREACHED'
    WHEN ${a}.status IN ('RESOLVED','CLOSED') THEN 'MET'
    WHEN ${a}.sla_paused_at IS NOT NULL THEN 'PAUSED'
    WHEN ${a}.sla_risk_at IS NOT NULL AND ${now} >= ${a}.sla_risk_at THEN 'AT_RISK'
    ELSE 'ON_TRACK' END)`;
}

// ------------------------------------------------------------------------------ normalising

const ms = (v: unknown): number | null => (v === null || v === undefined ? null : Date.parse(String(v)));

/** uuid of a hub global id (base64url "<Type>:<uuid>"); PostGraphile and the raw-SQL floor give the uuid or the same id */
export function uuidOf(id: unknown): string {
  const s = String(id);
  if (/^[0-9a-f-]{36}$/i.test(s)) return s.toLowerCase();
  const raw = Buffer.from(s, 'base64url').toString('utf8');
  const i = raw.indexOf(':');
  return (i >= 0 ? raw.slice(i + 1) : raw).toLowerCase();
}

function dig(body: any, path: string[]): any {
  let v = body;
  for (const k of path) {
    if (v === null || v === undefined) throw new Error(`no "${path.join('.')}" in the response: ${JSON.stringify(body).slice(0, 400)}`);
    v = v[k];
  }
  return v;
}

// ------------------------------------------------------------------------------ a. dashboard

const dashboard: QueryDef = {
  title: 'dashboard: 50 newest tickets with customer, assignee, SLA and last 5 interactions (ANALYST token)',
  role: 'ANALYST',
  hub: () => ({
    query: `query Dashboard {
  tickets(first: 50) {
    nodes {
      id number subject status priority
      customer { name tier }
      assignee { name }
      sla { state resolutionDueAt }
      interactions(first: 5) { nodes { id channel occurredAt } }
    }
  }
}`,
    variables: {},
  }),
  postgraphile: () => ({
    query: `query Dashboard {
  allTickets(first: 50, orderBy: [CREATED_AT_DESC, ROW_ID_DESC]) {
    nodes {
      rowId number subject status priority
      customerByCustomerId { name tier }
      agentByAssigneeId { name }
      serviceLevelId firstResponseDueAt firstRespondedAt resolutionDueAt resolvedAt closedAt slaPausedAt slaRiskAt
      interactionsByTicketId(first: 5, orderBy: [OCCURRED_AT_DESC, ROW_ID_DESC]) { nodes { rowId channel occurredAt } }
    }
  }
}`,
    variables: {},
  }),
  raw: () => ({
    sql: `SELECT json_build_object('data', json_build_object('tickets', json_build_object('nodes', coalesce(json_agg(json_build_object(
        'id', ${gid('Ticket', 't.id')}, 'number', t.number, 'subject', t.subject, 'status', t.status, 'priority', t.priority,
        'customer', json_build_object('name', c.name, 'tier', c.tier),
        'assignee', CASE WHEN a.id IS NULL THEN NULL ELSE json_build_object('name', a.name) END,
        'sla', json_build_object('state', ${slaStateSql('t', 'now()')}, 'resolutionDueAt', ${iso('t.resolution_due_at')}),
        'interactions', json_build_object('nodes', coalesce((
          SELECT json_agg(json_build_object('id', ${gid('Interaction', 'i.id')}, 'channel', i.channel, 'occurredAt', ${iso('i.occurred_at')})
                          ORDER BY i.occurred_at DESC, i.id DESC)
            FROM (SELECT x.id, x.channel, x.occurred_at FROM interaction x WHERE x.ticket_id = t.id
                   ORDER BY x.occurred_at DESC, x.id DESC LIMIT 5) i), '[]'::json))
      ) ORDER BY t.created_at DESC, t.id DESC), '[]'::json))))::text AS body
  FROM (SELECT id, number, subject, status, priority, customer_id, assignee_id, service_level_id, created_at,
               first_response_due_at, first_responded_at, resolution_due_at, resolved_at, closed_at, sla_paused_at, sla_risk_at
          FROM ticket ORDER BY created_at DESC, id DESC LIMIT 50) t
  JOIN customer c ON c.id = t.customer_id
  LEFT JOIN agent a ON a.id = t.assignee_id`,
    params: [],
  }),
  normalise: (kind, body) => {
    const rows = kind === 'postgraphile' ? dig(body, ['data', 'allTickets', 'nodes']) : dig(body, ['data', 'tickets', 'nodes']);
    return rows.map((t: any) => ({
      id: rowId(kind, t),
      number: t.number,
      subject: t.subject,
      status: t.status,
      priority: t.priority,
      customer: kind === 'postgraphile' ? t.customerByCustomerId : t.customer,
      assignee: (kind === 'postgraphile' ? t.agentByAssigneeId : t.assignee)?.name ?? null,
      resolutionDueAt: ms(kind === 'postgraphile' ? t.resolutionDueAt : t.sla.resolutionDueAt),
      interactions: (kind === 'postgraphile' ? t.interactionsByTicketId : t.interactions).nodes.map((i: any) => ({
        id: rowId(kind, i),
        channel: i.channel,
        occurredAt: ms(i.occurredAt),
      })),
    }));
  },
  notes: [
    'PostGraphile has no `sla { state }`: it selects the stored columns the state is computed from',
    '(service level, due/responded/resolved/closed/paused/risk times) and leaves the rule to the client.',
  ],
};

// ------------------------------------------------------------------------------ b. mobile "my tickets"

const MOBILE_TICKET = 'id number subject status priority updatedAt';
const MOBILE_INTERACTION = 'id channel direction summary occurredAt';

const mobile: QueryDef = {
  title: 'mobile "my tickets": a customer\'s 20 newest tickets with their last 5 interactions (CUSTOMER token)',
  role: 'CUSTOMER',
  hub: () => ({
    query: `query MyTickets {
  viewer {
    customer {
      tickets(first: 20) {
        nodes {
          ${MOBILE_TICKET}
          interactions(first: 5) { nodes { ${MOBILE_INTERACTION} } }
        }
      }
    }
  }
}`,
    variables: {},
  }),
  postgraphile: (p) => ({
    query: `query MyTickets($customerId: UUID!) {
  allTickets(first: 20, condition: { customerId: $customerId }, orderBy: [CREATED_AT_DESC, ROW_ID_DESC]) {
    nodes {
      ${pgRowId(MOBILE_TICKET)}
      interactionsByTicketId(first: 5, orderBy: [OCCURRED_AT_DESC, ROW_ID_DESC]) { nodes { ${pgRowId(MOBILE_INTERACTION)} } }
    }
  }
}`,
    variables: { customerId: p.customerId },
  }),
  raw: (p) => ({
    sql: `SELECT json_build_object('data', json_build_object('viewer', json_build_object('customer', json_build_object('tickets', json_build_object('nodes',
      coalesce(json_agg(json_build_object(
        'id', ${gid('Ticket', 't.id')}, 'number', t.number, 'subject', t.subject, 'status', t.status, 'priority', t.priority,
        'updatedAt', ${iso('t.updated_at')},
        'interactions', json_build_object('nodes', coalesce((
          SELECT json_agg(json_build_object('id', ${gid('Interaction', 'i.id')}, 'channel', i.channel, 'direction', i.direction,
                                            'summary', i.summary, 'occurredAt', ${iso('i.occurred_at')}) ORDER BY i.occurred_at DESC, i.id DESC)
            FROM (SELECT x.id, x.channel, x.direction, x.summary, x.occurred_at FROM interaction x WHERE x.ticket_id = t.id
                   ORDER BY x.occurred_at DESC, x.id DESC LIMIT 5) i), '[]'::json))
      ) ORDER BY t.created_at DESC, t.id DESC), '[]'::json))))))::text AS body
  FROM (SELECT id, number, subject, status, priority, updated_at, created_at FROM ticket
         WHERE customer_id = $1::uuid ORDER BY created_at DESC, id DESC LIMIT 20) t`,
    params: [p.customerId],
  }),
  normalise: (kind, body) => {
    const rows = kind === 'postgraphile' ? dig(body, ['data', 'allTickets', 'nodes']) : dig(body, ['data', 'viewer', 'customer', 'tickets', 'nodes']);
    return rows.map((t: any) => ({
      id: rowId(kind, t),
      number: t.number,
      subject: t.subject,
      status: t.status,
      priority: t.priority,
      updatedAt: ms(t.updatedAt),
      interactions: (kind === 'postgraphile' ? t.interactionsByTicketId : t.interactions).nodes.map((i: any) => ({
        id: rowId(kind, i),
        channel: i.channel,
        direction: i.direction,
        summary: i.summary,
        occurredAt: ms(i.occurredAt),
      })),
    }));
  },
  notes: [
    'The hub scopes by the CUSTOMER token (viewer.customer.tickets, JWT verified per request);',
    'PostGraphile and the raw SQL get the customer id as a variable (condition: { customerId }), no auth.',
  ],
};

// ------------------------------------------------------------------------------ c. analyst filter

const ANALYST_INTERACTION = 'id channel direction occurredAt durationSeconds';

const analyst: QueryDef = {
  title: 'analyst: 50 newest interactions matching an and/or/not filter, with ticket and customer (ANALYST token)',
  role: 'ANALYST',
  hub: (p) => ({
    query: `query AnalystContacts($from: DateTime!) {
  interactions(first: 50, filter: {
    occurredFrom: $from
    or: [{ channel: [PHONE, CHAT], direction: [INBOUND] }, { and: [{ direction: [OUTBOUND] }, { hasTicket: true }] }]
    not: { channel: [CHAT], direction: [OUTBOUND] }
  }) {
    nodes {
      ${ANALYST_INTERACTION}
      ticket { id number status priority }
      customer { id name tier }
    }
  }
}`,
    variables: { from: p.analystFrom },
  }),
  postgraphile: (p) => ({
    query: `query AnalystContacts($from: Datetime!) {
  allInteractions(first: 50, orderBy: [OCCURRED_AT_DESC, ROW_ID_DESC], filter: {
    occurredAt: { greaterThanOrEqualTo: $from }
    or: [{ channel: { in: ["PHONE", "CHAT"] }, direction: { equalTo: "INBOUND" } }, { and: [{ direction: { equalTo: "OUTBOUND" } }, { ticketId: { isNull: false } }] }]
    not: { channel: { equalTo: "CHAT" }, direction: { equalTo: "OUTBOUND" } }
  }) {
    nodes {
      ${pgRowId(ANALYST_INTERACTION)}
      ticketByTicketId { rowId number status priority }
      customerByCustomerId { rowId name tier }
    }
  }
}`,
    variables: { from: p.analystFrom },
  }),
  raw: (p) => ({
    sql: `SELECT json_build_object('data', json_build_object('interactions', json_build_object('nodes', coalesce(json_agg(json_build_object(
        'id', ${gid('Interaction', 'i.id')}, 'channel', i.channel, 'direction', i.direction, 'occurredAt', ${iso('i.occurred_at')},
        'durationSeconds', i.duration_seconds,
        'ticket', CASE WHEN t.id IS NULL THEN NULL
                       ELSE json_build_object('id', ${gid('Ticket', 't.id')}, 'number', t.number, 'status', t.status, 'priority', t.priority) END,
        'customer', json_build_object('id', ${gid('Customer', 'c.id')}, 'name', c.name, 'tier', c.tier)
      ) ORDER BY i.occurred_at DESC, i.id DESC), '[]'::json))))::text AS body
  FROM (SELECT x.id, x.channel, x.direction, x.occurred_at, x.duration_seconds, x.ticket_id, x.customer_id FROM interaction x
         WHERE x.occurred_at >= $1::timestamptz
           AND ((x.channel IN ('PHONE', 'CHAT') AND x.direction = 'INBOUND') OR (x.direction = 'OUTBOUND' AND x.ticket_id IS NOT NULL))
           AND NOT (x.channel = 'CHAT' AND x.direction = 'OUTBOUND')
         ORDER BY x.occurred_at DESC, x.id DESC LIMIT 50) i
  LEFT JOIN ticket t ON t.id = i.ticket_id
  JOIN customer c ON c.id = i.customer_id`,
    params: [p.analystFrom],
  }),
  normalise: (kind, body) => {
    const rows = kind === 'postgraphile' ? dig(body, ['data', 'allInteractions', 'nodes']) : dig(body, ['data', 'interactions', 'nodes']);
    return rows.map((i: any) => {
      const t = kind === 'postgraphile' ? i.ticketByTicketId : i.ticket;
      const c = kind === 'postgraphile' ? i.customerByCustomerId : i.customer;
      return {
        id: rowId(kind, i),
        channel: i.channel,
        direction: i.direction,
        occurredAt: ms(i.occurredAt),
        durationSeconds: i.durationSeconds,
        ticket: t ? { id: rowId(kind, t), number: t.number, status: t.status, priority: t.priority } : null,
        customer: { id: rowId(kind, c), name: c.name, tier: c.tier },
      };
    });
  },
  notes: [
    'PostGraphile filters with postgraphile-plugin-connection-filter: occurredAt >=, or/and/not of channel/direction',
    'equality and ticketId isNull. Channel/direction are varchar columns, so they are strings there, enums in the hub;',
    'the hub\'s `not` is NOT COALESCE(…, FALSE), connection-filter\'s NOT (…): the same here (non-null columns).',
  ],
};

/** Inserts `extra` as one more root field of a one-operation document. */
const withRoot = (query: string, extra: string) => query.replace(/\}\s*$/, `  ${extra}\n}`);

/**
 * d. the dashboard plus a root field the compiler does not cover (`serviceLevels`): the hub
 * cannot compile the operation whole, so its planner fetches `tickets` in one statement and
 * `serviceLevels` resolves as before (the issue's "a query the compiler does not cover").
 */
const planner: QueryDef = {
  title: 'dashboard + serviceLevels (not compiled whole: the planner path) (ANALYST token)',
  role: 'ANALYST',
  hub: (p) => {
    const d = dashboard.hub(p);
    return { query: withRoot(d.query, 'serviceLevels { name }'), variables: d.variables };
  },
  postgraphile: (p) => {
    const d = dashboard.postgraphile(p);
    return { query: withRoot(d.query, 'allServiceLevels { nodes { name } }'), variables: d.variables };
  },
  raw: (p) => {
    const d = dashboard.raw(p);
    return {
      sql: d.sql.replace(
        "json_build_object('data', json_build_object(",
        "json_build_object('data', json_build_object('serviceLevels', (SELECT json_agg(json_build_object('name', s.name)) FROM service_level s), ",
      ),
      params: d.params,
    };
  },
  normalise: (kind, body) => dashboard.normalise(kind, body),
  notes: ['The same rows as the dashboard plus the service levels; the hub answers it through the planner (2 statements).'],
};

// ------------------------------------------------------------------------------ e. single lookups

const LOOKUP_TICKET = 'id number subject status priority updatedAt';
const LOOKUP_INTERACTION = 'id channel direction summary occurredAt';
/** the hub's global id of a ticket */
const ticketGid = (uuid: string) => Buffer.from(`Ticket:${uuid}`, 'utf8').toString('base64url');

/** The raw floor of a lookup: one ticket of the customer as `data.<root>`, the rest as the hub shapes it. */
const lookupSql = (root: string) => `SELECT json_build_object('data', json_build_object('${root}', (
    SELECT json_build_object(${root === 'node' ? `'__typename', 'Ticket', ` : ''}
      'id', ${gid('Ticket', 't.id')}, 'number', t.number, 'subject', t.subject, 'status', t.status, 'priority', t.priority,
      'updatedAt', ${iso('t.updated_at')},
      'sla', json_build_object('state', ${slaStateSql('t', 'now()')}, 'resolutionDueAt', ${iso('t.resolution_due_at')}),
      'assignee', (SELECT json_build_object('name', a.name) FROM agent a WHERE a.id = t.assignee_id),
      'interactions', json_build_object('nodes', coalesce((
        SELECT json_agg(json_build_object('id', ${gid('Interaction', 'i.id')}, 'channel', i.channel, 'direction', i.direction,
                                          'summary', i.summary, 'occurredAt', ${iso('i.occurred_at')}) ORDER BY i.occurred_at DESC, i.id DESC)
          FROM (SELECT x.id, x.channel, x.direction, x.summary, x.occurred_at FROM interaction x WHERE x.ticket_id = t.id
                 ORDER BY x.occurred_at DESC, x.id DESC LIMIT 5) i), '[]'::json)))
      FROM ticket t WHERE t.id = $1::uuid AND t.customer_id = $2::uuid)))::text AS body`;

const lookupFields = `${LOOKUP_TICKET}
    sla { state resolutionDueAt }
    assignee { name }
    interactions(first: 5) { nodes { ${LOOKUP_INTERACTION} } }`;
const pgLookupFields = `${pgRowId(LOOKUP_TICKET)}
    serviceLevelId firstResponseDueAt firstRespondedAt resolutionDueAt resolvedAt closedAt slaPausedAt slaRiskAt
    agentByAssigneeId { name }
    interactionsByTicketId(first: 5, orderBy: [OCCURRED_AT_DESC, ROW_ID_DESC]) { nodes { ${pgRowId(LOOKUP_INTERACTION)} } }`;

function normaliseLookup(kind: ServerKind, t: any): unknown[] {
  if (!t) return [];
  return [
    {
      id: rowId(kind, t),
      number: t.number,
      subject: t.subject,
      status: t.status,
      priority: t.priority,
      updatedAt: ms(t.updatedAt),
      resolutionDueAt: ms(kind === 'postgraphile' ? t.resolutionDueAt : t.sla.resolutionDueAt),
      assignee: (kind === 'postgraphile' ? t.agentByAssigneeId : t.assignee)?.name ?? null,
      interactions: (kind === 'postgraphile' ? t.interactionsByTicketId : t.interactions).nodes.map((i: any) => ({
        id: rowId(kind, i),
        channel: i.channel,
        direction: i.direction,
        summary: i.summary,
        occurredAt: ms(i.occurredAt),
      })),
    },
  ];
}

const LOOKUP_NOTES = [
  'The hub checks the CUSTOMER token and that the ticket is the customer\'s; PostGraphile gets no token, the floor',
  'the customer id as a parameter. "hub (resolvers)" is the same hub with COMPILED_READS=false: the path every',
  'field took before the compiler and the planner (issue 12: single lookups no slower than that).',
];

/** e. a mobile app's ticket detail by id: `ticket(id)` (the compiler answers it) */
const ticket: QueryDef = {
  title: 'lookup ticket(id): one ticket with SLA, assignee and last 5 interactions (CUSTOMER token)',
  role: 'CUSTOMER',
  hub: (p) => ({
    query: `query TicketDetail($id: ID!) {
  ticket(id: $id) {
    ${lookupFields}
  }
}`,
    variables: { id: ticketGid(p.ticketId) },
  }),
  postgraphile: (p) => ({
    query: `query TicketDetail($id: UUID!) {
  ticketByRowId(rowId: $id) {
    ${pgLookupFields}
  }
}`,
    variables: { id: p.ticketId },
  }),
  raw: (p) => ({ sql: lookupSql('ticket'), params: [p.ticketId, p.customerId] }),
  normalise: (kind, body) => normaliseLookup(kind, dig(body, ['data', kind === 'postgraphile' ? 'ticketByRowId' : 'ticket'])),
  notes: LOOKUP_NOTES,
};

/** The Relay `node(id)` of a ticket, with its fields. */
const nodeQuery = (fields: string) => `query NodeDetail($id: ID!) {
  node(id: $id) {
    __typename
    ... on Ticket {
      ${fields}
    }
  }
}`;

/** f. the same by the Relay `node(id)` (compiled like ticket(id) for the types the compiler reads) */
const node: QueryDef = {
  title: 'lookup node(id): the same ticket through the Relay node field (CUSTOMER token)',
  role: 'CUSTOMER',
  hub: (p) => ({ query: nodeQuery(lookupFields), variables: { id: ticketGid(p.ticketId) } }),
  postgraphile: (p) => ({ query: nodeQuery(pgLookupFields), variables: { id: p.pgTicketNodeId } }),
  raw: (p) => ({ sql: lookupSql('node'), params: [p.ticketId, p.customerId] }),
  normalise: (kind, body) => {
    const t = dig(body, ['data', 'node']);
    if (t && t.__typename !== 'Ticket') throw new Error(`node(id) answered a ${t.__typename}`);
    return normaliseLookup(kind, t);
  },
  notes: LOOKUP_NOTES,
};

export const QUERIES: Record<QueryName, QueryDef> = { dashboard, mobile, analyst, planner, ticket, node };
