import fs from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  getNamedType,
  isLeafType,
  isNonNullType,
  isObjectType,
  parse,
  print,
  type GraphQLField,
  type GraphQLObjectType,
  type OperationDefinitionNode,
} from 'graphql';
import { ManualClock } from '../src/app/clock';
import { compileOperation } from '../src/read/compile';
import { READ_SOURCES } from '../src/read/sources';
import { seedDemoIfEmpty } from '../src/seed/demo';
import { Role, startTestHub, type TestHub } from './support/harness';

/**
 * Equality is the contract: the compiled read path (one SQL statement building the JSON) and
 * the resolver path must answer every query with the same bytes (whitespace aside), for every
 * role. Selections are generated from the schema (aliases, fragments, @include/@skip,
 * __typename, connections, filters, orderings, pages, `after`), and every query operation in
 * schema/operations/ runs too. Hub A compiles whole operations; hub B, on the same database and
 * clock, answers every field through its resolver; hub P only plans root fields (the planner).
 */
const schema = buildSchema(fs.readFileSync(path.join(__dirname, '..', 'schema', 'schema.graphql'), 'utf8'));

let a: TestHub;
let b: TestHub;
let p: TestHub;
const clock = new ManualClock(Date.parse('2026-11-20T10:00:00Z'));
const tokens: Record<string, string> = {};

beforeAll(async () => {
  a = await startTestHub({ clock });
  b = await startTestHub({ clock, databaseUrl: a.databaseUrl, env: { COMPILED_READS: 'false' } });
  p = await startTestHub({ clock, databaseUrl: a.databaseUrl, env: { COMPILED_READS: 'planner' } });
  await seedDemoIfEmpty(a.hub.app, true);
  const [agent] = await a.hub.app.db.query(`SELECT id FROM agent WHERE role = 'AGENT' ORDER BY email LIMIT 1`);
  const [customer] = await a.hub.app.db.query(
    `SELECT c.id FROM customer c WHERE (SELECT count(*) FROM ticket t WHERE t.customer_id = c.id) >= 3 ORDER BY c.email LIMIT 1`,
  );
  tokens.AGENT = a.token(Role.AGENT, { agentId: agent.id });
  tokens.ANALYST = a.token(Role.ANALYST);
  tokens.CUSTOMER = a.token(Role.CUSTOMER, { customerId: customer.id });
}, 120000);
afterAll(async () => {
  await p?.stop();
  await b?.stop();
  await a?.stop();
});

async function raw(
  t: TestHub,
  token: string,
  query: string,
  variables?: Record<string, unknown>,
  operationName?: string,
): Promise<{ status: number; text: string; statements: number; sent: string[] }> {
  // a previous response may have left resolvers running (an error bubbled to the root): their
  // statements go to that request's list, not this one's (src/db/data-source.ts asRequest)
  t.hub.app.stats.recent = [];
  const res = await fetch(t.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables, operationName }),
  });
  const text = await res.text();
  // the statements this request sent (the hub's background work, the event bus's poll and the
  // pruners, stays out of stats.recent: src/db/data-source.ts asBackground)
  const sent = t.hub.app.stats.recent;
  t.hub.app.stats.recent = undefined;
  return { status: res.status, text, statements: sent.length, sent };
}

/** Same status, same JSON with the same key order; returns the compiled side's body. */
async function same(token: string, query: string, variables?: Record<string, unknown>, operationName?: string) {
  const x = await raw(a, token, query, variables, operationName);
  const y = await raw(b, token, query, variables, operationName);
  const z = await raw(p, token, query, variables, operationName);
  // the same request again: a compiled one now takes the HTTP fast path (no Apollo), byte for byte the same
  const again = await raw(a, token, query, variables, operationName);
  if (again.text !== x.text || again.status !== x.status) {
    throw new Error(`a repeated request differs for\n${query}\nfirst: ${x.text.slice(0, 500)}\nagain: ${again.text.slice(0, 500)}`);
  }
  const norm = (s: string) => JSON.stringify(JSON.parse(s));
  for (const [name, other] of [['resolvers', y], ['planner', z]] as const) {
    if (norm(x.text) !== norm(other.text) || x.status !== other.status) {
      throw new Error(`paths differ for\n${query}\n${JSON.stringify(variables)}\ncompiled: ${x.status} ${x.text.slice(0, 2000)}\n${name}: ${other.status} ${other.text.slice(0, 2000)}`);
    }
  }
  return { body: JSON.parse(x.text), statements: x.statements, sent: x.sent };
}

