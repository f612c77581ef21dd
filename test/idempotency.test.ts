import jwt from 'jsonwebtoken';
import { cliToken } from '../src/auth/token-cli';
import { pruneIdempotencyKeys } from '../src/modules/common/idempotency';
import { basics, counts, customer, type Basics } from './support/fixtures';
import { ManualClock, Role, SECRET, startTestHub, type TestHub } from './support/harness';

/**
 * Idempotency keys (README "Idempotency"): scoped to the principal (role + customer or agent id
 * + subject); the same key with the same input replays the first result and writes nothing;
 * with different input it is IDEMPOTENCY_KEY_REUSED; a replay is checked against visibility.
 */
const CREATE = `mutation($input: CreateTicketInput!) {
  createTicket(input: $input) {
    ticket { id subject customer { id name email phone } }
    userErrors { code message field }
  }
}`;

let t: TestHub;
let b: Basics;
beforeAll(async () => {
  t = await startTestHub();
  b = await basics(t);
});
afterAll(async () => {
  await t?.stop();
});

const base = { subject: 'Fridge too warm', kind: 'INCIDENT', priority: 'NORMAL', channel: 'WEB' };

describe('the key belongs to the principal', () => {
  test('two customers with the same subject and key each get their own ticket, never the other one', async () => {
    const a = await customer(t, b.admin, { name: 'Alice Private', email: 'alice.private@mail.example', phone: '+43 1 111' });
    const c = await customer(t, b.admin, { name: 'Bert Other', email: 'bert.other@mail.example', phone: '+43 1 222' });
    const tokA = t.token(Role.CUSTOMER, { customerId: a, sub: 'shared-sub' });
    const tokB = t.token(Role.CUSTOMER, { customerId: c, sub: 'shared-sub' });
    const input = { ...base, idempotencyKey: 'same-key' };

    const first = await t.gql(tokA, CREATE, { input });
    expect(first.data?.createTicket.userErrors).toEqual([]);
    expect(first.data?.createTicket.ticket.customer).toMatchObject({ id: a, name: 'Alice Private' });

    const before = await counts(t);
    const second = await t.gql(tokB, CREATE, { input });
    expect(second.data?.createTicket.userErrors).toEqual([]);
    const tk = second.data?.createTicket.ticket;
    expect(tk.id).not.toBe(first.data?.createTicket.ticket.id);
    expect(tk.customer).toEqual({ id: c, name: 'Bert Other', email: 'bert.other@mail.example', phone: '+43 1 222' });
    expect(JSON.stringify(second)).not.toMatch(/Alice|alice\.private|111/);
    expect((await counts(t)).tickets).toBe(before.tickets + 1);

    // staff with the same subject and key: not theirs either; a fresh call
    const agent = t.token(Role.AGENT, { agentId: b.agentIds[1], sub: 'shared-sub' });
    const third = await t.gql(agent, CREATE, { input: { ...input, customerId: c } });
    expect(third.data?.createTicket.userErrors).toEqual([]);
    expect(new Set([first, second, third].map((r) => r.data?.createTicket.ticket.id)).size).toBe(3);

    // and each principal's own retry still replays its own first result
    const retryA = await t.gql(tokA, CREATE, { input });
    expect(retryA.data?.createTicket.ticket.id).toBe(first.data?.createTicket.ticket.id);
    const retryB = await t.gql(tokB, CREATE, { input });
    expect(retryB.data?.createTicket.ticket.id).toBe(tk.id);
  });

  test('a replayed result is checked against visibility: one that is no longer the viewer’s is not returned', async () => {
    const a = await customer(t, b.admin, { name: 'Vera Visible' });
    const c = await customer(t, b.admin, { name: 'Hidden Hugo', email: 'hugo.hidden@mail.example', phone: '+43 1 999' });
    const tokA = t.token(Role.CUSTOMER, { customerId: a, sub: 'vera' });
    const input = { ...base, idempotencyKey: 'moved-1' };
    const first = await t.gql(tokA, CREATE, { input });
    const id = first.data?.createTicket.ticket.id;
    expect(id).toBeTruthy();
    // the ticket now belongs to somebody else (a data fix by an operator, say)
    const uuid = Buffer.from(id, 'base64url').toString().split(':')[1];
    const cUuid = Buffer.from(c, 'base64url').toString().split(':')[1];
    await t.hub.app.db.query(`UPDATE ticket SET customer_id = $1 WHERE id = $2`, [cUuid, uuid]);

    const before = await counts(t);
    const retry = await t.gql(tokA, CREATE, { input });
    expect(retry.errors).toBeUndefined();
    expect(retry.data?.createTicket.ticket).toBeNull();
    expect(retry.data?.createTicket.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'idempotencyKey'] })]);
    expect(JSON.stringify(retry)).not.toMatch(/Hugo|hugo\.hidden|999/);
    expect(await counts(t)).toEqual(before);
  });
});

