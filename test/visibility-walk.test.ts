import fs from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  getNamedType,
  isAbstractType,
  isLeafType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
} from 'graphql';
import { Role as PolicyRole } from '../src/modules/common/enums';
import { canSee, isRowKind, positional, relationSql, visibleRelation, visibleSql, type RowKind } from '../src/policy/visibility';
import type { Viewer } from '../src/auth/viewer';
import { basics, ticket, type Basics } from './support/fixtures';
import { collect, position, Role, startTestHub, type TestHub } from './support/harness';

/**
 * Issue 11 item 1: walks every nested path of the schema as a CUSTOMER and finds no row of
 * another customer, and no staff-only row (stock, drafts), anywhere in what it gets back:
 * lists, root fields by id, `node`, nested fields, counts, subscriptions and their replays.
 * Queries are generated from schema/schema.graphql, so a new field is walked without a change here.
 */
const schema = buildSchema(fs.readFileSync(path.join(__dirname, '..', 'schema', 'schema.graphql'), 'utf8'));
/** object levels below a root field (connections do not count: they are walked through `nodes`) */
const DEPTH = 4;
const PAGE = 3;

interface Side {
  customerId: string;
  token: string;
  tickets: { id: string; number: number }[];
  interactions: string[];
  reservations: string[];
  /** cursors of the events of the customer's tickets: `<epoch>:<seq>` in streams, `<seq>` in Ticket.history */
  eventCursors: string[];
  historyCursors: string[];
}

let t: TestHub;
let b: Basics;
let mine: Side;
let theirs: Side;
/** staff-only rows: parts, locations, levels, movements, and a draft article */
let staffIds: string[] = [];
let published: string;
let draft: string;
let startCursor: string;

async function ok<T = any>(token: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const r = await t.gql(token, query, variables);
  expect(r.errors).toBeUndefined();
  const payload = Object.values(r.data as object)[0] as { userErrors?: unknown[] };
  if (payload && typeof payload === 'object' && 'userErrors' in payload) expect(payload.userErrors).toEqual([]);
  return r.data as T;
}

async function side(i: number, part: string, location: string): Promise<Side> {
  const customerId = b.customerIds[i];
  const token = b.customerTokens[i];
  const staff = await ticket(t, b.agentToken, customerId, { subject: `Staff-opened ${i}` });
  const own = await ticket(t, token, null, { subject: `Self-opened ${i}`, kind: 'COMPLAINT' });
  await ok(b.agentToken, `mutation($i: AssignTicketInput!) { assignTicket(input: $i) { userErrors { code } } }`, { i: { ticketId: staff.id, agentId: b.agentIds[0] } });
  await ok(b.agentToken, `mutation($i: ChangeTicketStatusInput!) { changeTicketStatus(input: $i) { userErrors { code } } }`, { i: { ticketId: own.id, status: 'OPEN' } });
  await ok(b.agentToken, `mutation($i: ResolveTicketInput!) { resolveTicket(input: $i) { userErrors { code } } }`, {
    i: { ticketId: own.id, resolution: 'Explained', rootCause: 'NO_FAULT' },
  });
  await ok(token, `mutation($i: RateTicketInput!) { rateTicket(input: $i) { userErrors { code } } }`, { i: { ticketId: own.id, score: 4 } });
  const log = `mutation($i: LogInteractionInput!) { logInteraction(input: $i) { interaction { id } ticket { id number } userErrors { code } } }`;
  const a = await ok(b.agentToken, log, { i: { customerId, ticketId: staff.id, channel: 'PHONE', direction: 'OUTBOUND', summary: 'Called back' } });
  const c = await ok(token, log, { i: { customerId, channel: 'CHAT', direction: 'INBOUND', summary: 'A question', openTicket: { subject: `Chat ${i}`, kind: 'QUESTION', priority: 'LOW' } } });
  const d = await ok(token, log, { i: { customerId, channel: 'EMAIL', direction: 'INBOUND', summary: 'No ticket' } });
  const r = await ok(b.agentToken, `mutation($i: ReservePartInput!) { reservePart(input: $i) { reservation { id } userErrors { code } } }`, {
    i: { ticketId: staff.id, partId: part, locationId: location, quantity: 1 },
  });
  return {
    customerId,
    token,
    tickets: [staff, own, c.logInteraction.ticket].map((x) => ({ id: x.id, number: x.number })),
    interactions: [a, c, d].map((x) => x.logInteraction.interaction.id),
    reservations: [r.reservePart.reservation.id],
    eventCursors: [],
    historyCursors: [],
  };
}

