/**
 * The stock status has one description (STOCK_STATUS_RULE in inventory.enums.ts), rendered to
 * SQL (`stockStatusSql`: filters, statistics) and to TypeScript (`stockStatus`: the `status`
 * field, the statuses in stock events). Properties:
 * - over generated (on hand, reserved, reorder point), also outside what the table admits,
 *   PostgreSQL and TypeScript agree;
 * - through the API, for random levels, `stockLevels(filter: {status})` selects exactly the
 *   levels whose `status` field says so.
 */
import { Client } from 'pg';
import { StockStatus, stockStatus, stockStatusSql } from '../src/modules/inventory/inventory.enums';
import { gid, Role, startTestHub, type TestHub } from './support/harness';
import { prng, seedOf } from './support/random';

const SEED = seedOf(777);
const STATUSES = Object.values(StockStatus);

test('generated triples: stockStatusSql and stockStatus agree', async () => {
  const rng = prng(SEED);
  const rows = Array.from({ length: 5000 }, (_, i) => ({ i, on_hand: rng.int(-3, 12), reserved: rng.int(-3, 12), reorder_point: rng.int(-3, 12) }));
  const db = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  await db.connect();
  try {
    const { rows: sql } = await db.query(
      `SELECT r.i, ${stockStatusSql('r')} AS status FROM jsonb_to_recordset($1::jsonb) AS r(i int, on_hand int, reserved int, reorder_point int)`,
      [JSON.stringify(rows)],
    );
    const differ = sql
      .map((s: { i: number; status: string }) => ({ row: rows[s.i], sql: s.status, ts: stockStatus(rows[s.i].on_hand, rows[s.i].reserved, rows[s.i].reorder_point) }))
      .filter((d: { sql: string; ts: string }) => d.sql !== d.ts);
    expect(differ.slice(0, 3)).toEqual([]);
    expect(sql.length).toBe(rows.length);
  } finally {
    await db.end();
  }
});

describe('through the API', () => {
  let t: TestHub;
  let admin: string;
  let partId: string;
  const LEVELS = 60;

  beforeAll(async () => {
    t = await startTestHub();
    admin = t.token(Role.ADMIN);
    const db = t.hub.app.db;
    const [part] = await db.query(`INSERT INTO part (sku, name, unit_cost) VALUES ('AGREE-1', 'Agreement part', 1) RETURNING id`);
    partId = part.id;
    await db.query(
      `INSERT INTO stock_location (code, name, kind) SELECT 'LOC' || g, 'Location ' || g, 'DEPOT' FROM generate_series(1, $1) g`,
      [LEVELS],
    );
    await db.query(`INSERT INTO stock_level (part_id, location_id) SELECT $1, id FROM stock_location`, [partId]);
  });
  afterAll(async () => {
    await t?.stop();
  });

  const QUERY = `query($part: [ID!]) { all: stockLevels(first: 100, filter: { partId: $part }) { nodes { id status onHand reserved reorderPoint } } ${STATUSES.map(
    (s) => `${s}: stockLevels(first: 100, filter: { partId: $part, status: [${s}] }) { nodes { id } }`,
  ).join(' ')} }`;

  test('random on hand, reserved and reorder points: the status filter selects what the status field says', async () => {
    const rng = prng(SEED + 1);
    const seen = new Set<string>();
    for (let round = 0; round < 6; round++) {
      const values = Array.from({ length: LEVELS }, () => {
        const onHand = rng.int(0, 12);
        return { onHand, reserved: rng.int(0, onHand), reorderPoint: rng.int(0, 8) };
      });
      await t.hub.app.db.query(
        `UPDATE stock_level l SET on_hand = v.on_hand, reserved = v.reserved, reorder_point = v.reorder_point
           FROM (SELECT row_number() OVER (ORDER BY id) AS n, id FROM stock_level) o
           JOIN jsonb_to_recordset($1::jsonb) AS v(n int, on_hand int, reserved int, reorder_point int) ON v.n = o.n
          WHERE l.id = o.id`,
        [JSON.stringify(values.map((v, i) => ({ n: i + 1, on_hand: v.onHand, reserved: v.reserved, reorder_point: v.reorderPoint })))],
      );
      const r = await t.gql(admin, QUERY, { part: [gid('Part', partId)] });
      expect(r.errors).toBeUndefined();
      const nodes = r.data.all.nodes as { id: string; status: string; onHand: number; reserved: number; reorderPoint: number }[];
      expect(nodes.length).toBe(LEVELS);
      for (const s of STATUSES) {
        const filtered = (r.data[s].nodes as { id: string }[]).map((n) => n.id).sort();
        const field = nodes.filter((n) => n.status === s).map((n) => n.id).sort();
        // and stockStatus itself, in this process (whichever path answered the field)
        const evaluated = nodes.filter((n) => stockStatus(n.onHand, n.reserved, n.reorderPoint) === s).map((n) => n.id).sort();
        expect({ round, status: s, ids: filtered }).toEqual({ round, status: s, ids: field });
        expect({ round, status: s, ids: filtered }).toEqual({ round, status: s, ids: evaluated });
        if (field.length) seen.add(s);
      }
    }
    expect(seen).toEqual(new Set(STATUSES));
  });
});
