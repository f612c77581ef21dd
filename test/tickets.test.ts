import {
  AssignTicketDocument,
  ChangeTicketStatusDocument,
  CreateTicketDocument,
  RateTicketDocument,
  ResolveTicketDocument,
  TicketDetailDocument,
  UpdateTicketDocument,
} from './generated/operations';
import { basics, counts, ticket, type Basics } from './support/fixtures';
import { Role, startTestHub, type TestHub } from './support/harness';

let t: TestHub;
let b: Basics;
beforeAll(async () => {
  t = await startTestHub();
  b = await basics(t);
});
afterAll(async () => {
  await t?.stop();
});

describe('createTicket', () => {
  test('opens a NEW ticket with a human number, the default service level and due times from its targets', async () => {
    const before = Date.now();
    const a = await ticket(t, b.agentToken, b.customerIds[0], { priority: 'HIGH', subject: '  Boiler E21 error  ', reason: 'REPAIR' });
    const c = await ticket(t, b.agentToken, b.customerIds[0]);
    expect(a.status).toBe('NEW');
    expect(a.subject).toBe('Boiler E21 error');
    expect(a.version).toBe(1);
    expect(c.number).toBe(a.number + 1);
    expect(a.serviceLevel?.id).toBe(b.serviceLevelId);
    const created = Date.parse(a.createdAt);
    expect(created).toBeGreaterThanOrEqual(before - 1000);
    // HIGH: first response 60 min, resolution 480 min, round the clock
    expect(Date.parse(a.sla.firstResponseDueAt!) - created).toBe(60 * 60000);
    expect(Date.parse(a.sla.resolutionDueAt!) - created).toBe(480 * 60000);
    expect(a.sla.state).toBe('ON_TRACK');
    expect(a.sla.breached).toBe(false);
    expect(a.sla.minutesToBreach).toBeGreaterThanOrEqual(58);
    const byNumber = await t.gql(b.agentToken, TicketDetailDocument, { number: a.number });
    expect(byNumber.data?.ticket?.id).toBe(a.id);
  });

  test('a customer opens a ticket for itself without naming the customer', async () => {
    const tk = await ticket(t, b.customerTokens[0], null, { channel: 'WEB' });
    expect(tk.customer.id).toBe(b.customerIds[0]);
  });

  test('a customer cannot open a ticket for another customer', async () => {
    const before = await counts(t);
    const r = await t.gql(b.customerTokens[0], CreateTicketDocument, {
      input: { customerId: b.customerIds[1], subject: 'x', kind: 'QUESTION', priority: 'LOW', channel: 'WEB' },
    });
    expect(r.data?.createTicket.ticket).toBeNull();
    expect(r.data?.createTicket.userErrors[0].code).toBe('NOT_FOUND');
    expect(await counts(t)).toEqual(before);
  });

  test.each([
    ['an unknown customer', { customerId: 'Q3VzdG9tZXI6MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAw' }, 'NOT_FOUND', ['input', 'customerId']],
    ['a malformed customer id', { customerId: 'not-an-id' }, 'NOT_FOUND', ['input', 'customerId']],
    ['an empty subject', { subject: '   ' }, 'INVALID_INPUT', ['input', 'subject']],
    ['an oversized subject', { subject: 'x'.repeat(301) }, 'INVALID_INPUT', ['input', 'subject']],
    ['an oversized description', { description: 'y'.repeat(20001) }, 'INVALID_INPUT', ['input', 'description']],
    ['a NUL character', { subject: 'bad\u0000subject' }, 'INVALID_INPUT', ['input', 'subject']],
    ['a missing customer for staff', { customerId: null }, 'INVALID_INPUT', ['input', 'customerId']],
  ])('%s is a userError and writes nothing', async (_name, override, code, field) => {
    const before = await counts(t);
    const r = await t.gql(b.agentToken, CreateTicketDocument, {
      input: { customerId: b.customerIds[0], subject: 'ok', kind: 'QUESTION', priority: 'LOW', channel: 'EMAIL', ...override },
    });
    expect(r.errors).toBeUndefined();
    expect(r.data?.createTicket.ticket).toBeNull();
    expect(r.data?.createTicket.userErrors).toEqual([expect.objectContaining({ code, field })]);
    expect(await counts(t)).toEqual(before);
  });

  test('an unknown enum value is a malformed request, not a server error', async () => {
    const r = await t.gql(b.agentToken, CreateTicketDocument, {
      input: { customerId: b.customerIds[0], subject: 'ok', kind: 'NONSENSE', priority: 'LOW', channel: 'EMAIL' },
    });
    expect(r.status).toBe(400);
    expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('a retried create with the same idempotency key returns the first ticket and writes nothing again, also when sent concurrently', async () => {
    const input = { customerId: b.customerIds[1], subject: 'Washer drum noise', kind: 'REPAIR', priority: 'NORMAL', channel: 'PHONE', idempotencyKey: 'retry-1' };
    const first = await t.gql(b.agentToken, CreateTicketDocument, { input });
    const before = await counts(t);
    const again = await Promise.all([1, 2, 3, 4, 5].map(() => t.gql(b.agentToken, CreateTicketDocument, { input })));
    for (const r of again) expect(r.data?.createTicket.ticket?.id).toBe(first.data?.createTicket.ticket?.id);
    expect(await counts(t)).toEqual(before);

    const racing = await Promise.all([1, 2, 3, 4, 5, 6].map(() => t.gql(b.agentToken, CreateTicketDocument, { input: { ...input, idempotencyKey: 'race-1' } })));
    const ids = new Set(racing.map((r) => r.data?.createTicket.ticket?.id));
    expect(ids.size).toBe(1);
    expect((await counts(t)).tickets).toBe(before.tickets + 1);
  });
});

describe('the status machine', () => {
  const ALL = ['NEW', 'OPEN', 'PENDING', 'ON_HOLD', 'RESOLVED', 'CLOSED'] as const;
  const ALLOWED: Record<string, string[]> = {
    NEW: ['OPEN', 'PENDING', 'ON_HOLD', 'RESOLVED'],
    OPEN: ['PENDING', 'ON_HOLD', 'RESOLVED'],
    PENDING: ['OPEN', 'RESOLVED'],
    ON_HOLD: ['OPEN', 'RESOLVED'],
    RESOLVED: ['OPEN', 'CLOSED'],
    CLOSED: [],
  };
  // how to reach each status from NEW
  const PATH: Record<string, string[]> = {
    NEW: [],
    OPEN: ['OPEN'],
    PENDING: ['PENDING'],
    ON_HOLD: ['ON_HOLD'],
    RESOLVED: ['RESOLVED'],
    CLOSED: ['RESOLVED', 'CLOSED'],
  };

  async function move(id: string, status: string) {
    if (status === 'RESOLVED') {
      return (await t.gql(b.agentToken, ResolveTicketDocument, { input: { ticketId: id, resolution: 'Replaced the seal', rootCause: 'PRODUCT_DEFECT' } })).data!.resolveTicket;
    }
    return (await t.gql(b.agentToken, ChangeTicketStatusDocument, { input: { ticketId: id, status } })).data!.changeTicketStatus;
  }

  for (const from of ALL) {
    for (const to of ALL) {
      const ok = ALLOWED[from].includes(to);
      test(`${from} → ${to} is ${ok ? 'allowed' : 'INVALID_TRANSITION'}`, async () => {
        const tk = await ticket(t, b.agentToken, b.customerIds[0]);
        for (const s of PATH[from]) expect((await move(tk.id, s)).userErrors).toEqual([]);
        const before = await counts(t);
        const r = await move(tk.id, to);
        if (ok) {
          expect(r.userErrors).toEqual([]);
          expect(r.ticket?.status).toBe(to);
          if (to === 'CLOSED') expect(r.ticket?.closedAt).not.toBeNull();
          if (to === 'RESOLVED') expect(r.ticket?.resolvedAt).not.toBeNull();
        } else {
          expect(r.ticket).toBeNull();
          expect(r.userErrors[0].code).toBe('INVALID_TRANSITION');
          expect(await counts(t)).toEqual(before);
        }
      });
    }
  }

  test('changeTicketStatus to RESOLVED points to resolveTicket, which needs a resolution', async () => {
    const tk = await ticket(t, b.agentToken, b.customerIds[0]);
    const r = await t.gql(b.agentToken, ChangeTicketStatusDocument, { input: { ticketId: tk.id, status: 'RESOLVED' } });
    expect(r.data?.changeTicketStatus.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'status'] });
    expect(r.data?.changeTicketStatus.userErrors[0].message).toMatch(/resolveTicket/);
    const empty = await t.gql(b.agentToken, ResolveTicketDocument, { input: { ticketId: tk.id, resolution: ' ', rootCause: 'NO_FAULT' } });
    expect(empty.data?.resolveTicket.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'resolution'] });
    const ok = await t.gql(b.agentToken, ResolveTicketDocument, { input: { ticketId: tk.id, resolution: 'Explained the billing cycle', rootCause: 'CUSTOMER_EDUCATION' } });
    expect(ok.data?.resolveTicket.ticket).toMatchObject({ status: 'RESOLVED', resolution: 'Explained the billing cycle', rootCause: 'CUSTOMER_EDUCATION' });
    expect(ok.data?.resolveTicket.ticket?.sla.state).toBe('MET');
  });

  test('reopening a resolved ticket clears resolvedAt and restarts its clock', async () => {
    const tk = await ticket(t, b.agentToken, b.customerIds[0]);
    await move(tk.id, 'RESOLVED');
    const r = await move(tk.id, 'OPEN');
    expect(r.ticket?.status).toBe('OPEN');
    expect(r.ticket?.resolvedAt).toBeNull();
    expect(r.ticket?.sla.state).toBe('ON_TRACK');
  });
});

