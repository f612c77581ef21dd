// Issue 14 item 9: OpenTelemetry spans for operations, resolvers and SQL, exported here to an
// InMemorySpanExporter. One query gives an operation span with SQL statements under it (the
// compiled read: straight under the operation; the resolver path: under the resolvers' spans);
// and when tracing is off nothing is installed (pg is not patched).
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { trace } from '@opentelemetry/api';
import { Client as PgClient } from 'pg';
import { installTracing, tracingActive } from '../src/observability';
import { basics, ticket, type Basics } from './support/fixtures';
import { Role, startTestHub, type TestHub } from './support/harness';

const originalQuery = PgClient.prototype.query;
const exporter = new InMemorySpanExporter();
let release: (() => Promise<void>) | null = null;
let compiled: TestHub;
let resolvers: TestHub;
let b: Basics;

beforeAll(async () => {
  // off: nothing patched, no provider
  expect(tracingActive()).toBe(false);
  expect(PgClient.prototype.query).toBe(originalQuery);
  release = installTracing({ exporter });
  compiled = await startTestHub();
  resolvers = await startTestHub({ databaseUrl: compiled.databaseUrl, env: { COMPILED_READS: 'false' } });
  b = await basics(compiled);
  for (let i = 0; i < 3; i++) await ticket(compiled, b.admin, b.customerIds[i % 2], { subject: `Traced ${i}` });
});

afterAll(async () => {
  await resolvers?.stop();
  await compiled?.stop();
  await release?.();
  // off again: pg as it was, no provider
  expect(tracingActive()).toBe(false);
  expect(PgClient.prototype.query).toBe(originalQuery);
});

const id = (s: ReadableSpan) => s.spanContext().spanId;
const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;

/** Waits for the span named `name` (the request span ends once the response is sent) and returns all spans of its trace. */
async function traceOf(name: string): Promise<{ op: ReadableSpan; spans: ReadableSpan[] }> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const op = exporter.getFinishedSpans().find((s) => s.name === name);
    if (op) {
      // its children ended before it
      const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === op.spanContext().traceId);
      return { op, spans };
    }
    if (Date.now() > deadline) throw new Error(`no span "${name}"; have: ${exporter.getFinishedSpans().map((s) => s.name).join(', ')}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function descendants(of: ReadableSpan, spans: ReadableSpan[]): ReadableSpan[] {
  const out: ReadableSpan[] = [];
  const ids = new Set([id(of)]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of spans) {
      if (!ids.has(id(s)) && ids.has(parentOf(s) ?? '')) {
        ids.add(id(s));
        out.push(s);
        grew = true;
      }
    }
  }
  return out;
}

test('one query (compiled read): an operation span with its SQL statement as a child', async () => {
  exporter.reset();
  const agent = compiled.token(Role.AGENT, { agentId: b.agentIds[0], sub: 'tracer' });
  const r = await compiled.gql(agent, 'query OpenTickets { tickets(first: 5) { totalCount nodes { id subject customer { name } } } }');
  expect(r.errors).toBeUndefined();
  expect(r.data.tickets.totalCount).toBe(3);
  const { op, spans } = await traceOf('query OpenTickets');
  expect(op.attributes['graphql.operation.name']).toBe('OpenTickets');
  expect(op.attributes['graphql.operation.type']).toBe('query');
  expect(op.attributes['servicegraph.read_path']).toBe('compiled');
  expect(op.attributes['http.response.status_code']).toBe(200);
  expect(op.parentSpanContext).toBeUndefined();
  const sql = spans.filter((s) => s.name.startsWith('pg ') && parentOf(s) === id(op));
  expect(sql.length).toBeGreaterThanOrEqual(1);
  const read = sql.find((s) => String(s.attributes['db.statement']).includes('json'))!;
  expect(read).toBeDefined();
  expect(read.name).toBe('pg SELECT');
  expect(read.attributes['db.system']).toBe('postgresql');
  // db.statement is cut to 2,000 characters (the compiled statement is longer)
  for (const s of spans) expect(String(s.attributes['db.statement'] ?? '').length).toBeLessThanOrEqual(2001);

  // the same request again is answered by the HTTP fast path: still one operation span with its statement
  exporter.reset();
  await compiled.gql(agent, 'query OpenTickets { tickets(first: 5) { totalCount nodes { id subject customer { name } } } }');
  const again = await traceOf('query OpenTickets');
  expect(again.op.attributes['servicegraph.read_path']).toBe('fast');
  expect(again.spans.filter((s) => s.name === 'pg SELECT' && parentOf(s) === id(again.op))).toHaveLength(1);
});

test('one query through the resolvers: resolver spans under the operation, SQL under them', async () => {
  exporter.reset();
  const agent = resolvers.token(Role.AGENT, { agentId: b.agentIds[0], sub: 'tracer' });
  const r = await resolvers.gql(agent, 'query Page { tickets(first: 5) { nodes { id subject customer { name } } } }');
  expect(r.errors).toBeUndefined();
  const { op, spans } = await traceOf('query Page');
  const root = spans.find((s) => s.name === 'resolve Query.tickets')!;
  expect(root).toBeDefined();
  expect(parentOf(root)).toBe(id(op));
  expect(root.attributes['graphql.field.path']).toBe('tickets');
  // customer, per ticket (relation fields)
  expect(spans.filter((s) => s.name === 'resolve Ticket.customer').length).toBe(3);
  const sqlUnderResolvers = descendants(root, spans).filter((s) => s.name.startsWith('pg '));
  expect(sqlUnderResolvers.length).toBeGreaterThanOrEqual(1);
  // every SQL statement of the request is somewhere under the operation
  const all = descendants(op, spans);
  const sql = spans.filter((s) => s.name.startsWith('pg '));
  expect(sql.length).toBeGreaterThanOrEqual(2);
  for (const s of sql) expect(all).toContain(s);
});

test('statements outside any traced operation (the event bus polling) make no spans', async () => {
  exporter.reset();
  await compiled.hub.app.db.query('SELECT 1');
  expect(exporter.getFinishedSpans()).toHaveLength(0);
  expect(trace.getActiveSpan()).toBeUndefined();
});

test('released, tracing takes its instrumentation out again', async () => {
  // a second user keeps it installed; the last release removes it
  const second = installTracing({ exporter });
  expect(PgClient.prototype.query).not.toBe(originalQuery);
  await second();
  expect(tracingActive()).toBe(true);
});
