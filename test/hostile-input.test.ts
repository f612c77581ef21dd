import fs from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
} from 'graphql';
import { basics, ticket, type Basics } from './support/fixtures';
import { attacks, postRaw, RawWs } from './support/adversarial';
import { Role, startTestHub, type TestHub } from './support/harness';

/**
 * Thousands of operations generated from the schema itself, with hostile values: wrong types,
 * huge and empty strings, unicode edge cases, negative and enormous numbers, unknown enums,
 * deeply nested filters. The hub must never answer INTERNAL_SERVER_ERROR or a 5xx, never
 * leak SQL or stack traces, keep running, and keep its data consistent.
 */
const schema = buildSchema(fs.readFileSync(path.join(__dirname, '..', 'schema', 'schema.graphql'), 'utf8'));

// a small deterministic PRNG, so a failure can be replayed
let seed = 20261125;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];

const STRINGS = [
  '',
  ' ',
  'ok',
  'x'.repeat(20_000),
  'y'.repeat(301),
  '\u0000',
  'nul\u0000inside',
  '💥🔥👩‍👩‍👧‍👦',
  '\u202Eevil\u202C',
  'e\u0301\u0301\u0301',
  '\uD800',
  "'; DROP TABLE ticket; --",
  '%_\\',
  '<script>alert(1)</script>',
  '${process.exit(1)}',
  'Ü'.repeat(500),
  '@',
  'a@b',
  'valid@example.com',
];
const INTS = [0, -1, 1, 5, 100, 101, 2147483647, -2147483648, 1_000_000, -999_999_999];
const BAD_INTS = [1.5, '12', true, 2 ** 40, 'NaN'];

let realIds: string[] = [];
const fakeIds = () => [
  '',
  'garbage',
  'VGlja2V0OjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA', // Ticket:000…
  Buffer.from("Ticket:1' OR '1'='1").toString('base64url'),
  Buffer.from('Customer:not-a-uuid').toString('base64url'),
  'x'.repeat(5000),
];

function scalarValue(name: string): unknown {
  const wrong = rnd() < 0.1;
  switch (name) {
    case 'ID':
      return rnd() < 0.6 && realIds.length ? pick(realIds) : pick(fakeIds());
    case 'String':
      return wrong ? pick([1, true, {}]) : pick(STRINGS);
    case 'Int':
      return wrong ? pick(BAD_INTS) : pick(INTS);
    case 'Float':
      return wrong ? pick(['x', {}]) : pick([0, -1, 0.95, 1e308, -1e-308, 2]);
    case 'Boolean':
      return wrong ? pick(['true', 0]) : rnd() < 0.5;
    case 'DateTime':
      return pick(['2026-01-01T00:00:00Z', 'yesterday', '9999-12-31T23:59:59Z', '0001-01-01T00:00:00Z', '2026-13-45T99:99:99Z', 12, new Date().toISOString()]);
    case 'Date':
      return pick(['2026-02-30', '2026-12-25', '12/25/2026', '', '0000-00-00']);
    case 'Decimal':
      return pick(['12.50', '-1', '0', '1e400', 'abc', 1.5, '99999999999999999999.9999', '0.00001']);
    default:
      return pick(STRINGS);
  }
}

function inputValue(type: GraphQLInputType, depth: number): unknown {
  if (isNonNullType(type)) return rnd() < 0.03 ? null : inputValue(type.ofType, depth);
  if (rnd() < 0.08) return null;
  if (isListType(type)) {
    const n = pick([0, 1, 2, 3, rnd() < 0.05 ? 200 : 1]);
    return Array.from({ length: n }, () => inputValue(type.ofType as GraphQLInputType, depth + 1));
  }
  if (isEnumType(type)) return rnd() < 0.1 ? 'NOT_A_VALUE' : pick(type.getValues()).value;
  if (isScalarType(type)) return scalarValue(type.name);
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields())) {
      const required = isNonNullType(f.type);
      // recursive filters (and/or/not) nest deeper now and then
      const recursive = getNamedType(f.type) === type;
      if (recursive && depth > (rnd() < 0.1 ? 14 : 3)) continue;
      if (required || rnd() < 0.5) out[f.name] = inputValue(f.type, depth + 1);
    }
    if (rnd() < 0.05) out.unknownField = 1;
    return out;
  }
  return null;
}

function selection(type: GraphQLOutputType, depth: number): string {
  const named = getNamedType(type);
  if (isScalarType(named) || isEnumType(named)) return '';
  if (isUnionType(named) || isInterfaceType(named)) return '{ __typename ... on Node { id } }';
  if (!isObjectType(named)) return '';
  const parts: string[] = ['__typename'];
  for (const f of Object.values(named.getFields())) {
    const t = getNamedType(f.type);
    const needsArgs = f.args.some((a) => isNonNullType(a.type));
    if (needsArgs) continue;
    if (isScalarType(t) || isEnumType(t)) parts.push(f.name);
    else if (depth < 2 && rnd() < 0.5) {
      const inner = selection(f.type, depth + 1);
      if (inner) parts.push(`${f.name} ${inner}`);
    }
  }
  return `{ ${parts.join(' ')} }`;
}