describe('versions', () => {
  test('a stale expectedVersion is VERSION_CONFLICT and writes nothing; the current one succeeds and bumps it', async () => {
    const tk = await ticket(t, b.agentToken, b.customerIds[0]);
    const ok = await t.gql(b.agentToken, UpdateTicketDocument, { input: { id: tk.id, expectedVersion: 1, subject: 'Dishwasher leaks at the door' } });
    expect(ok.data?.updateTicket.ticket?.version).toBe(2);
    const before = await counts(t);
    const stale = await t.gql(b.agentToken, UpdateTicketDocument, { input: { id: tk.id, expectedVersion: 1, subject: 'overwrite' } });
    expect(stale.data?.updateTicket.userErrors[0]).toMatchObject({ code: 'VERSION_CONFLICT', field: ['input', 'expectedVersion'] });
    expect(await counts(t)).toEqual(before);
    for (const doc of [AssignTicketDocument, ChangeTicketStatusDocument, ResolveTicketDocument]) {
      const input: Record<string, unknown> = { ticketId: tk.id, expectedVersion: 1 };
      if (doc === AssignTicketDocument) input.agentId = b.agentIds[0];
      if (doc === ChangeTicketStatusDocument) input.status = 'OPEN';
      if (doc === ResolveTicketDocument) Object.assign(input, { resolution: 'x', rootCause: 'NO_FAULT' });
      const r = await t.gql(b.agentToken, doc as never, { input });
      const payload = Object.values(r.data as Record<string, { userErrors: { code: string }[] }>)[0];
      expect(payload.userErrors[0].code).toBe('VERSION_CONFLICT');
    }
    expect(await counts(t)).toEqual(before);
  });

  test('of 10 concurrent updates against the same version exactly one wins', async () => {
    const tk = await ticket(t, b.agentToken, b.customerIds[0]);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => t.gql(b.agentToken, UpdateTicketDocument, { input: { id: tk.id, expectedVersion: 1, subject: `edit ${i}` } })),
    );
    const won = results.filter((r) => r.data?.updateTicket.userErrors.length === 0);
    const lost = results.filter((r) => r.data?.updateTicket.userErrors[0]?.code === 'VERSION_CONFLICT');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(9);
    const now = await t.gql(b.agentToken, TicketDetailDocument, { id: tk.id });
    expect(now.data?.ticket?.version).toBe(2);
    expect(now.data?.ticket?.subject).toBe(won[0].data?.updateTicket.ticket?.subject);
  });
});