describe('the key belongs to one input', () => {
  test('same key and same input (in any field order) replays; different input is IDEMPOTENCY_KEY_REUSED and writes nothing', async () => {
    const input = { customerId: b.customerIds[0], ...base, description: 'since Monday', idempotencyKey: 'input-1' };
    const first = await t.gql(b.agentToken, CREATE, { input });
    expect(first.data?.createTicket.userErrors).toEqual([]);
    const before = await counts(t);

    const reordered = Object.fromEntries(Object.entries(input).reverse());
    const same = await t.gql(b.agentToken, CREATE, { input: reordered });
    expect(same.data?.createTicket).toEqual(first.data?.createTicket);

    for (const changed of [{ subject: 'Freezer too warm' }, { description: null }, { priority: 'HIGH' }, { customerId: b.customerIds[1] }]) {
      const r = await t.gql(b.agentToken, CREATE, { input: { ...input, ...changed } });
      expect(r.data?.createTicket.ticket).toBeNull();
      expect(r.data?.createTicket.userErrors).toEqual([
        expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', field: ['input', 'idempotencyKey'] }),
      ]);
    }
    expect(await counts(t)).toEqual(before);
  });

  test('the same mechanism covers stock mutations', async () => {
    const part = await t.gql(
      b.admin,
      `mutation($i: CreatePartInput!) { createPart(input: $i) { part { id } userErrors { code } } }`,
      { i: { sku: 'IDEM-1', name: 'Gasket', unitCost: '2.00' } },
    );
    const loc = await t.gql(
      b.admin,
      `mutation($i: CreateStockLocationInput!) { createStockLocation(input: $i) { stockLocation { id } userErrors { code } } }`,
      { i: { code: 'IDEM-WH', name: 'Idem warehouse', kind: 'WAREHOUSE' } },
    );
    const RECEIVE = `mutation($i: ReceiveStockInput!) { receiveStock(input: $i) { stockLevel { onHand } userErrors { code } } }`;
    const i = { partId: part.data.createPart.part.id, locationId: loc.data.createStockLocation.stockLocation.id, quantity: 5, idempotencyKey: 'rcv-1' };
    expect((await t.gql(b.admin, RECEIVE, { i })).data.receiveStock.stockLevel.onHand).toBe(5);
    expect((await t.gql(b.admin, RECEIVE, { i })).data.receiveStock.stockLevel.onHand).toBe(5);
    const other = await t.gql(b.admin, RECEIVE, { i: { ...i, quantity: 50 } });
    expect(other.data.receiveStock).toEqual({ stockLevel: null, userErrors: [{ code: 'IDEMPOTENCY_KEY_REUSED' }] });
  });
});

