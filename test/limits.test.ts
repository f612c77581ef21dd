import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, getIntrospectionQuery } from 'graphql';
import { BOUNDS, LimitChecker } from '../src/graphql/limits';
import { decodeId } from '../src/graphql/ids';
import { postRaw, RawWs } from './support/adversarial';
import { basics, ticket, type Basics } from './support/fixtures';
import { collect, Role, startTestHub, type TestHub } from './support/harness';

let t: TestHub;
let b: Basics;
beforeAll(async () => {
  t = await startTestHub({ env: { RATE_LIMIT_BURST: '100000', SUBSCRIPTIONS_PER_CONNECTION: '2', SUBSCRIPTIONS_PER_TOKEN: '3' } });
  b = await basics(t);
});
afterAll(async () => {
  await t?.stop();
});

const refused = (r: { status: number; errors?: { extensions?: { code?: string }; message: string }[]; data?: unknown }, code = 'QUERY_TOO_COMPLEX') => {
  expect(r.status).toBe(400);
  expect(r.errors?.[0].extensions?.code).toBe(code);
  expect(r.data ?? null).toBeNull();
};

test('a query nested deeper than the limit is refused before execution', async () => {
  let q = 'id';
  for (let i = 0; i < 8; i++) q = `customer { tickets(first: 1) { nodes { ${q} } } }`;
  const before = t.hub.app.stats.queries;
  const r = await t.gql(b.agentToken, `{ tickets(first: 1) { nodes { ${q} } } }`);
  refused(r);
  expect(r.errors?.[0].message).toMatch(/deeper than 12/);
  expect(t.hub.app.stats.queries - before).toBeLessThanOrEqual(1); // at most the bus's own poll
});

test('too many aliases are refused', async () => {
  const fields = Array.from({ length: 41 }, (_, i) => `a${i}: viewer { role }`).join(' ');
  const r = await t.gql(b.agentToken, `{ ${fields} }`);
  refused(r);
  expect(r.errors?.[0].message).toMatch(/41 aliases/);
});

test('the cost counts page sizes, also from variables', async () => {
  const q = `query($n: Int) { tickets(first: $n) { nodes { id customer { tickets(first: $n) { nodes { id subject interactions(first: $n) { nodes { id } } } } } } } }`;
  refused(await t.gql(b.agentToken, q, { n: 100 }));
  const small = await t.gql(b.agentToken, q, { n: 5 });
  expect(small.errors).toBeUndefined();
  // the same document again, now from Apollo's cache of validated documents: checked with its new variables
  refused(await t.gql(b.agentToken, q, { n: 100 }));
});