describe('updateTicket, assignTicket', () => {
  test('a priority change re-plans the due times', async () => {
    const tk = await ticket(t, b.agentToken, b.customerIds[0], { priority: 'LOW' });
    const r = await t.gql(b.agentToken, UpdateTicketDocument, { input: { id: tk.id, priority: 'URGENT' } });
    const u = r.data!.updateTicket.ticket!;
    expect(Date.parse(u.sla.firstResponseDueAt!) - Date.parse(u.createdAt)).toBe(15 * 60000);
    expect(Date.parse(u.sla.resolutionDueAt!) - Date.parse(u.createdAt)).toBe(240 * 60000);
  });

  test('an update with nothing in it, or an unknown ticket, is a userError', async () => {
    const tk = await ticket(t, b.agentToken, b.customerIds[0]);
    const none = await t.gql(b.agentToken, UpdateTicketDocument, { input: { id: tk.id } });
    expect(none.data?.updateTicket.userErrors[0].code).toBe('INVALID_INPUT');
    const unknown = await t.gql(b.agentToken, UpdateTicketDocument, { input: { id: 'VGlja2V0OjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA', subject: 'x' } });
    expect(unknown.data?.updateTicket.userErrors[0]).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'id'] });
  });

  test('assign, reassign and unassign; an unknown agent is NOT_FOUND', async () => {
    const tk = await ticket(t, b.agentToken, b.customerIds[0]);
    const a = await t.gql(b.agentToken, AssignTicketDocument, { input: { ticketId: tk.id, agentId: b.agentIds[1] } });
    expect(a.data?.assignTicket.ticket?.assignee?.id).toBe(b.agentIds[1]);
    const bad = await t.gql(b.agentToken, AssignTicketDocument, { input: { ticketId: tk.id, agentId: b.customerIds[0] } });
    expect(bad.data?.assignTicket.userErrors[0]).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'agentId'] });
    const un = await t.gql(b.agentToken, AssignTicketDocument, { input: { ticketId: tk.id, agentId: null } });
    expect(un.data?.assignTicket.ticket?.assignee).toBeNull();
    expect(un.data?.assignTicket.ticket?.version).toBe(3);
  });
});