function operation(kind: 'query' | 'mutation' | 'subscription', field: GraphQLField<unknown, unknown>) {
  const vars: Record<string, unknown> = {};
  const defs: string[] = [];
  const args: string[] = [];
  field.args.forEach((a: GraphQLArgument, i) => {
    if (!isNonNullType(a.type) && rnd() < 0.3) return;
    defs.push(`$v${i}: ${a.type.toString()}`);
    args.push(`${a.name}: $v${i}`);
    vars[`v${i}`] = inputValue(a.type, 0);
  });
  const sel = selection(field.type, 0);
  const q = `${kind}${defs.length ? `(${defs.join(', ')})` : ''} { ${field.name}${args.length ? `(${args.join(', ')})` : ''} ${sel} }`;
  return { query: q, variables: vars };
}

let t: TestHub;
let b: Basics;
beforeAll(async () => {
  t = await startTestHub();
  b = await basics(t);
  const tk = await ticket(t, b.agentToken, b.customerIds[0]);
  realIds = [tk.id, ...b.customerIds, ...b.agentIds, b.serviceLevelId];
  const more = await t.gql(b.admin, '{ parts(first: 5) { nodes { id } } stockLocations { id } }');
  if (!more.errors) realIds.push(...more.data.parts.nodes.map((n: { id: string }) => n.id), ...more.data.stockLocations.map((n: { id: string }) => n.id));
});
afterAll(async () => {
  await t?.stop();
});

const LEAK = /\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b|relation "|column "|QueryFailedError|TypeError|ReferenceError|\.ts:\d+|node_modules|violates .* constraint/;