test('a document over 4,000 tokens is QUERY_TOO_COMPLEX (400) over HTTP and WebSocket', async () => {
  const fields = Array.from({ length: 5000 }, () => 'role').join(' ');
  const r = await t.gql(b.agentToken, `{ viewer { ${fields} } }`);
  refused(r);
  expect(r.errors?.[0].message).toMatch(/more than 4000 tokens/);
  const ws = await RawWs.open(t.wsUrl, b.agentToken);
  try {
    const { msg } = await ws.subscribe(`subscription { ticketEvents { ${'cursor '.repeat(5000)} } }`);
    expect(msg.type).toBe('error');
    expect(msg.payload[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(msg.payload[0].message).toMatch(/more than 4000 tokens/);
  } finally {
    ws.close();
  }
});

describe('bounded work (issue 10)', () => {
  const analyst = () => t.token(Role.ANALYST, { sub: 'limits-analyst' });
  const wsRefusal = async (query: string, variables?: string) => {
    const ws = await RawWs.open(t.wsUrl, b.agentToken);
    try {
      const { msg } = await ws.subscribe(query, variables, true);
      return msg;
    } finally {
      ws.close();
    }
  };
  const raw = (query: string, variables?: string) => postRaw(t.url, b.agentToken, { name: '', query, variables });

  test('1. fragments that double are measured once each: refused at once, not after 2^26 walks', async () => {
    const frags = Array.from({ length: 26 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join('\n');
    const q = `query { ...F0 }\n${frags}\nfragment F26 on Query { viewer { role } }`;
    const r = await t.gql(analyst(), q);
    refused(r);
    expect(r.errors?.[0].message).toMatch(/expands to more than 2000 fields/);
    // the same shape, small enough, is counted (not refused for its fragments alone)
    const small = Array.from({ length: 5 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join('\n');
    const ok = await t.gql(analyst(), `query { ...F0 }\n${small}\nfragment F5 on Query { viewer { role } }`);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.viewer.role).toBe('ANALYST');
    // a fragment cycle is left to validation (and does not loop)
    const cycle = await t.gql(analyst(), 'query { ...A } fragment A on Query { ...B viewer { role } } fragment B on Query { ...A }');
    expect(cycle.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  test('1. depth, aliases and directives are counted through fragments', async () => {
    const aliases = Array.from({ length: 41 }, (_, i) => `a${i}: role`).join(' ');
    const viaFragment = await t.gql(analyst(), `{ viewer { ...V } } fragment V on Viewer { ${aliases} }`);
    refused(viaFragment);
    expect(viaFragment.errors?.[0].message).toMatch(/41 aliases/);
    const dirs = Array.from({ length: 51 }, () => 'role @skip(if: false)').join(' ');
    const directives = await t.gql(analyst(), `{ viewer { ...V } } fragment V on Viewer { ${dirs} }`);
    refused(directives);
    expect(directives.errors?.[0].message).toMatch(/more than 50 directives/);
    let inner = 'id';
    for (let i = 0; i < 6; i++) inner = `customer { tickets(first: 1) { nodes { ${inner} } } }`;
    const deep = await t.gql(analyst(), `{ tickets(first: 1) { nodes { ...D } } } fragment D on Ticket { ${inner} }`);
    refused(deep);
    expect(deep.errors?.[0].message).toMatch(/deeper than 12/);
  });

  test('1. the standard introspection query (GraphiQL, IDEs) is accepted; introspection is counted exactly', async () => {
    const r = await t.gql(analyst(), getIntrospectionQuery());
    expect(r.errors).toBeUndefined();
    expect(r.data.__schema.types.length).toBeGreaterThan(50);
    const through = (inner: string) => `fields { type { ${inner} ofType { ${inner} } } }`;
    const cycle = await t.gql(analyst(), `{ __schema { types { ${through(through(through(through('name'))))} } } }`);
    refused(cycle);
  });

  test('5. fields on one object are bounded through fragments and same-named fields (a schema with wide types)', () => {
    const wide = buildSchema(`type Query { ${Array.from({ length: 250 }, (_, i) => `f${i}: Int`).join(' ')} q: Query }`);
    const checker = new LimitChecker(wide);
    const fields = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `f${from + i}`).join(' ');
    expect(checker.checkRequest(`{ ${fields(0, 200)} }`, {})).toBeNull();
    expect(checker.checkRequest(`{ ${fields(0, 201)} }`, {})?.message).toMatch(/more than 200 fields are selected on one object/i);
    // spread from fragments, and merged from two `q` fields into one response object
    expect(checker.checkRequest(`{ ...A ...B } fragment A on Query { ${fields(0, 120)} } fragment B on Query { ${fields(120, 240)} }`, {})?.message).toMatch(/more than 200/i);
    expect(checker.checkRequest(`{ q { ${fields(0, 120)} } q { ${fields(120, 240)} } }`, {})?.message).toMatch(/more than 200/i);
  });

  test('2. every list field of the schema is paginated or has a bound in the estimate', () => {
    const schema = buildSchema(fs.readFileSync(path.join(__dirname, '..', 'schema', 'schema.graphql'), 'utf8'));
    const checker = new LimitChecker(schema);
    expect(checker.unbounded).toEqual([]);
    expect(checker.listBounds.get('Part.stockLevels')).toBe(BOUNDS.stockLocations);
    expect(checker.listBounds.get('Ticket.reservations')).toBe(BOUNDS.reservationsPerTicket);
  });

  test('2. lists without `first` are counted at their bound: the nested ANALYST query is refused', async () => {
    const r = await t.gql(analyst(), '{ parts { nodes { stockLevels { location { stockLevels(first: 100) { nodes { part { stockLevels { location { name } } } } } } } } } }');
    refused(r);
    expect(r.errors?.[0].message).toMatch(/more than 25000 fields/);
    // a connection without `first` is a page of 20, not one item
    const conn = await t.gql(analyst(), '{ customers { nodes { tickets { nodes { interactions { nodes { id body summary } } history { nodes { cursor } } } } } } }');
    refused(conn);
    // statistics rows: the product of the grouped dimensions, at most BOUNDS.statsRows
    const stats = await t.gql(analyst(), '{ inventoryStats(groupBy: [PART]) { key { part { stockLevels { location { name } } } } } }');
    refused(stats);
    const small = await t.gql(analyst(), '{ ticketStats(groupBy: [STATUS, PRIORITY]) { key { status priority } count openCount avgResolutionMinutes } parts(first: 20) { nodes { sku stockLevels { onHand location { name } } } } }');
    expect(small.errors).toBeUndefined();
  });

  test('2. the services keep the bounds true: statistics rows, stock locations, reservations per ticket', async () => {
    const db = t.hub.app.db;
    const customerId = decodeId(b.customerIds[0], 'Customer');
    await db.query(
      `INSERT INTO interaction (customer_id, channel, direction, summary, occurred_at)
       SELECT $1, 'PHONE', 'INBOUND', 'limits', timestamptz '2020-01-01T00:00:00Z' + g * interval '1 hour' FROM generate_series(0, ${BOUNDS.statsRows}) g`,
      [customerId],
    );
    const window = '{ occurredFrom: "2020-01-01T00:00:00Z", occurredTo: "2020-03-01T00:00:00Z" }';
    const hourly = await t.gql(analyst(), `{ interactionStats(bucket: HOUR, filter: ${window}) { count } }`);
    expect(hourly.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(hourly.errors?.[0].message).toMatch(/more than 1000 rows/);
    const daily = await t.gql(analyst(), `{ interactionStats(bucket: DAY, filter: ${window}) { count } }`);
    expect(daily.errors).toBeUndefined();
    expect(daily.data.interactionStats.length).toBe(42);

    await db.query(
      `INSERT INTO stock_location (code, name, kind) SELECT 'LIM-' || g, 'Van ' || g, 'VAN' FROM generate_series(1, ${BOUNDS.stockLocations - 1}) g`,
    );
    const loc = await t.gql(b.admin, 'mutation($i: CreateStockLocationInput!) { createStockLocation(input: $i) { stockLocation { id } userErrors { code message } } }', {
      i: { code: 'LIM-LAST', name: 'Last van', kind: 'VAN' },
    });
    expect(loc.data.createStockLocation.userErrors).toEqual([]);
    const over = await t.gql(b.admin, 'mutation($i: CreateStockLocationInput!) { createStockLocation(input: $i) { stockLocation { id } userErrors { code message } } }', {
      i: { code: 'LIM-OVER', name: 'One too many', kind: 'VAN' },
    });
    expect(over.data.createStockLocation.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/at most 200 stock locations/) });

    const part = await t.gql(b.admin, 'mutation { createPart(input: { sku: "LIM-1", name: "Gasket", unitCost: "1.00" }) { part { id } userErrors { message } } }');
    const partId = part.data.createPart.part.id;
    const locationId = loc.data.createStockLocation.stockLocation.id;
    const rec = await t.gql(b.admin, 'mutation($i: ReceiveStockInput!) { receiveStock(input: $i) { stockLevel { id } userErrors { message } } }', {
      i: { partId, locationId, quantity: 100 },
    });
    const tk = await ticket(t, b.agentToken, b.customerIds[0]);
    await db.query(
      `INSERT INTO part_reservation (ticket_id, part_id, location_id, stock_level_id, quantity, status)
       SELECT $1, $2, $3, $4, 1, 'RELEASED' FROM generate_series(1, ${BOUNDS.reservationsPerTicket}) g`,
      [decodeId(tk.id, 'Ticket'), decodeId(partId, 'Part'), decodeId(locationId, 'StockLocation'), decodeId(rec.data.receiveStock.stockLevel.id, 'StockLevel')],
    );
    const reserve = await t.gql(b.agentToken, 'mutation($i: ReservePartInput!) { reservePart(input: $i) { userErrors { code message } } }', {
      i: { ticketId: tk.id, partId, locationId, quantity: 1 },
    });
    expect(reserve.data.reservePart.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/at most 50/) });
  });

  test('3. filter bounds apply to the document and variables, over HTTP and WebSocket, before anything is set up', async () => {
    const filter = (n: number) => JSON.stringify({ or: Array.from({ length: n }, (_, i) => ({ status: ['OPEN'], text: `needle ${i}` })) });
    const q = 'query($f: TicketFilter) { tickets(filter: $f) { nodes { id } } }';
    const s = 'subscription($f: TicketFilter) { ticketEvents(filter: $f) { cursor } }';
    // 200 filter objects (the top one and 199 in `or`) are allowed; 201 are not
    expect((await raw(q, `{"f":${filter(199)}}`)).body.errors).toBeUndefined();
    const http = await raw(q, `{"f":${filter(200)}}`);
    expect(http.status).toBe(400);
    expect(http.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(http.body.errors[0].message).toMatch(/more than 200 filter objects/);
    const ws = await wsRefusal(s, `{"f":${filter(200)}}`);
    expect(ws.type).toBe('error');
    expect(ws.payload[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(ws.payload[0].message).toMatch(/more than 200 filter objects/);
    // an 800 KB filter: refused by its size
    const huge = await wsRefusal(s, `{"f":${filter(10_000)}}`);
    expect(huge.payload[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    // inline in the document too, and nesting
    const inline = await wsRefusal(`subscription { ticketEvents(filter: { or: [${Array.from({ length: 201 }, () => '{ status: OPEN }').join(' ')}] }) { cursor } }`);
    expect(inline.payload[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    const nested = await wsRefusal(`subscription { ticketEvents(filter: ${'{ not: '.repeat(12)}{}${' }'.repeat(12)}) { cursor } }`);
    expect(nested.payload[0].message).toMatch(/nests more than 10 levels/);
    const values = await wsRefusal(s, JSON.stringify({ f: { or: [{ customerId: Array.from({ length: 600 }, (_, i) => `c${i}`) }, { assigneeId: Array.from({ length: 600 }, (_, i) => `a${i}`) }] } }));
    expect(values.payload[0].message).toMatch(/more than 1000 values/);
    const text = await wsRefusal(s, JSON.stringify({ f: { text: 'word '.repeat(1000) } }));
    expect(text.payload[0].message).toMatch(/longer than 1000 characters/);
    // a filter within the bounds subscribes
    const fine = await wsRefusal(s, `{"f":${filter(20)}}`);
    expect(fine.type).toBe('subscribed');
  });

  test('4. deeply nested input is refused before graphql-js coerces it, over HTTP and WebSocket', async () => {
    const deep = (n: number) => '{"not":'.repeat(n) + '{}' + '}'.repeat(n);
    for (const levels of [5_000, 100_000]) {
      const http = await raw('query($f: TicketFilter) { tickets(filter: $f) { nodes { id } } }', `{"f":${deep(levels)}}`);
      expect(http.status).toBe(400);
      expect(http.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
      expect(http.body.errors[0].message).toMatch(/nests deeper than 36 levels of objects and lists \(variables: 32\)/);
      const ws = await wsRefusal('subscription($f: TicketFilter) { ticketEvents(filter: $f) { cursor } }', `{"f":${deep(levels)}}`);
      expect(ws.payload[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    }
    // 32 levels of variables pass the message check and are refused by the variables check (33 levels)
    const v33 = await raw('query($f: TicketFilter) { tickets(filter: $f) { nodes { id } } }', `{"f":${deep(32)}}`);
    expect(v33.body.errors[0].message).toMatch(/Variables nest deeper than 32 levels/);
    const ws33 = await wsRefusal('subscription($f: TicketFilter) { ticketEvents(filter: $f) { cursor } }', `{"f":${deep(32)}}`);
    expect(ws33.payload[0].message).toMatch(/Variables nest deeper than 32 levels/);
    // a list variable, and a variable the operation does not even use
    const list = await raw('query($s: [TicketStatus!]) { tickets(filter: { status: $s }) { nodes { id } } }', `{"s":${'['.repeat(50_000)}${']'.repeat(50_000)}}`);
    expect(list.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    const unused = await raw('{ viewer { role } }', `{"x":${deep(50_000)}}`);
    expect(unused.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    // literals in the document
    const literal = await raw(`{ tickets(filter: { status: ${'['.repeat(40)}OPEN${']'.repeat(40)} }) { nodes { id } } }`);
    expect(literal.body.errors[0].message).toMatch(/input value nests deeper than 32 levels/);
    const notNot = await wsRefusal(`subscription { ticketEvents(filter: ${'{not: '.repeat(600)}{}${'}'.repeat(600)}) { cursor } }`);
    expect(notNot.payload[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    // a deep JSON body anywhere else does not crash the parser or the server
    const body = `{"query":"{ viewer { role } }","extensions":${deep(100_000)}}`;
    const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${b.agentToken}` }, body });
    expect(res.status).toBeLessThan(500);
    expect((await fetch(t.url.replace(/\/graphql$/, '/healthz'))).status).toBe(200);
  });

  test('5. repeated fields are refused before validation (QUERY_TOO_COMPLEX, not a validation error)', async () => {
    // 16 KB of one field: validation (OverlappingFieldsCanBeMerged) would compare every pair
    const wide = await t.gql(analyst(), `{ viewer { ${'role '.repeat(3300)} } }`);
    refused(wide);
    // an unknown field in the same document: the limit answers first, so it ran before validation
    const first = await t.gql(analyst(), `{ nosuchfield viewer { ${'role '.repeat(3300)} } }`);
    refused(first);
    // counted across same-named fields and through fragments
    const merged = await t.gql(analyst(), `{ ${Array.from({ length: 19 }, () => `viewer { ${'role '.repeat(199)} }`).join(' ')} }`);
    refused(merged);
    const frags = await t.gql(analyst(), `{ ${Array.from({ length: 90 }, (_, i) => `...G${i}`).join(' ')} } ${Array.from({ length: 90 }, (_, i) => `fragment G${i} on Query { viewer { role } }`).join(' ')}`);
    refused(frags);
    expect(frags.errors?.[0].message).toMatch(/repeats fields or fragments/);
    // over WebSocket as well
    const ws = await wsRefusal(`subscription { ticketEvents { ${'cursor '.repeat(3000)} } }`);
    expect(ws.payload[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    // ordinary repetition (a few fragments selecting the same fields) is fine
    const ok = await t.gql(analyst(), '{ viewer { ...A ...B role } } fragment A on Viewer { role } fragment B on Viewer { role }');
    expect(ok.errors).toBeUndefined();
  });
});

test('subscriptions over the limit are refused per connection and per token', async () => {
  const c1 = t.ws(b.agentToken);
  const q = 'subscription { complaintUpdates { cursor } }';
  const s1 = collect(c1, q);
  const s2 = collect(c1, q);
  const s3 = collect(c1, q);
  await expect(s3.waitFor(1)).rejects.toThrow(/per connection/);
  const c2 = t.ws(b.agentToken);
  const s4 = collect(c2, q);
  const s5 = collect(c2, q);
  await expect(s5.waitFor(1, 5000)).rejects.toThrow(/per token/);
  // a finished subscription frees its place
  // (on the same connection, so the server has handled the completion before the new subscribe)
  // (it resumes from the current cursor, so the complaint below reaches it however late it is set up)
  s1.unsubscribe();
  const from = (await t.gql(b.agentToken, '{ eventCursor }')).data.eventCursor;
  const s6 = collect(c1, 'subscription($after: String) { complaintUpdates(after: $after) { ticket { id } } }', { after: from });
  const complaint = await ticket(t, b.agentToken, b.customerIds[0], { kind: 'COMPLAINT' });
  const [e] = await s6.waitFor(1);
  expect((e as any).complaintUpdates.ticket.id).toBe(complaint.id);
  for (const s of [s2, s4, s6]) s.unsubscribe();
});

test('a caller over its rate gets RATE_LIMITED with a retry hint; others are not affected', async () => {
  const limited = await startTestHub({ databaseUrl: t.databaseUrl, env: { RATE_LIMIT_BURST: '5', RATE_LIMIT_PER_MINUTE: '60' } });
  try {
    const tok = limited.token(Role.ANALYST, { sub: 'busy-analyst' });
    const results = await Promise.all(Array.from({ length: 8 }, () => limited.gql(tok, '{ viewer { role } }')));
    const ok = results.filter((r) => !r.errors);
    const denied = results.filter((r) => r.errors?.[0].extensions?.code === 'RATE_LIMITED');
    expect(ok).toHaveLength(5);
    expect(denied).toHaveLength(3);
    expect(denied[0].status).toBe(429);
    expect((denied[0].errors![0].extensions as Record<string, unknown>).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    const res = await fetch(limited.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tok}` },
      body: JSON.stringify({ query: '{ viewer { role } }' }),
    });
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    const other = await limited.gql(limited.token(Role.ANALYST, { sub: 'calm-analyst' }), '{ viewer { role } }');
    expect(other.errors).toBeUndefined();
  } finally {
    await limited.stop();
  }
});