function compiles(query: string, role: string, variables?: Record<string, unknown>): boolean {
  const doc = parse(query);
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
  const viewer = { sub: 'x', role: role as Role, agentId: null, customerId: role === 'CUSTOMER' ? '00000000-0000-0000-0000-000000000001' : null };
  return compileOperation({ schema, types: READ_SOURCES, viewer }, doc, op, variables) !== null;
}

// ------------------------------------------------------------------ generated selections

let seed = 20261202;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
const chance = (p: number) => rnd() < p;
let aliasN = 0;

const requiredArgs = (f: GraphQLField<unknown, unknown>) => f.args.some((x) => isNonNullType(x.type) && x.defaultValue === undefined);
const isConnection = (t: GraphQLObjectType) => t.name.endsWith('Connection') && !!t.getFields().nodes;

const FILTERS: Record<string, string[]> = {
  TicketFilter: [
    '{ status: [OPEN, NEW, PENDING] }',
    '{ priority: [URGENT, HIGH], not: { status: [CLOSED, RESOLVED] } }',
    '{ or: [{ kind: [COMPLAINT] }, { unassigned: true }] }',
    '{ slaState: [AT_RISK, BREACHED] }',
    '{ slaState: [ON_TRACK, MET, NONE] }',
    '{ text: "refund" }',
    '{ createdFrom: "2026-10-01T00:00:00Z", createdTo: "2026-11-15T00:00:00Z" }',
    '{ updatedTo: "2000-01-01T00:00:00Z" }',
    '{ and: [{ channel: [EMAIL, PHONE] }, { not: { priority: [LOW] } }] }',
    '{ rootCause: [PRODUCT_DEFECT, BILLING_ERROR] }',
  ],
  InteractionFilter: [
    '{ channel: [PHONE, EMAIL] }',
    '{ direction: [INBOUND], not: { channel: [CHAT] } }',
    '{ or: [{ reason: [BILLING] }, { hasTicket: false }] }',
    '{ occurredFrom: "2026-10-01T00:00:00Z" }',
    '{ text: "order" }',
  ],
  CustomerFilter: ['{ tier: [PREMIUM, ENTERPRISE] }', '{ text: "a" }', '{ not: { tier: [STANDARD] } }', '{ or: [{ tier: [ENTERPRISE] }, { language: ["de"] }] }'],
};
const ORDERS: Record<string, string[]> = {
  TicketOrder: ['CREATED_AT', 'UPDATED_AT', 'NUMBER', 'PRIORITY', 'RESOLUTION_DUE_AT'],
  InteractionOrder: ['OCCURRED_AT', 'DURATION'],
  CustomerOrder: ['NAME', 'CREATED_AT'],
};

function args(f: GraphQLField<unknown, unknown>, root: boolean): string {
  const out: string[] = [];
  for (const arg of f.args) {
    const named = getNamedType(arg.type).name;
    if (arg.name === 'first') out.push(`first: ${root ? 1 + Math.floor(rnd() * 12) : 1 + Math.floor(rnd() * 4)}`);
    else if (arg.name === 'filter' && FILTERS[named] && chance(0.5)) out.push(`filter: ${pick(FILTERS[named])}`);
    else if (arg.name === 'orderBy' && ORDERS[named] && chance(0.5)) out.push(`orderBy: { field: ${pick(ORDERS[named])}, direction: ${pick(['ASC', 'DESC'])} }`);
  }
  return out.length ? `(${out.join(', ')})` : '';
}

function directive(): string {
  if (!chance(0.1)) return '';
  return pick([' @include(if: true)', ' @include(if: false)', ' @skip(if: true)', ' @skip(if: false)']);
}