beforeAll(async () => {
  t = await startTestHub();
  b = await basics(t);
  const admin = b.admin;
  startCursor = (await ok(admin, '{ eventCursor }')).eventCursor;
  const p = await ok(admin, `mutation($i: CreatePartInput!) { createPart(input: $i) { part { id } userErrors { code } } }`, { i: { sku: 'PUMP-1', name: 'Drain pump', unitCost: '12.50' } });
  const l = await ok(admin, `mutation($i: CreateStockLocationInput!) { createStockLocation(input: $i) { stockLocation { id } userErrors { code } } }`, {
    i: { code: 'WH1', name: 'Warehouse', kind: 'WAREHOUSE' },
  });
  const part = p.createPart.part.id;
  const location = l.createStockLocation.stockLocation.id;
  const rcv = await ok(admin, `mutation($i: ReceiveStockInput!) { receiveStock(input: $i) { stockLevel { id } movement { id } userErrors { code } } }`, {
    i: { partId: part, locationId: location, quantity: 10 },
  });
  const article = `mutation($i: CreateKnowledgeArticleInput!) { createKnowledgeArticle(input: $i) { article { id } userErrors { code } } }`;
  published = (await ok(b.agentToken, article, { i: { title: 'Dishwasher leaks', body: 'Check the drain pump of the dishwasher.', published: true } })).createKnowledgeArticle.article.id;
  draft = (await ok(b.agentToken, article, { i: { title: 'Dishwasher leaks (draft)', body: 'Internal: drain pump recall.', published: false } })).createKnowledgeArticle.article.id;
  mine = await side(0, part, location);
  theirs = await side(1, part, location);
  const moves = await ok(admin, '{ stockMovements(first: 100) { nodes { id } } }');
  staffIds = [part, location, rcv.receiveStock.stockLevel.id, ...moves.stockMovements.nodes.map((n: { id: string }) => n.id), draft];
  const epoch = startCursor.split(':')[0];
  for (const s of [mine, theirs]) {
    const rows: { seq: string }[] = await t.hub.app.db.query(`SELECT seq FROM event_log WHERE customer_id = $1 ORDER BY seq`, [uuidOf(s.customerId)]);
    s.eventCursors = rows.map((r) => `${epoch}:${r.seq}`);
    s.historyCursors = rows.map((r) => String(r.seq));
  }
});
afterAll(async () => {
  await t?.stop();
});

function uuidOf(gid: string): string {
  return Buffer.from(gid, 'base64url').toString('utf8').split(':')[1];
}

/** Everything the CUSTOMER (mine) must never receive: the other customer's rows and staff-only rows, its own reservations included. */
const forbidden = () =>
  new Set([
    theirs.customerId,
    ...theirs.tickets.map((x) => x.id),
    ...theirs.interactions,
    ...theirs.eventCursors,
    ...theirs.historyCursors,
    ...theirs.reservations,
    ...mine.reservations,
    ...staffIds,
  ]);

/** Every string in a response. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => strings(v, out));
  return out;
}

// ---------------------------------------------------------------------------
// Selections generated from the schema
// ---------------------------------------------------------------------------

/** A selection tree: a field with its arguments, and what is selected below it. */
interface Sel {
  text: string;
  children: Sel[];
}

const isConnection = (t: GraphQLNamedType) => t.name.endsWith('Connection') && isObjectType(t) && 'nodes' in t.getFields();

function fieldCall(f: GraphQLField<unknown, unknown>): string | null {
  if (f.args.some(required)) return null; // nothing nested needs one today
  return f.args.some((a) => a.name === 'first') ? `${f.name}(first: ${PAGE})` : f.name;
}

