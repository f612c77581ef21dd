import fs from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { basics, ticket, type Basics } from './support/fixtures';
import { collect, Role, startTestHub, type TestHub } from './support/harness';

/**
 * The README's role table, walked: every root field and subscription, for every role and for
 * no token. A field missing from these tables fails the test, so the table stays complete.
 */
const { ADMIN, MANAGER, AGENT, ANALYST, CUSTOMER } = Role;
const STAFF = [ADMIN, MANAGER, AGENT];
const MANAGE = [ADMIN, MANAGER];

const MUTATIONS: Record<string, Role[]> = {
  createAgent: [ADMIN],
  createCustomer: STAFF,
  updateCustomer: STAFF,
  logInteraction: [...STAFF, CUSTOMER],
  createTicket: [...STAFF, CUSTOMER],
  updateTicket: STAFF,
  assignTicket: STAFF,
  changeTicketStatus: STAFF,
  resolveTicket: STAFF,
  rateTicket: [CUSTOMER],
  recordSatisfaction: STAFF,
  createServiceLevel: MANAGE,
  updateServiceLevel: MANAGE,
  createPart: MANAGE,
  createStockLocation: MANAGE,
  setReorderPolicy: MANAGE,
  receiveStock: MANAGE,
  adjustStock: MANAGE,
  transferStock: MANAGE,
  reservePart: STAFF,
  releaseReservation: STAFF,
  consumeReservation: STAFF,
  returnPart: STAFF,
  createKnowledgeArticle: STAFF,
  updateKnowledgeArticle: STAFF,
  markArticleHelpful: [...STAFF, CUSTOMER],
};

/** Queries a CUSTOMER may not ask at all (staff data); the rest answer with its own data only. */
const STAFF_ONLY_QUERIES = new Set([
  'agents', 'serviceLevels', 'part', 'parts', 'stockLocations', 'stockLevels', 'stockMovements',
  'ticketStats', 'interactionStats', 'inventoryStats', 'partInsights',
]);
const CUSTOMER_QUERIES = new Set([
  'node', 'viewer', 'customer', 'customers', 'ticket', 'tickets', 'interactions', 'eventCursor',
  'knowledgeArticle', 'knowledgeArticles', 'suggestedArticles',
]);
const STAFF_ONLY_SUBSCRIPTIONS = new Set(['stockLevelChanged', 'stockAlerts']);
const CUSTOMER_SUBSCRIPTIONS = new Set(['ticketUpdated', 'ticketEvents', 'complaintUpdates', 'slaAlerts']);

const schema = buildSchema(fs.readFileSync(path.join(__dirname, '..', 'schema', 'schema.graphql'), 'utf8'));

let realId = '';
/** A value of the right type (content does not matter: authorization comes first). */
function value(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return value(type.ofType);
  if (isListType(type)) return [value(type.ofType as GraphQLInputType)];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields())) if (isNonNullType(f.type)) out[f.name] = value(f.type);
    return out;
  }
  switch (getNamedType(type).name) {
    case 'ID':
      return realId;
    case 'Int':
      return 1;
    case 'Float':
      return 0.5;
    case 'Boolean':
      return true;
    case 'DateTime':
      return '2026-01-01T00:00:00Z';
    case 'Date':
      return '2026-01-01';
    case 'Decimal':
      return '1.00';
    default:
      return 'x';
  }
}

function op(kind: 'query' | 'mutation' | 'subscription', f: GraphQLField<unknown, unknown>) {
  const defs: string[] = [];
  const args: string[] = [];
  const variables: Record<string, unknown> = {};
  f.args.forEach((a, i) => {
    if (!isNonNullType(a.type)) return;
    defs.push(`$a${i}: ${a.type}`);
    args.push(`${a.name}: $a${i}`);
    variables[`a${i}`] = value(a.type);
  });
  const t = getNamedType(f.type);
  const sel = isScalarType(t) || isEnumType(t) ? '' : isObjectType(t) ? '{ __typename }' : '{ __typename }';
  return { query: `${kind}${defs.length ? `(${defs.join(', ')})` : ''} { ${f.name}${args.length ? `(${args.join(', ')})` : ''} ${sel} }`, variables };
}

