/**
 * Every ```graphql block of README.md runs as written against a hub seeded with the demo data
 * (seedDemoIfEmpty), with the demo token of the role its `# as ROLE` line names (AGENT when none).
 *
 * The README's one convention for ids: a comment line `# $name ← { query }` above an operation
 * says where the variable `$name` comes from: the query is run first and its first scalar value
 * is passed as `name`. Nothing else is substituted: a placeholder (…) fails, so does a declared
 * variable without such a line.
 *
 * Queries must answer without errors and with rows (every root field non-null, lists and
 * connections non-empty); mutations without errors and without userErrors; subscriptions must be
 * accepted (set up on the hub's fan-out with no error). A block with several operations runs
 * each, in order, by name.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { Role } from '../src/modules/common/enums';
import { demoIdentities, seedDemoIfEmpty } from '../src/seed/demo';
import { startTestHub, type TestHub } from './support/harness';

interface Block {
  /** where it is: the README heading above it and its first line */
  title: string;
  text: string;
  role: Role;
  lookups: Map<string, string>;
}

const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

function readmeBlocks(): Block[] {
  const blocks: Block[] = [];
  let heading = '(top)';
  const fence = /^```graphql\s*$([\s\S]*?)^```\s*$/gm;
  let m: RegExpExecArray | null;
  while ((m = fence.exec(README))) {
    const before = README.slice(0, m.index);
    const h = [...before.matchAll(/^#{2,3} (.+)$/gm)].pop();
    if (h) heading = h[1];
    const text = m[1].replace(/^\n/, '');
    const lines = text.split('\n');
    const roleLine = lines.map((l) => /^#\s*as\s+([A-Z]+)\s*$/.exec(l)).find(Boolean);
    const role = (roleLine ? roleLine[1] : 'AGENT') as Role;
    const lookups = new Map<string, string>();
    for (const l of lines) {
      const lk = /^#\s*\$(\w+)\s*←\s*(\{.*\})\s*$/.exec(l);
      if (lk) lookups.set(lk[1], lk[2]);
    }
    const first = lines.find((l) => l.trim() && !l.startsWith('#')) ?? '';
    blocks.push({ title: `#${blocks.length + 1} (${heading}) ${first.trim().slice(0, 50)}`, text, role, lookups });
  }
  return blocks;
}

const blocks = readmeBlocks();

/** The first scalar value in a result, depth first. */
function firstScalar(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    for (const v of value) {
      const s = firstScalar(v);
      if (s !== undefined) return s;
    }
    return undefined;
  }
  if (typeof value === 'object') {
    for (const v of Object.values(value as Record<string, unknown>)) {
      const s = firstScalar(v);
      if (s !== undefined) return s;
    }
    return undefined;
  }
  return value;
}

/** Root fields that came back empty: null, [], or a connection without nodes/edges or with totalCount 0. */
function emptyRoots(data: Record<string, unknown>): string[] {
  const empty: string[] = [];
  for (const [key, v] of Object.entries(data)) {
    if (v === null || v === undefined) empty.push(key);
    else if (Array.isArray(v)) {
      if (v.length === 0) empty.push(key);
    } else if (typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const list = (o.nodes ?? o.edges) as unknown[] | undefined;
      if ((Array.isArray(list) && list.length === 0) || o.totalCount === 0) empty.push(key);
    }
  }
  return empty;
}

let t: TestHub;
const tokens = new Map<Role, string>();

beforeAll(async () => {
  t = await startTestHub();
  await seedDemoIfEmpty(t.hub.app, true);
  const ids = await demoIdentities(t.hub.app);
  if (!ids) throw new Error('the demo seed made no agents');
  for (const [role, who] of Object.entries(ids)) {
    tokens.set(role as Role, t.token(role as Role, { sub: who!.sub, agentId: who!.agentId ?? undefined, customerId: who!.customerId ?? undefined }));
  }
}, 120000);

afterAll(async () => {
  await t?.stop();
});

test('the README has graphql examples, and each names a role the demo has', () => {
  expect(blocks.length).toBeGreaterThanOrEqual(6);
  for (const b of blocks) expect(Object.values(Role)).toContain(b.role);
});

/** Subscribes and resolves once the hub's fan-out runs one more member, or rejects on an error. */
async function subscribeAccepted(token: string, query: string, operationName: string | undefined, variables: Record<string, unknown>): Promise<void> {
  const client = t.ws(token);
  const fanout = t.hub.server.fanout;
  const before = fanout.stats.members;
  let failure: unknown = null;
  const unsubscribe = client.subscribe(
    { query, operationName, variables },
    {
      next: (v) => {
        if (v.errors?.length) failure = v.errors;
      },
      error: (e) => {
        failure = e instanceof Error ? e.message : e;
      },
      complete: () => {
        failure ??= 'the subscription completed at once';
      },
    },
  );
  try {
    const deadline = Date.now() + 15000;
    while (fanout.stats.members <= before && failure === null) {
      if (Date.now() > deadline) throw new Error(`subscription ${operationName ?? ''} was not set up within 15 s`);
      await new Promise((r) => setTimeout(r, 20));
    }
    if (failure !== null) throw new Error(`subscription ${operationName ?? ''} failed: ${JSON.stringify(failure)}`);
  } finally {
    unsubscribe();
    await client.dispose();
    // the next example counts from here: wait for this member to leave
    const deadline = Date.now() + 5000;
    while (fanout.stats.members > before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(blocks.map((b) => [b.title, b] as const))('README example %s', (_title, block) => {
  test('runs as written', async () => {
    expect(block.text).not.toMatch(/…/);
    const token = tokens.get(block.role);
    if (!token) throw new Error(`no demo identity for role ${block.role}`);
    const doc = parse(block.text);
    const ops = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    expect(ops.length).toBeGreaterThan(0);
    if (ops.length > 1) for (const op of ops) expect(op.name?.value).toBeTruthy();

    for (const op of ops) {
      const operationName = op.name?.value;
      const variables: Record<string, unknown> = {};
      for (const def of op.variableDefinitions ?? []) {
        const name = def.variable.name.value;
        const lookup = block.lookups.get(name);
        if (!lookup) {
          if (def.defaultValue) continue;
          throw new Error(`$${name} has no "# $${name} ← { … }" line saying where it comes from`);
        }
        const r = await t.gql(token, lookup);
        expect({ lookup, errors: r.errors }).toEqual({ lookup, errors: undefined });
        const value = firstScalar(r.data);
        if (value === undefined) throw new Error(`the lookup of $${name} found nothing: ${JSON.stringify(r.data)}`);
        variables[name] = value;
      }

      if (op.operation === 'subscription') {
        await subscribeAccepted(token, block.text, operationName, variables);
        continue;
      }
      const res = await fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: block.text, operationName, variables }),
      });
      const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
      expect({ operationName, status: res.status, errors: body.errors }).toEqual({ operationName, status: 200, errors: undefined });
      const data = body.data!;
      if (op.operation === 'mutation') {
        for (const [field, payload] of Object.entries(data)) {
          expect({ field, userErrors: (payload as { userErrors?: unknown[] } | null)?.userErrors ?? [] }).toEqual({ field, userErrors: [] });
        }
      } else {
        expect({ operationName, empty: emptyRoots(data) }).toEqual({ operationName, empty: [] });
      }
    }
  });
});