test('thousands of generated hostile operations: no 5xx, no INTERNAL_SERVER_ERROR, no leaks, data consistent', async () => {
  const roots = [
    ...Object.values(schema.getQueryType()!.getFields()).map((f) => ['query', f] as const),
    ...Object.values(schema.getMutationType()!.getFields()).map((f) => ['mutation', f] as const),
  ];
  const tokens = [b.admin, b.admin, b.agentToken, b.customerTokens[0], t.token(Role.ANALYST)];
  const ops: { query: string; variables: Record<string, unknown>; token: string }[] = [];
  const PER_FIELD = Math.ceil(2000 / roots.length);
  for (const [kind, field] of roots) {
    for (let i = 0; i < PER_FIELD; i++) ops.push({ ...operation(kind, field), token: pick(tokens) });
  }
  expect(ops.length).toBeGreaterThanOrEqual(2000);
  const failures: string[] = [];
  const timing: Record<string, number> = {};
  let next = 0;
  const worker = async () => {
    while (next < ops.length) {
      const op = ops[next++];
      const started = Date.now();
      const payload = JSON.stringify({ query: op.query, variables: op.variables });
      const send = () =>
        fetch(t.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${op.token}` },
          body: payload,
        });
      let res: Response;
      try {
        // a kept-alive socket the server closed after refusing an oversized body fails once: retry
        res = await send().catch(send);
      } catch (err) {
        // a body over the 1 MB cap may be cut off while it is still being sent
        if (payload.length <= 1024 * 1024) failures.push(`fetch failed (${(err as Error).message}) for ${op.query.slice(0, 200)}`);
        continue;
      }
      if (payload.length > 1024 * 1024) {
        if (res.status !== 413) failures.push(`${res.status} instead of 413 for a ${payload.length}-byte body`);
        await res.text();
        continue;
      }
      const text = await res.text();
      const field = /\{ (\w+)/.exec(op.query)?.[1] ?? '?';
      timing[field] = (timing[field] ?? 0) + (Date.now() - started);
      let body: { errors?: { message: string; extensions?: { code?: string } }[] } = {};
      try {
        body = JSON.parse(text);
      } catch {
        failures.push(`${res.status} non-JSON for ${op.query.slice(0, 120)}`);
        continue;
      }
      const internal = body.errors?.find((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR' || LEAK.test(e.message));
      if (res.status >= 500 || internal) {
        failures.push(`${res.status} ${internal?.message ?? ''} for ${op.query.slice(0, 200)} ${JSON.stringify(op.variables).slice(0, 300)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  if (process.env.HOSTILE_TIMING) console.log(Object.entries(timing).sort((a, b) => b[1] - a[1]).slice(0, 8));
  expect(failures.slice(0, 5)).toEqual([]);

  // still serving
  expect((await fetch(t.url.replace(/\/graphql$/, '/healthz'))).status).toBe(200);
  expect((await t.gql(b.agentToken, '{ viewer { role } }')).data?.viewer.role).toBe('AGENT');

  // consistent data: every ticket has its CREATED event; interactions belong to their ticket's customer
  const db = t.hub.app.db;
  const [orphans] = await db.query(`SELECT count(*)::int AS n FROM ticket tk WHERE NOT EXISTS (SELECT 1 FROM event_log e WHERE e.entity_id = tk.id AND e.type = 'CREATED')`);
  expect(orphans.n).toBe(0);
  const [mixed] = await db.query(`SELECT count(*)::int AS n FROM interaction i JOIN ticket tk ON tk.id = i.ticket_id WHERE tk.customer_id <> i.customer_id`);
  expect(mixed.n).toBe(0);
  const [badStates] = await db.query(
    `SELECT count(*)::int AS n FROM ticket WHERE (status IN ('RESOLVED','CLOSED') AND (resolved_at IS NULL OR root_cause IS NULL))
       OR (status = 'CLOSED' AND closed_at IS NULL) OR (satisfaction_score IS NOT NULL AND satisfaction_score NOT BETWEEN 1 AND 5)`,
  );
  expect(badStates.n).toBe(0);
  const stock = await db.query(`SELECT to_regclass('stock_level') AS t`);
  if (stock[0].t) {
    const [ledger] = await db.query(
      `SELECT count(*)::int AS n FROM stock_level l WHERE l.on_hand < 0 OR l.reserved < 0 OR l.reserved > l.on_hand`,
    );
    expect(ledger.n).toBe(0);
  }
}, 240_000);


test('generated hostile subscriptions over WebSocket, and the adversarial generators on both transports: no INTERNAL_SERVER_ERROR', async () => {
  const tokens = [b.admin, b.agentToken, b.customerTokens[0], t.token(Role.ANALYST)];
  const sockets = new Map<string, RawWs>();
  const socket = async (token: string) => {
    let ws = sockets.get(token);
    if (!ws || ws.closedWith !== null) sockets.set(token, (ws = await RawWs.open(t.wsUrl, token)));
    return ws;
  };
  const closed: RawWs[] = [];
  const failures: string[] = [];
  const outcomes: Record<string, number> = {};
  const fields = Object.values(schema.getSubscriptionType()!.getFields());
  expect(fields.length).toBeGreaterThanOrEqual(5);
  const PER_FIELD = Math.ceil(300 / fields.length);
  const send = async (token: string, label: string, query: string, variables?: string) => {
    const ws = await socket(token);
    const { msg } = await ws.subscribe(query, variables, true);
    if (msg.type === 'subscribed') outcomes.subscribed = (outcomes.subscribed ?? 0) + 1;
    if (msg.type === 'closed') {
      closed.push(ws);
      // a message over the 1 MB cap closes the socket (1009), as HTTP answers 413; nothing else may
      const size = Buffer.byteLength(query) + Buffer.byteLength(variables ?? '');
      if (!(msg.code === 1009 && size > 1024 * 1024 - 100)) {
        failures.push(`socket closed (${msg.code}) by ${label}: ${query.slice(0, 160)} ${(variables ?? '').slice(0, 200)}`);
      }
    }
  };
  for (const field of fields) {
    for (let i = 0; i < PER_FIELD; i++) {
      const op = operation('subscription', field);
      await send(pick(tokens), field.name, op.query, JSON.stringify(op.variables));
    }
  }
  for (const a of attacks()) {
    const token = pick(tokens);
    if (a.subscription) await send(token, a.name, a.subscription, a.variables);
    if (a.query) {
      const r = await postRaw(t.url, token, a);
      const internal = r.body?.errors?.find((e: { message: string; extensions?: { code?: string } }) => e.extensions?.code === 'INTERNAL_SERVER_ERROR' || LEAK.test(e.message));
      if (r.status >= 500 || internal || !r.body?.errors?.length) failures.push(`HTTP ${r.status} ${internal?.message ?? ''} for ${a.name}`);
    }
  }
  // one last round trip per socket, so that every answer sent before it has arrived
  for (const ws of sockets.values()) if (ws.closedWith === null) await ws.subscribe('subscription { noSuchField }');
  for (const ws of [...sockets.values(), ...closed]) {
    for (const msgs of ws.inbox.values()) {
      for (const m of msgs) {
        const errors: { message: string; extensions?: { code?: string } }[] = m.type === 'error' ? m.payload : m.type === 'next' ? (m.payload?.errors ?? []) : [];
        if (errors.length) outcomes.refused = (outcomes.refused ?? 0) + 1;
        for (const e of errors) {
          if (e.extensions?.code === 'INTERNAL_SERVER_ERROR' || !e.extensions?.code || LEAK.test(e.message)) failures.push(`WebSocket ${e.extensions?.code}: ${e.message.slice(0, 200)}`);
        }
      }
    }
    ws.close();
  }
  if (process.env.HOSTILE_TIMING) console.log(outcomes);
  expect(failures.slice(0, 5)).toEqual([]);
  // both refusals and accepted subscriptions were exercised
  expect(outcomes.refused).toBeGreaterThan(50);
  expect(outcomes.subscribed).toBeGreaterThan(10);
  expect((await fetch(t.url.replace(/\/graphql$/, '/healthz'))).status).toBe(200);
}, 60_000);