/** What to select of an object type: ids, cursors and counts, and the objects below it to `depth` levels. */
function selectionOf(type: GraphQLObjectType, depth: number): Sel[] {
  const out: Sel[] = [];
  for (const f of Object.values(type.getFields())) {
    const named = getNamedType(f.type);
    if (isLeafType(named)) {
      if (named.name === 'ID' || f.name === 'cursor') out.push({ text: f.name, children: [] });
      continue;
    }
    if (depth === 0) continue;
    const call = fieldCall(f);
    if (!call || !isObjectType(named)) continue;
    if (isConnection(named)) {
      const nodes = selectionOf(getNamedType(named.getFields().nodes.type) as GraphQLObjectType, depth - 1);
      out.push({ text: call, children: [{ text: 'totalCount', children: [] }, { text: 'nodes', children: nodes }] });
      continue;
    }
    const children = selectionOf(named, depth - 1);
    if (children.length) out.push({ text: call, children });
  }
  return out;
}

const print = (s: Sel): string => (s.children.length ? `${s.text} { ${s.children.map(print).join(' ')} }` : s.text);

/**
 * The queries that together select the whole tree under `path` (outermost first): one query if
 * the hub accepts it, else (QUERY_TOO_COMPLEX) one for the leaves and one per child subtree, recursively.
 */
async function walk(token: string, root: string, tree: Sel[], responses: unknown[], path: string[] = []): Promise<number> {
  const wrap = (inner: string) => path.reduceRight((acc, p) => `${p} { ${acc} }`, inner);
  let query = `{ ${root} { ${wrap(tree.map(print).join(' '))} } }`;
  let r = await t.gql(token, query);
  const tooComplex = () => (r.errors ?? []).some((e) => e.extensions?.code === 'QUERY_TOO_COMPLEX');
  if (tooComplex() && !tree.some((c) => c.children.length)) {
    // one path whose unpaged lists (bounded, not paged) multiply past the cost limit: pages of one
    query = query.replaceAll(`first: ${PAGE}`, 'first: 1');
    r = await t.gql(token, query);
  }
  if (tooComplex() && tree.some((c) => c.children.length)) {
    let n = 0;
    const leaves = tree.filter((c) => !c.children.length);
    if (leaves.length) n += await walk(token, root, leaves, responses, path);
    for (const c of tree.filter((x) => x.children.length)) n += await walk(token, root, c.children, responses, [...path, c.text]);
    return n;
  }
  expect([query, r.errors ?? []]).toEqual([query, []]);
  responses.push(r.data);
  return 1;
}

const queryFields = Object.values(schema.getQueryType()!.getFields());
const required = (a: GraphQLArgument) => isNonNullType(a.type) && a.defaultValue === undefined;

/** Root fields a CUSTOMER may call: those not FORBIDDEN for it (asked with a harmless id). */
async function customerRoots(): Promise<{ allowed: GraphQLField<unknown, unknown>[]; refused: string[] }> {
  const allowed: GraphQLField<unknown, unknown>[] = [];
  const refused: string[] = [];
  for (const f of queryFields) {
    const args = f.args.filter(required).map((a) => `${a.name}: ${JSON.stringify(getNamedType(a.type).name === 'ID' ? mine.tickets[0].id : 'x')}`);
    if (f.name === 'ticket') args.push(`id: ${JSON.stringify(mine.tickets[0].id)}`);
    const named = getNamedType(f.type);
    const r = await t.gql(mine.token, `{ ${f.name}${args.length ? `(${args.join(', ')})` : ''} ${isLeafType(named) ? '' : '{ __typename }'} }`);
    if ((r.errors ?? []).some((e) => e.extensions?.code === 'FORBIDDEN')) refused.push(f.name);
    else allowed.push(f);
  }
  return { allowed, refused };
}

function selectionFor(f: GraphQLField<unknown, unknown>, idType?: string): Sel[] {
  const named = getNamedType(f.type);
  if (isAbstractType(named)) {
    // node(id): the fragment of the id's own type
    const possible = schema.getPossibleTypes(named).filter((x) => !idType || x.name === idType);
    return possible.map((x) => ({ text: `... on ${x.name}`, children: selectionOf(x, DEPTH - 1) }));
  }
  if (isConnection(named)) {
    return [{ text: 'totalCount', children: [] }, { text: 'nodes', children: selectionOf(getNamedType((named as GraphQLObjectType).getFields().nodes.type) as GraphQLObjectType, DEPTH - 1) }];
  }
  return isObjectType(named) ? selectionOf(named, DEPTH - 1) : [];
}