let t: TestHub;
let b: Basics;
let tokens: Record<Role, string>;
beforeAll(async () => {
  t = await startTestHub();
  b = await basics(t);
  realId = (await ticket(t, b.agentToken, b.customerIds[1])).id; // another customer's ticket
  tokens = {
    ADMIN: t.token(ADMIN),
    MANAGER: t.token(MANAGER),
    AGENT: b.agentToken,
    ANALYST: t.token(ANALYST),
    CUSTOMER: b.customerTokens[0],
  };
});
afterAll(async () => {
  await t?.stop();
});

const codes = (r: { errors?: { extensions?: { code?: string } }[] }) => (r.errors ?? []).map((e) => e.extensions?.code);

test('every mutation: allowed roles get past authorization, others FORBIDDEN, no token UNAUTHENTICATED', async () => {
  const fields = Object.values(schema.getMutationType()!.getFields());
  expect(fields.map((f) => f.name).filter((n) => !(n in MUTATIONS))).toEqual([]);
  for (const f of fields) {
    const { query, variables } = op('mutation', f);
    const anon = await t.gql(null, query, variables);
    expect([f.name, anon.status, codes(anon)]).toEqual([f.name, 401, ['UNAUTHENTICATED']]);
    for (const role of Object.values(Role)) {
      const r = await t.gql(tokens[role], query, variables);
      const allowed = MUTATIONS[f.name].includes(role);
      if (allowed) expect([f.name, role, codes(r).filter((c) => c === 'FORBIDDEN' || c === 'UNAUTHENTICATED')]).toEqual([f.name, role, []]);
      else expect([f.name, role, codes(r)]).toEqual([f.name, role, ['FORBIDDEN']]);
    }
  }
});

test('every query: no token is UNAUTHENTICATED; a CUSTOMER is refused staff data and reaches only its own', async () => {
  const fields = Object.values(schema.getQueryType()!.getFields());
  expect(fields.map((f) => f.name).filter((n) => !STAFF_ONLY_QUERIES.has(n) && !CUSTOMER_QUERIES.has(n))).toEqual([]);
  for (const f of fields) {
    const { query, variables } = op('query', f);
    const anon = await t.gql(null, query, variables);
    expect([f.name, anon.status, codes(anon)]).toEqual([f.name, 401, ['UNAUTHENTICATED']]);
    for (const role of [ADMIN, MANAGER, AGENT, ANALYST]) {
      const r = await t.gql(tokens[role], query, variables);
      expect([f.name, role, codes(r).filter((c) => c === 'FORBIDDEN')]).toEqual([f.name, role, []]);
    }
    const c = await t.gql(tokens.CUSTOMER, query, variables);
    if (STAFF_ONLY_QUERIES.has(f.name)) expect([f.name, codes(c)]).toEqual([f.name, ['FORBIDDEN']]);
    else expect([f.name, codes(c).filter((x) => x === 'FORBIDDEN')]).toEqual([f.name, []]);
  }
  // what the customer can ask holds nothing of the other customer's (whose ticket id was passed everywhere)
  const mine = await t.gql(tokens.CUSTOMER, `{ node(id: "${realId}") { id } ticket(id: "${realId}") { id } tickets(first: 100) { nodes { customer { id } } } }`);
  expect(mine.data.node).toBeNull();
  expect(mine.data.ticket).toBeNull();
  expect(mine.data.tickets.nodes.every((n: { customer: { id: string } }) => n.customer.id === b.customerIds[0])).toBe(true);
});

test('every subscription: no token is UNAUTHENTICATED; a CUSTOMER is refused stock streams', async () => {
  const fields = Object.values(schema.getSubscriptionType()!.getFields());
  expect(fields.map((f) => f.name).filter((n) => !STAFF_ONLY_SUBSCRIPTIONS.has(n) && !CUSTOMER_SUBSCRIPTIONS.has(n))).toEqual([]);
  for (const f of fields) {
    const { query, variables } = op('subscription', f);
    const anon = collect(t.ws(null), query, variables);
    await expect(anon.waitFor(1, 5000)).rejects.toThrow(/UNAUTHENTICATED/);
    if (STAFF_ONLY_SUBSCRIPTIONS.has(f.name)) {
      const c = collect(t.ws(tokens.CUSTOMER), query, variables);
      await expect(c.waitFor(1, 5000)).rejects.toThrow(/FORBIDDEN/);
    }
  }
});