function select(type: GraphQLObjectType, depth: number): string {
  // mostly what the compiler covers (so it is exercised), sometimes anything (so the fallback is)
  const covered = READ_SOURCES[type.name]?.fields;
  const fields = Object.values(type.getFields()).filter((f) => !requiredArgs(f) && (!covered || !selectCovered || covered[f.name]));
  const chosen = fields.filter(() => chance(0.45));
  if (!chosen.length) chosen.push(pick(fields));
  const parts: string[] = [];
  for (const f of chosen) {
    const named = getNamedType(f.type);
    const alias = chance(0.1) ? `al${++aliasN}: ` : '';
    if (isLeafType(named)) {
      parts.push(`${alias}${f.name}${directive()}`);
      continue;
    }
    if (!isObjectType(named) || depth >= 3) continue;
    if (isConnection(named)) {
      const node = getNamedType(named.getFields().nodes.type) as GraphQLObjectType;
      const inner = pick([
        () => `nodes { ${select(node, depth + 1)} }`,
        () => `edges { cursor node { ${select(node, depth + 1)} } }`,
        () => `totalCount pageInfo { hasNextPage endCursor } nodes { __typename }`,
        () => `pageInfo { endCursor hasNextPage __typename } edges { node { __typename } }`,
      ])();
      parts.push(`${alias}${f.name}${args(f, false)}${directive()} { ${inner} }`);
    } else {
      parts.push(`${alias}${f.name}${directive()} { ${select(named, depth + 1)} }`);
    }
  }
  if (chance(0.2) || !parts.length) parts.push('__typename');
  if (chance(0.15) && parts.length > 1) {
    // a part of the selection behind an inline fragment or a named one
    const moved = parts.splice(0, 1)[0];
    const name = `F${type.name}${++aliasN}`;
    if (chance(0.5)) parts.push(`... on ${type.name} { ${moved} }`);
    else {
      parts.push(`...${name}`);
      fragments.set(name, `fragment ${name} on ${type.name} { ${moved} }`);
    }
  }
  return parts.join(' ');
}

let fragments = new Map<string, string>();

let selectCovered = true;

function generated(): string {
  fragments = new Map();
  selectCovered = chance(0.75);
  const query = schema.getQueryType()!;
  const roots = ['tickets', 'interactions', 'customers', 'agents', 'viewer', 'ticket'].map((n) => query.getFields()[n]);
  const chosen = roots.filter(() => chance(0.35));
  if (!chosen.length) chosen.push(pick(roots));
  const body = chosen
    .map((f) => {
      if (f.name === 'viewer') return `viewer { ${select(getNamedType(f.type) as GraphQLObjectType, 1)} }`;
      if (f.name === 'ticket') return `ticket(number: ${1 + Math.floor(rnd() * 80)}) { ${select(getNamedType(f.type) as GraphQLObjectType, 1)} }`;
      const conn = getNamedType(f.type) as GraphQLObjectType;
      const node = getNamedType(conn.getFields().nodes.type) as GraphQLObjectType;
      const inner = pick([
        () => `totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${select(node, 1)} } }`,
        () => `nodes { ${select(node, 1)} } pageInfo { hasNextPage endCursor }`,
      ])();
      return `${chance(0.2) ? `r${++aliasN}: ` : ''}${f.name}${args(f, true)} { ${inner} }`;
    })
    .join(' ');
  return `query { ${body} } ${[...fragments.values()].join(' ')}`;
}

const CASES = 50;