const typeOf = (gid: string) => Buffer.from(gid, 'base64url').toString('utf8').split(':')[0];
const isGlobalId = (s: string) => /^[A-Za-z]+:[0-9a-f-]{36}$/.test(Buffer.from(s, 'base64url').toString('utf8'));

test('every nested path a CUSTOMER can reach holds only its own rows; staff data is FORBIDDEN or absent', async () => {
  const { allowed, refused } = await customerRoots();
  // staff data: refused as a whole (role level, @Authorized)
  expect(refused).toEqual(expect.arrayContaining(['agents', 'serviceLevels', 'parts', 'part', 'stockLocations', 'stockLevels', 'stockMovements', 'ticketStats', 'interactionStats', 'inventoryStats', 'partInsights']));
  expect(allowed.map((f) => f.name)).toEqual(expect.arrayContaining(['node', 'viewer', 'customer', 'customers', 'ticket', 'tickets', 'interactions', 'knowledgeArticles']));

  const ownIds = [mine.customerId, ...mine.tickets.map((x) => x.id), ...mine.interactions, published];
  const responses: unknown[] = [];
  let queries = 0;
  for (const f of allowed) {
    const named = getNamedType(f.type);
    const idArgs = f.args.filter((a) => getNamedType(a.type).name === 'ID' && (required(a) || f.name === 'ticket'));
    const rest = f.args.filter((a) => required(a) && !idArgs.includes(a));
    if (rest.length) throw new Error(`${f.name}: a required argument the walk cannot fill: ${rest.map((a) => a.name)}`);
    const first = f.args.some((a) => a.name === 'first') ? `first: ${PAGE}` : '';
    if (isLeafType(named)) continue; // eventCursor
    if (!idArgs.length) {
      queries += await walk(mine.token, first ? `${f.name}(${first})` : f.name, selectionFor(f), responses);
      continue;
    }
    // by id: the walk below each of its own rows; every other id answers null or nothing
    for (const id of ownIds) {
      const arg = `${idArgs[0].name}: ${JSON.stringify(id)}`;
      queries += await walk(mine.token, `${f.name}(${[arg, first].filter(Boolean).join(', ')})`, selectionFor(f, typeOf(id)), responses);
    }
    for (const id of forbidden()) {
      if (!isGlobalId(id)) continue; // an event cursor is no id
      const r = await t.gql(mine.token, `{ x: ${f.name}(${idArgs[0].name}: ${JSON.stringify(id)}) ${isLeafType(named) ? '' : '{ __typename }'} }`);
      expect([f.name, id, r.errors ?? [], r.data?.x ?? null]).toEqual([f.name, id, [], Array.isArray(r.data?.x) ? [] : null]);
    }
  }
  // by number too: the other customer's tickets do not exist for it
  for (const x of theirs.tickets) {
    const r = await t.gql(mine.token, `{ ticket(number: ${x.number}) { id } }`);
    expect(r.data.ticket).toBeNull();
  }

  const seen = strings(responses);
  // event cursors are compared by their position (`<epoch>:<seq>`, the check left off)
  const leaked = seen.filter((s) => forbidden().has(s) || forbidden().has(position(s)));
  expect(leaked).toEqual([]);
  // the walk did reach the customer's own rows, its events and its related agent and service level
  for (const id of [...ownIds, b.agentIds[0], b.serviceLevelId]) expect([id, seen.includes(id)]).toEqual([id, true]);
  expect(mine.historyCursors.filter((c) => seen.includes(c)).length).toBeGreaterThan(0);
  expect(queries).toBeGreaterThan(10);
});

