import fs from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  getNamedType,
  isInterfaceType,
  isLeafType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
} from 'graphql';
import { startPruner } from '../src/events/pruner';
import { seedDemoIfEmpty } from '../src/seed/demo';
import { Role, startTestHub, waitUntil, type TestHub } from './support/harness';

/**
 * "Every relation goes through a batch" is a claim this test keeps true: for every field of
 * every type a root list returns (two levels deep, generated from the schema), the statements
 * a request sends must not grow with the number of parents on the page.
 */
const schema = buildSchema(fs.readFileSync(path.join(__dirname, '..', 'schema', 'schema.graphql'), 'utf8'));

let t: TestHub;
let token: string;
beforeAll(async () => {
  t = await startTestHub();
  await seedDemoIfEmpty(t.hub.app, true);
  const [admin] = await t.hub.app.db.query(`SELECT id FROM agent WHERE role = 'ADMIN' ORDER BY email LIMIT 1`);
  token = t.token(Role.ADMIN, { agentId: admin.id });
}, 120000);
afterAll(async () => {
  await t?.stop();
});

const isConnection = (type: GraphQLOutputType) => {
  const named = getNamedType(type);
  return isObjectType(named) && named.name.endsWith('Connection') && !!named.getFields().nodes;
};
const requiredArgs = (f: GraphQLField<unknown, unknown>) => f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined);

/** Leaf fields (no required arguments) to select on an object or interface. */
function leaves(type: GraphQLOutputType): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (!isObjectType(named) && !isInterfaceType(named)) return '{ __typename }';
  const names = Object.values(named.getFields())
    .filter((f) => isLeafType(getNamedType(f.type)) && !requiredArgs(f))
    .map((f) => f.name);
  return `{ __typename ${names.join(' ')} }`;
}

/** The selection of one field with a small, fixed shape under it. */
function select(f: GraphQLField<unknown, unknown>, inner?: string): string {
  if (isConnection(f.type)) {
    const node = (getNamedType(f.type) as GraphQLObjectType).getFields().nodes.type;
    return `${f.name}(first: 3) { totalCount nodes ${inner ?? leaves(node)} }`;
  }
  const named = getNamedType(f.type);
  if (isLeafType(named)) return f.name;
  return `${f.name} ${inner ?? leaves(f.type)}`;
}

function targetType(f: GraphQLField<unknown, unknown>): GraphQLObjectType | null {
  let type = f.type;
  if (isConnection(type)) type = (getNamedType(type) as GraphQLObjectType).getFields().nodes.type;
  const named = getNamedType(type);
  return isObjectType(named) ? named : null;
}

interface Case {
  name: string;
  query: (n: number) => string;
}

/** Fields that resolve with work of their own: objects, lists, and leaves behind a loader. */
function cases(): Case[] {
  const out: Case[] = [];
  const roots = Object.values(schema.getQueryType()!.getFields()).filter((f) => isConnection(f.type) && !requiredArgs(f));
  for (const root of roots) {
    const nodeType = targetType(root)!;
    for (const f of Object.values(nodeType.getFields())) {
      if (requiredArgs(f)) continue;
      out.push({ name: `${root.name} → ${f.name}`, query: (n) => `{ ${root.name}(first: ${n}) { nodes { id ${select(f)} } } }` });
      const next = targetType(f);
      if (!next) continue;
      for (const g of Object.values(next.getFields())) {
        if (requiredArgs(g) || isLeafType(getNamedType(g.type))) continue;
        out.push({
          name: `${root.name} → ${f.name} → ${g.name}`,
          query: (n) => `{ ${root.name}(first: ${n}) { nodes { id ${select(f, `{ __typename ${select(g)} }`)} } } }`,
        });
      }
    }
  }
  return out;
}

const all = cases();

test('the generator covers the relations that matter', () => {
  const names = all.map((c) => c.name);
  for (const n of ['tickets → history', 'customers → tickets', 'tickets → interactions', 'parts → stockLevels', 'tickets → reservations → part']) {
    expect(names).toContain(n);
  }
});

/** Statements one request sends (stats.recent leaves out the hub's background work: src/db/data-source.ts asBackground). */
async function cost(query: string): Promise<{ n: number; errors?: { extensions?: { code?: string } }[] }> {
  t.hub.app.stats.recent = [];
  const r = await t.gql(token, query);
  const sent = t.hub.app.stats.recent;
  t.hub.app.stats.recent = undefined;
  if (r.errors) return { n: NaN, errors: r.errors };
  return { n: sent.length };
}

test.each(all.map((c) => [c.name, c] as const))('%s costs a few statements, whatever the number of parents', async (_name, c) => {
  // large pages, so sparse relations (reservations) have children on both; wide selections under
  // bounded lists may be refused as too costly: then smaller ones
  let sizes: number[] = [];
  let large: Awaited<ReturnType<typeof cost>> = { n: NaN };
  for (const s of [[30, 90], [10, 30], [3, 9], [1, 3]]) {
    sizes = s;
    large = await cost(c.query(s[1]));
    if (large.errors?.[0].extensions?.code !== 'QUERY_TOO_COMPLEX') break;
  }
  expect(large.errors).toBeUndefined();
  const small = await cost(c.query(sizes[0]));
  expect(small.errors).toBeUndefined();
  // at most one statement per level (root, relation, nested relation) and one count each; the
  // larger page may reach a relation the smaller one has no rows for, never more than that
  expect(large.n).toBeLessThanOrEqual(6);
  expect(large.n).toBeGreaterThanOrEqual(small.n);
  expect(large.n - small.n).toBeLessThanOrEqual(2);
});

test("the hub's background work (the bus's read of the log, the pruners) is not counted as a request's statements", async () => {
  t.hub.app.stats.recent = [];
  const before = t.hub.app.stats.queries;
  try {
    t.hub.app.bus.poke();
    const pruner = startPruner(t.hub.app.bus, 24, 1); // runs at once, then every millisecond
    await waitUntil('the pruner and the bus have run', () => t.hub.app.stats.queries >= before + 3, 5000);
    pruner.stop();
    expect(t.hub.app.stats.recent).toEqual([]);
  } finally {
    t.hub.app.stats.recent = undefined;
  }
});