describe.each(['AGENT', 'ANALYST', 'CUSTOMER'])('as %s', (role) => {
  test(`${CASES} generated selections answer the same on both paths, and most compile to one statement`, async () => {
    let compiled = 0;
    for (let i = 0; i < CASES; i++) {
      const q = generated();
      const r = await same(tokens[role], q);
      // a role may be refused a field (both paths alike); a document that does not validate is the generator's fault
      if (r.body.errors?.some((e: { extensions?: { code?: string } }) => e.extensions?.code !== 'FORBIDDEN')) {
        throw new Error(`refused: ${q}\n${JSON.stringify(r.body.errors)}`);
      }
      if (compiles(q, role)) {
        compiled++;
        if (r.statements !== 1) throw new Error(`compiled, yet ${r.statements} statements: ${q}\n${r.sent.join('\n')}`);
      }
      // the next page from the first list's endCursor, on both paths
      const first = Object.values(r.body.data ?? {})[0] as { pageInfo?: { endCursor: string | null } } | undefined;
      const end = first?.pageInfo?.endCursor;
      if (end) {
        const doc = parse(q);
        const op = doc.definitions[0] as OperationDefinitionNode;
        const field = op.selectionSet.selections[0] as unknown as { arguments: unknown[] };
        const withAfter = print(doc).replace(/(\{\s*(?:\w+:\s*)?\w+\()/, `$1after: ${JSON.stringify(end)}, `);
        if (withAfter !== print(doc) && field.arguments.length) await same(tokens[role], withAfter);
      }
    }
    // the generator is meant to exercise the compiler, not only the fallback
    expect(compiled).toBeGreaterThan(CASES / 3);
  }, 120000);
});

test('the dashboard, mobile and analyst queries compile and answer the same', async () => {
  const dashboard = `{ tickets(first: 50) { nodes { number subject status priority customer { name tier } assignee { name }
    sla { state resolutionDueAt } interactions(first: 5) { nodes { channel occurredAt } } } } }`;
  const mobile = `{ tickets(first: 20) { nodes { id number subject status updatedAt interactions(first: 3) { totalCount nodes { summary occurredAt direction } } } } }`;
  const analyst = `{ interactions(first: 50, filter: { or: [{ channel: [PHONE], not: { direction: [OUTBOUND] } }, { and: [{ reason: [BILLING] }, { hasTicket: true }] }] }) {
    totalCount nodes { id channel occurredAt ticket { number status priority } customer { name tier } } } }`;
  for (const [q, role] of [
    [dashboard, 'AGENT'],
    [mobile, 'CUSTOMER'],
    [analyst, 'ANALYST'],
  ] as const) {
    expect(compiles(q, role)).toBe(true);
    const r = await same(tokens[role], q);
    expect(r.statements).toBe(1);
    expect(JSON.stringify(r.body.data).length).toBeGreaterThan(500);
  }
});

test('an operation the compiler cannot answer whole is planned per root field', async () => {
  // serviceLevels is not compiled: tickets is planned in one statement, serviceLevels resolves as before
  const q = `{ tickets(first: 30) { nodes { number customer { name tier } assignee { name } interactions(first: 2) { nodes { channel } } } }
    serviceLevels { name } }`;
  expect(compiles(q, 'AGENT')).toBe(false);
  const r = await same(tokens.AGENT, q);
  expect(r.body.data.tickets.nodes).toHaveLength(30);
  expect(r.statements).toBe(2);
  const resolvers = await raw(b, tokens.AGENT, q);
  expect(resolvers.statements).toBeGreaterThan(2);
});

test('every query operation in schema/operations answers the same on both paths', async () => {
  const dir = path.join(__dirname, '..', 'schema', 'operations');
  let ran = 0;
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.graphql'))) {
    const doc = parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    for (const op of doc.definitions) {
      if (op.kind !== 'OperationDefinition' || op.operation !== 'query') continue;
      if (op.variableDefinitions?.some((v) => v.type.kind === 'NonNullType' && !v.defaultValue)) continue;
      for (const role of ['AGENT', 'CUSTOMER']) {
        await same(tokens[role], print(doc), undefined, op.name?.value);
        ran++;
      }
    }
  }
  expect(ran).toBeGreaterThan(10);
});

test('values that only one path might get wrong: nulls, quotes and unicode in cursors, empty pages', async () => {
  const db = a.hub.app.db;
  await db.query(`UPDATE customer SET name = 'Zoë "Q" O''Brien \\ ✓' WHERE id = (SELECT id FROM customer ORDER BY email LIMIT 1)`);
  // microseconds: both paths must cut to the same millisecond
  await db.query(`UPDATE ticket SET updated_at = '2026-11-20 09:59:59.999999+00', closed_at = '2026-11-19 08:00:00.0005+00' WHERE number = 1`);
  for (const q of [
    `{ customers(first: 5, orderBy: { field: NAME, direction: DESC }) { edges { cursor node { name phone organization language } } pageInfo { endCursor } } }`,
    `{ tickets(first: 3, filter: { status: [] }) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }`,
    `{ tickets(first: 3, filter: { status: [] }) { totalCount __typename } x: tickets(filter: { status: [] }) { __typename } }`,
    `{ customers(first: 2, filter: { text: "no such customer anywhere" }) { totalCount nodes { tickets(first: 2) { totalCount } } } }`,
    `{ tickets(first: 7, filter: { unassigned: true }) { nodes { assignee { name } reason resolution rootCause closedAt firstRespondedAt } } }`,
    `{ x: tickets(first: 2) { nodes { id } } y: tickets(first: 2, orderBy: { field: NUMBER, direction: ASC }) { nodes { id ...on Ticket { number } } } }`,
    `{ tickets(first: 2) { nodes { customer { name } customer { tier id } } } }`,
    `{ tickets(first: 3, orderBy: { field: NUMBER, direction: ASC }) { edges { cursor node { number updatedAt closedAt } } } }`,
    `{ tickets(first: 3, orderBy: { field: UPDATED_AT, direction: DESC }) { edges { cursor node { number updatedAt } } } }`,
  ]) {
    for (const role of ['AGENT', 'CUSTOMER']) await same(tokens[role], q);
  }
});

test('node(id) answers the same on every path for every kind of id and viewer, in one statement where it compiles', async () => {
  const db = a.hub.app.db;
  const gid = (type: string, uuid: string) => Buffer.from(`${type}:${uuid}`, 'utf8').toString('base64url');
  const customerId = JSON.parse(Buffer.from(tokens.CUSTOMER.split('.')[1], 'base64url').toString('utf8')).customerId as string;
  const one = async (sql: string, params: unknown[] = []) => ((await db.query(sql, params)) as { id: string }[])[0].id;
  const ids: Record<string, string> = {
    ownTicket: gid('Ticket', await one(`SELECT id FROM ticket WHERE customer_id = $1 ORDER BY number LIMIT 1`, [customerId])),
    otherTicket: gid('Ticket', await one(`SELECT id FROM ticket WHERE customer_id <> $1 ORDER BY number LIMIT 1`, [customerId])),
    ownCustomer: gid('Customer', customerId),
    otherCustomer: gid('Customer', await one(`SELECT id FROM customer WHERE id <> $1 ORDER BY email LIMIT 1`, [customerId])),
    agent: gid('Agent', await one(`SELECT id FROM agent ORDER BY email LIMIT 1`)),
    ownInteraction: gid('Interaction', await one(`SELECT id FROM interaction WHERE customer_id = $1 ORDER BY occurred_at LIMIT 1`, [customerId])),
    otherInteraction: gid('Interaction', await one(`SELECT id FROM interaction WHERE customer_id <> $1 ORDER BY occurred_at LIMIT 1`, [customerId])),
    part: gid('Part', await one(`SELECT id FROM part ORDER BY sku LIMIT 1`)),
    missingTicket: gid('Ticket', '00000000-0000-0000-0000-00000000abcd'),
    malformed: 'not-an-id',
    prototype: Buffer.from('__proto__:00000000-0000-0000-0000-000000000001').toString('base64url'),
  };
  const q = `query Node($id: ID!) {
    node(id: $id) {
      __typename id
      ... on Ticket { number subject status sla { state resolutionDueAt } assignee { name } customer { name tier } interactions(first: 3) { totalCount nodes { channel } } }
      ... on Customer { name tier tickets(first: 2) { nodes { number } } }
      ...AgentParts
      ... on Interaction { channel summary ticket { number } }
      ... on Node { again: id }
    }
  }
  fragment AgentParts on Agent { name team openTicketCount }`;
  const partQuery = q.replace('... on Node { again: id }', '... on Node { again: id } ... on Part { sku }');
  let compiledRuns = 0;
  for (const role of ['AGENT', 'ANALYST', 'CUSTOMER']) {
    for (const [what, id] of Object.entries(ids)) {
      const r = await same(tokens[role], what === 'part' ? partQuery : q, { id });
      expect(r.body.errors).toBeUndefined();
      const visible = role !== 'CUSTOMER' || /^own|^prototype/.test(what) ? !['missingTicket', 'malformed', 'prototype'].includes(what) : false;
      expect([what, role, r.body.data.node !== null]).toEqual([what, role, visible]);
      if (what !== 'part') {
        // every type the compiler reads, and every id that names nothing, is one statement
        expect([what, role, compiles(q, role, { id }), r.statements]).toEqual([what, role, true, 1]);
        compiledRuns++;
      } else {
        expect(compiles(partQuery, role, { id })).toBe(false); // a Part stays on its resolver
      }
    }
  }
  expect(compiledRuns).toBe(30);
});