test('counts and list totals count only its own rows', async () => {
  const r = await t.gql(
    mine.token,
    `{ tickets { totalCount } interactions { totalCount } customers { totalCount } knowledgeArticles { totalCount }
       viewer { customer { openTicketCount tickets { totalCount } interactions { totalCount } } } }`,
  );
  expect(r.errors).toBeUndefined();
  expect(r.data.tickets.totalCount).toBe(mine.tickets.length);
  expect(r.data.interactions.totalCount).toBe(mine.interactions.length);
  expect(r.data.customers.totalCount).toBe(1);
  expect(r.data.knowledgeArticles.totalCount).toBe(1);
  expect(r.data.viewer.customer.tickets.totalCount).toBe(mine.tickets.length);
  expect(r.data.viewer.customer.interactions.totalCount).toBe(mine.interactions.length);
});

test("node(id) with the other customer's id of every type, and with staff rows, is null; its own rows resolve", async () => {
  const theirIds = [theirs.customerId, ...theirs.tickets.map((x) => x.id), ...theirs.interactions, ...theirs.reservations, ...mine.reservations, ...staffIds, b.agentIds[0], b.serviceLevelId];
  const types = new Set(theirIds.map(typeOf));
  expect([...types].sort()).toEqual(['Agent', 'Customer', 'Interaction', 'KnowledgeArticle', 'Part', 'PartReservation', 'ServiceLevel', 'StockLevel', 'StockLocation', 'StockMovement', 'Ticket']);
  for (const id of theirIds) {
    const r = await t.gql(mine.token, `query($id: ID!) { node(id: $id) { id } }`, { id });
    expect([typeOf(id), r.errors ?? [], r.data.node]).toEqual([typeOf(id), [], null]);
    const staff = await t.gql(b.agentToken, `query($id: ID!) { node(id: $id) { id } }`, { id });
    expect(staff.data.node).toEqual({ id });
  }
  for (const id of [mine.customerId, ...mine.tickets.map((x) => x.id), ...mine.interactions, published]) {
    const r = await t.gql(mine.token, `query($id: ID!) { node(id: $id) { id } }`, { id });
    expect(r.data.node).toEqual({ id });
  }
});

test('subscriptions and their replays deliver only its own tickets; another customer’s ticket is NOT_FOUND', async () => {
  const sel = `cursor type ticket { id customer { id } }`;
  const events = collect(t.ws(mine.token), `subscription($after: String) { ticketEvents(after: $after) { ${sel} } }`, { after: startCursor });
  const complaints = collect(t.ws(mine.token), `subscription($after: String) { complaintUpdates(after: $after) { ${sel} } }`, { after: startCursor });
  const refused = collect(t.ws(mine.token), `subscription($id: ID!) { ticketUpdated(id: $id) { cursor } }`, { id: theirs.tickets[0].id });
  await expect(refused.waitFor(1, 5000)).rejects.toThrow(/NOT_FOUND/);
  // live: a change of theirs, then one of mine last (the sentinel, on my complaint)
  await ok(b.agentToken, `mutation($i: ChangeTicketStatusInput!) { changeTicketStatus(input: $i) { userErrors { code } } }`, { i: { ticketId: theirs.tickets[1].id, status: 'OPEN' } });
  await ok(b.agentToken, `mutation($i: ChangeTicketStatusInput!) { changeTicketStatus(input: $i) { userErrors { code } } }`, { i: { ticketId: mine.tickets[1].id, status: 'OPEN' } });
  // the newest event of the log is the sentinel's: once it arrives, everything before it has
  const last = (await ok(b.admin, '{ eventCursor }')).eventCursor;
  const all = await events.waitUntil((es) => es.some((e) => e.ticketEvents.cursor === last));
  const comp = await complaints.waitUntil((es) => es.some((e) => e.complaintUpdates.cursor === last));
  expect(all.at(-1).ticketEvents.ticket.id).toBe(mine.tickets[1].id);
  for (const e of [...all.map((x) => x.ticketEvents), ...comp.map((x) => x.complaintUpdates)]) {
    expect(e.ticket.customer.id).toBe(mine.customerId);
    expect(forbidden().has(position(e.cursor))).toBe(false);
  }
  // everything of its own since the start was replayed
  expect(all.map((x) => position(x.ticketEvents.cursor))).toEqual(expect.arrayContaining(mine.eventCursors));
});