describe('rateTicket', () => {
  test('the customer rates its resolved ticket once, 1..5', async () => {
    const tk = await ticket(t, b.agentToken, b.customerIds[0]);
    const early = await t.gql(b.customerTokens[0], RateTicketDocument, { input: { ticketId: tk.id, score: 5 } });
    expect(early.data?.rateTicket.userErrors[0].code).toBe('INVALID_TRANSITION');
    await t.gql(b.agentToken, ResolveTicketDocument, { input: { ticketId: tk.id, resolution: 'Fixed', rootCause: 'PRODUCT_DEFECT' } });
    const before = await counts(t);
    for (const score of [0, 6, -1, 100]) {
      const r = await t.gql(b.customerTokens[0], RateTicketDocument, { input: { ticketId: tk.id, score } });
      expect(r.data?.rateTicket.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'score'] });
    }
    const other = await t.gql(b.customerTokens[1], RateTicketDocument, { input: { ticketId: tk.id, score: 1 } });
    expect(other.data?.rateTicket.userErrors[0].code).toBe('NOT_FOUND');
    expect(await counts(t)).toEqual(before);
    const ok = await t.gql(b.customerTokens[0], RateTicketDocument, { input: { ticketId: tk.id, score: 4, comment: 'Quick and friendly' } });
    expect(ok.data?.rateTicket.ticket?.satisfaction).toEqual({ score: 4, comment: 'Quick and friendly' });
    const again = await t.gql(b.customerTokens[0], RateTicketDocument, { input: { ticketId: tk.id, score: 1 } });
    expect(again.data?.rateTicket.userErrors[0].code).toBe('DUPLICATE');
    const detail = await t.gql(b.agentToken, TicketDetailDocument, { id: tk.id });
    expect(detail.data?.ticket?.satisfaction?.score).toBe(4);
  });
});

describe('history', () => {
  test('a ticket lists what happened to it, oldest first, with cursors', async () => {
    const tk = await ticket(t, b.agentToken, b.customerIds[0]);
    await t.gql(b.agentToken, AssignTicketDocument, { input: { ticketId: tk.id, agentId: b.agentIds[0] } });
    await t.gql(b.agentToken, ChangeTicketStatusDocument, { input: { ticketId: tk.id, status: 'OPEN' } });
    const d = await t.gql(b.agentToken, TicketDetailDocument, { id: tk.id });
    expect(d.data?.ticket?.history.nodes.map((e) => e.type)).toEqual(['CREATED', 'ASSIGNED', 'STATUS_CHANGED']);
    expect(d.data?.ticket?.history.totalCount).toBe(3);
  });
});

test('an ANALYST may read but not mutate', async () => {
  const analyst = t.token(Role.ANALYST);
  const r = await t.gql(analyst, CreateTicketDocument, {
    input: { customerId: b.customerIds[0], subject: 'x', kind: 'QUESTION', priority: 'LOW', channel: 'EMAIL' },
  });
  expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  const read = await t.gql(analyst, '{ tickets(first: 1) { totalCount } }');
  expect(read.errors).toBeUndefined();
});