describe('concurrent twins', () => {
  test('with the same key and input: one write, every twin gets the same result', async () => {
    const input = { customerId: b.customerIds[1], ...base, idempotencyKey: 'twins-same' };
    const before = await counts(t);
    const rs = await Promise.all([1, 2, 3, 4, 5, 6].map(() => t.gql(b.agentToken, CREATE, { input })));
    for (const r of rs) expect(r.data?.createTicket.userErrors).toEqual([]);
    expect(new Set(rs.map((r) => r.data?.createTicket.ticket.id)).size).toBe(1);
    expect((await counts(t)).tickets).toBe(before.tickets + 1);
  });

  test('with the same key and different input: one wins, the others get IDEMPOTENCY_KEY_REUSED', async () => {
    const before = await counts(t);
    const rs = await Promise.all(
      ['a', 'b', 'c', 'd', 'e', 'f'].map((s) =>
        t.gql(b.agentToken, CREATE, { input: { customerId: b.customerIds[1], ...base, subject: `Twin ${s}`, idempotencyKey: 'twins-differ' } }),
      ),
    );
    const won = rs.filter((r) => r.data?.createTicket.ticket);
    const lost = rs.filter((r) => !r.data?.createTicket.ticket);
    expect(won).toHaveLength(1);
    expect(won[0].data?.createTicket.userErrors).toEqual([]);
    for (const r of lost) expect(r.data?.createTicket.userErrors.map((e: { code: string }) => e.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect((await counts(t)).tickets).toBe(before.tickets + 1);
  });
});

describe('how long a key lives', () => {
  test('a key is remembered for IDEMPOTENCY_KEY_TTL_HOURS; after that it is forgotten and pruned', async () => {
    const clock = new ManualClock(Date.parse('2026-06-01T08:00:00Z'));
    const h = await startTestHub({ clock, env: { IDEMPOTENCY_KEY_TTL_HOURS: '2' } });
    try {
      const bb = await basics(h);
      const input = { customerId: bb.customerIds[0], ...base, idempotencyKey: 'ttl-1' };
      const first = await h.gql(bb.agentToken, CREATE, { input });
      clock.advanceMinutes(119);
      const replay = await h.gql(bb.agentToken, CREATE, { input });
      expect(replay.data?.createTicket.ticket.id).toBe(first.data?.createTicket.ticket.id);
      const reused = await h.gql(bb.agentToken, CREATE, { input: { ...input, subject: 'Something else' } });
      expect(reused.data?.createTicket.userErrors[0].code).toBe('IDEMPOTENCY_KEY_REUSED');

      clock.advanceMinutes(2); // 121 minutes: the key has expired
      const fresh = await h.gql(bb.agentToken, CREATE, { input: { ...input, subject: 'Something else' } });
      expect(fresh.data?.createTicket.userErrors).toEqual([]);
      expect(fresh.data?.createTicket.ticket.id).not.toBe(first.data?.createTicket.ticket.id);
      // and that new result is remembered from now on
      const again = await h.gql(bb.agentToken, CREATE, { input: { ...input, subject: 'Something else' } });
      expect(again.data?.createTicket.ticket.id).toBe(fresh.data?.createTicket.ticket.id);

      await h.gql(bb.agentToken, CREATE, { input: { ...input, idempotencyKey: 'ttl-2' } });
      clock.advanceMinutes(121);
      expect(await pruneIdempotencyKeys(h.hub.app)).toBe(2);
      expect(await h.hub.app.db.query(`SELECT key FROM idempotency_key`)).toEqual([]);
    } finally {
      await h.stop();
    }
  });
});

describe('the token CLI', () => {
  test('issues a subject of its own for every token, unless --sub is given', () => {
    const customerId = '6f1c2a52-0d55-4c8e-9b0e-2f3d4c5b6a79';
    const subs = [1, 2, 3].map(() => (jwt.verify(cliToken(['--role', 'customer', '--customer', customerId], SECRET), SECRET) as jwt.JwtPayload).sub);
    expect(new Set(subs).size).toBe(3);
    for (const s of subs) expect(s).toMatch(/^customer-cli-[A-Za-z0-9_-]{8,}$/);
    const named = jwt.verify(cliToken(['--role', 'AGENT', '--sub', 'night-shift'], SECRET), SECRET) as jwt.JwtPayload;
    expect(named).toMatchObject({ sub: 'night-shift', role: 'AGENT' });
    expect(() => cliToken(['--role', 'CUSTOMER'], SECRET)).toThrow(/--customer/);
  });

  test('two CLI tokens for different customers never share a key', async () => {
    const a = await customer(t, b.admin, { name: 'Cli One' });
    const c = await customer(t, b.admin, { name: 'Cli Two' });
    const uuid = (g: string) => Buffer.from(g, 'base64url').toString().split(':')[1];
    const [tokA, tokB] = [a, c].map((id) => cliToken(['--role', 'CUSTOMER', '--customer', uuid(id)], SECRET));
    const input = { ...base, idempotencyKey: 'cli-key' };
    const ra = await t.gql(tokA, CREATE, { input });
    const rb = await t.gql(tokB, CREATE, { input });
    expect(ra.data?.createTicket.ticket.customer.id).toBe(a);
    expect(rb.data?.createTicket.ticket.customer.id).toBe(c);
  });
});