test('the SQL predicate and the row check of every kind select the same rows', async () => {
  const db = t.hub.app.db;
  const tables: Record<RowKind, [string, string]> = {
    Customer: ['customer', 'id'],
    Ticket: ['ticket', 'id'],
    Interaction: ['interaction', 'id'],
    TicketEvent: ['event_log', 'seq'],
    KnowledgeArticle: ['knowledge_article', 'id'],
    Agent: ['agent', 'id'],
    ServiceLevel: ['service_level', 'id'],
    Part: ['part', 'id'],
    StockLocation: ['stock_location', 'id'],
    StockLevel: ['stock_level', 'id'],
    StockMovement: ['stock_movement', 'id'],
    PartReservation: ['part_reservation', 'id'],
  };
  const camel = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k.replace(/_([a-z])/g, (_x, c: string) => c.toUpperCase()), v]));
  const viewers: Viewer[] = [
    { sub: 'a', role: PolicyRole.CUSTOMER, agentId: null, customerId: uuidOf(mine.customerId) },
    { sub: 'b', role: PolicyRole.CUSTOMER, agentId: null, customerId: uuidOf(theirs.customerId) },
    { sub: 'x', role: PolicyRole.AGENT, agentId: uuidOf(b.agentIds[0]), customerId: null },
    { sub: 'y', role: PolicyRole.ANALYST, agentId: null, customerId: null },
  ];
  for (const [kind, [table, key]] of Object.entries(tables) as [RowKind, [string, string]][]) {
    expect(isRowKind(kind)).toBe(true);
    const rows = (await db.query(`SELECT * FROM ${table}`)).map(camel);
    expect(rows.length).toBeGreaterThan(0);
    for (const viewer of viewers) {
      const byRow = rows.filter((r: object) => canSee(viewer, kind, r as never)).map((r: Record<string, unknown>) => String(r[key])).sort();
      // raw SQL with positional parameters
      const values: unknown[] = [];
      const pos = visibleSql(viewer, kind, 'x', positional(values));
      const bySql = (await db.query(`SELECT x.${key} AS k FROM ${table} x WHERE ${pos ? pos.sql : 'TRUE'}`, values)).map((r: { k: unknown }) => String(r.k)).sort();
      // a TypeORM query builder with named parameters
      const named = visibleSql(viewer, kind, 'x');
      const qb = db.createQueryBuilder().select(`x.${key}`, 'k').from(table, 'x');
      if (named) qb.andWhere(named.sql, named.params);
      const byQb = (await qb.getRawMany()).map((r: { k: unknown }) => String(r.k)).sort();
      expect([kind, viewer.role, bySql]).toEqual([kind, viewer.role, byRow]);
      expect([kind, viewer.role, byQb]).toEqual([kind, viewer.role, byRow]);
      // the same for a relation's row (a ticket's assignee, an interaction's ticket)
      const rel = relationSql(viewer, kind, 'x');
      const relQb = db.createQueryBuilder().select(`x.${key}`, 'k').from(table, 'x');
      if (rel) relQb.andWhere(rel.sql, rel.params);
      const relBySql = (await relQb.getRawMany()).map((r: { k: unknown }) => String(r.k)).sort();
      const relByRow = rows.filter((r: object) => visibleRelation(viewer, kind, r as never) !== null).map((r: Record<string, unknown>) => String(r[key])).sort();
      expect([kind, viewer.role, 'relation', relBySql]).toEqual([kind, viewer.role, 'relation', relByRow]);
      if (viewer.role === PolicyRole.CUSTOMER) {
        // some own rows of the kinds a customer owns, none of the rest; agents and service levels only as relations
        const owned = ['Customer', 'Ticket', 'Interaction', 'TicketEvent', 'KnowledgeArticle'].includes(kind);
        expect([kind, byRow.length > 0]).toEqual([kind, owned]);
        expect([kind, relByRow.length === rows.length]).toEqual([kind, ['Agent', 'ServiceLevel'].includes(kind)]);
        if (owned) expect(relByRow).toEqual(byRow);
      } else {
        expect(byRow.length).toBe(rows.length);
      }
    }
  }
});
