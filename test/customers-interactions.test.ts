import {
  CreateAgentDocument,
  CreateCustomerDocument,
  CreateServiceLevelDocument,
  InteractionsDocument,
  LogInteractionDocument,
  ServiceLevelsDocument,
  TicketDetailDocument,
  UpdateCustomerDocument,
  UpdateServiceLevelDocument,
} from './generated/operations';
import { basics, counts, customer, ticket, type Basics } from './support/fixtures';
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

describe('customers', () => {
  test('create with every field; e-mail is stored lower-case', async () => {
    const r = await t.gql(b.agentToken, CreateCustomerDocument, {
      input: {
        name: 'Erika Mustermann',
        email: 'Erika@Example.COM',
        phone: '+49 30 1234567',
        tier: 'PREMIUM',
        organization: 'Muster GmbH',
        preferredChannel: 'EMAIL',
        language: 'de-DE',
        serviceLevelId: b.serviceLevelId,
      },
    });
    expect(r.data?.createCustomer.userErrors).toEqual([]);
    expect(r.data?.createCustomer.customer).toMatchObject({
      email: 'erika@example.com',
      tier: 'PREMIUM',
      language: 'de-DE',
      version: 1,
      serviceLevel: { id: b.serviceLevelId },
    });
  });

  test.each([
    ['a malformed e-mail', { email: 'not-an-email' }, 'INVALID_INPUT', ['input', 'email']],
    ['an e-mail with spaces', { email: 'a b@example.com' }, 'INVALID_INPUT', ['input', 'email']],
    ['an empty name', { name: '' }, 'INVALID_INPUT', ['input', 'name']],
    ['an oversized name', { name: 'n'.repeat(201) }, 'INVALID_INPUT', ['input', 'name']],
    ['a bad phone', { phone: 'call me maybe' }, 'INVALID_INPUT', ['input', 'phone']],
    ['a bad language tag', { language: 'english please' }, 'INVALID_INPUT', ['input', 'language']],
    ['an unknown service level', { serviceLevelId: 'U2VydmljZUxldmVsOjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA' }, 'NOT_FOUND', ['input', 'serviceLevelId']],
  ])('%s is a userError and writes nothing', async (_n, override, code, field) => {
    const before = await counts(t);
    const r = await t.gql(b.agentToken, CreateCustomerDocument, { input: { name: 'Valid Name', email: 'valid@example.com', ...override } });
    expect(r.errors).toBeUndefined();
    expect(r.data?.createCustomer).toEqual({ customer: null, userErrors: [expect.objectContaining({ code, field })] });
    expect(await counts(t)).toEqual(before);
  });

  test('a second customer with the same e-mail is DUPLICATE, also when both are created at once', async () => {
    await customer(t, b.agentToken, { email: 'dup@example.com' });
    const again = await t.gql(b.agentToken, CreateCustomerDocument, { input: { name: 'X', email: 'DUP@example.com' } });
    expect(again.data?.createCustomer.userErrors[0]).toMatchObject({ code: 'DUPLICATE', field: ['input', 'email'] });
    const racing = await Promise.all(
      [1, 2, 3, 4].map(() => t.gql(b.agentToken, CreateCustomerDocument, { input: { name: 'Racer', email: 'race@example.com' } })),
    );
    expect(racing.filter((r) => r.data?.createCustomer.customer)).toHaveLength(1);
    expect(racing.filter((r) => r.data?.createCustomer.userErrors[0]?.code === 'DUPLICATE')).toHaveLength(3);
    expect(racing.every((r) => r.errors === undefined)).toBe(true);
  });

  test('update: fields change, version bumps, stale version conflicts, null clears', async () => {
    const id = await customer(t, b.agentToken, { phone: '+1 555 0100', organization: 'Acme' });
    const r = await t.gql(b.agentToken, UpdateCustomerDocument, { input: { id, expectedVersion: 1, tier: 'ENTERPRISE', organization: null } });
    expect(r.data?.updateCustomer.customer).toMatchObject({ tier: 'ENTERPRISE', organization: null, phone: '+1 555 0100', version: 2 });
    const before = await counts(t);
    const stale = await t.gql(b.agentToken, UpdateCustomerDocument, { input: { id, expectedVersion: 1, name: 'Late' } });
    expect(stale.data?.updateCustomer.userErrors[0].code).toBe('VERSION_CONFLICT');
    const bad = await t.gql(b.agentToken, UpdateCustomerDocument, { input: { id, email: 'broken' } });
    expect(bad.data?.updateCustomer.userErrors[0].code).toBe('INVALID_INPUT');
    const unknown = await t.gql(b.agentToken, UpdateCustomerDocument, { input: { id: 'garbage', name: 'x' } });
    expect(unknown.data?.updateCustomer.userErrors[0].code).toBe('NOT_FOUND');
    expect(await counts(t)).toEqual(before);
  });

  test('idempotent create returns the first customer', async () => {
    const input = { name: 'Idem Potent', email: 'idem@example.com', idempotencyKey: 'cust-1' };
    const a = await t.gql(b.agentToken, CreateCustomerDocument, { input });
    const c = await t.gql(b.agentToken, CreateCustomerDocument, { input });
    expect(c.data?.createCustomer.userErrors).toEqual([]);
    expect(c.data?.createCustomer.customer?.id).toBe(a.data?.createCustomer.customer?.id);
  });
});

describe('agents', () => {
  test('only an ADMIN creates agents; CUSTOMER is not a staff role; e-mails are unique', async () => {
    const manager = t.token(Role.MANAGER);
    const denied = await t.gql(manager, CreateAgentDocument, { input: { name: 'M', email: 'm@desk.example', role: 'AGENT' } });
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const asCustomer = await t.gql(b.admin, CreateAgentDocument, { input: { name: 'C', email: 'c@desk.example', role: 'CUSTOMER' } });
    expect(asCustomer.data?.createAgent.userErrors[0].code).toBe('INVALID_INPUT');
    const ok = await t.gql(b.admin, CreateAgentDocument, { input: { name: 'Mia Manager', email: 'mia@desk.example', role: 'MANAGER', team: 'Ops' } });
    expect(ok.data?.createAgent.agent).toMatchObject({ role: 'MANAGER', active: true, team: 'Ops' });
    const dup = await t.gql(b.admin, CreateAgentDocument, { input: { name: 'Mia 2', email: 'MIA@desk.example', role: 'AGENT' } });
    expect(dup.data?.createAgent.userErrors[0].code).toBe('DUPLICATE');
  });
});

describe('service levels', () => {
  test('create with business hours, update with a version, and validation', async () => {
    const manager = t.token(Role.MANAGER);
    const created = await t.gql(manager, CreateServiceLevelDocument, {
      input: {
        name: 'Business Berlin',
        targets: [{ priority: 'NORMAL', firstResponseMinutes: 120, resolutionMinutes: 960 }],
        businessHours: { timeZone: 'Europe/Berlin', days: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '09:00', closes: '17:00' })), holidays: ['2026-12-25'] },
        pauseOn: ['PENDING', 'ON_HOLD'],
      },
    });
    expect(created.data?.createServiceLevel.userErrors).toEqual([]);
    const sl = created.data!.createServiceLevel.serviceLevel!;
    expect(sl.businessHours?.holidays).toEqual(['2026-12-25']);
    expect(sl.pauseOn).toEqual(['PENDING', 'ON_HOLD']);
    const upd = await t.gql(manager, UpdateServiceLevelDocument, { input: { id: sl.id, expectedVersion: 1, name: 'Business Berlin (EU)' } });
    expect(upd.data?.updateServiceLevel.serviceLevel).toMatchObject({ name: 'Business Berlin (EU)', version: 2 });
    const stale = await t.gql(manager, UpdateServiceLevelDocument, { input: { id: sl.id, expectedVersion: 1, name: 'x' } });
    expect(stale.data?.updateServiceLevel.userErrors[0].code).toBe('VERSION_CONFLICT');

    const before = await counts(t);
    const bad = [
      { targets: [] },
      { targets: [{ priority: 'LOW', firstResponseMinutes: 0, resolutionMinutes: 10 }] },
      { targets: [{ priority: 'LOW', firstResponseMinutes: 60, resolutionMinutes: 30 }] },
      { targets: [{ priority: 'LOW', firstResponseMinutes: 1, resolutionMinutes: 2 }, { priority: 'LOW', firstResponseMinutes: 1, resolutionMinutes: 2 }] },
      { businessHours: { timeZone: 'Mars/Olympus', days: [{ weekday: 1, opens: '09:00', closes: '17:00' }] } },
      { businessHours: { timeZone: 'UTC', days: [{ weekday: 8, opens: '09:00', closes: '17:00' }] } },
      { businessHours: { timeZone: 'UTC', days: [{ weekday: 1, opens: '17:00', closes: '09:00' }] } },
      { pauseOn: ['CLOSED'] },
    ];
    for (const override of bad) {
      const r = await t.gql(manager, CreateServiceLevelDocument, {
        input: { name: 'Broken', targets: [{ priority: 'LOW', firstResponseMinutes: 1, resolutionMinutes: 2 }], ...override },
      });
      expect(r.errors).toBeUndefined();
      expect(r.data?.createServiceLevel.userErrors[0]?.code).toBe('INVALID_INPUT');
    }
    expect(await counts(t)).toEqual(before);
    const agentTry = await t.gql(b.agentToken, CreateServiceLevelDocument, { input: { name: 'A', targets: [] } });
    expect(agentTry.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const list = await t.gql(t.token(Role.ANALYST), ServiceLevelsDocument);
    expect(list.data?.serviceLevels[0].isDefault).toBe(true);
  });
});

describe('logInteraction', () => {
  test('logs a contact on any channel, opens a ticket with it, and an outbound agent reply is the first response', async () => {
    const opened = await t.gql(b.agentToken, LogInteractionDocument, {
      input: {
        customerId: b.customerIds[0],
        // an inbound email is no answer (a live call or chat would be: test/ops-first-response.test.ts)
        channel: 'EMAIL',
        direction: 'INBOUND',
        reason: 'BILLING',
        summary: 'Charged twice for March',
        durationSeconds: 300,
        openTicket: { subject: 'Double charge in March', kind: 'COMPLAINT', priority: 'HIGH' },
      },
    });
    const p = opened.data!.logInteraction;
    expect(p.userErrors).toEqual([]);
    expect(p.ticket).toMatchObject({ kind: 'COMPLAINT', channel: 'EMAIL', reason: 'BILLING', firstRespondedAt: null });
    expect(p.interaction).toMatchObject({ channel: 'EMAIL', ticket: { id: p.ticket!.id }, agent: { id: b.agentIds[0] }, durationSeconds: 300 });

    const reply = await t.gql(b.agentToken, LogInteractionDocument, {
      input: { customerId: b.customerIds[0], ticketId: p.ticket!.id, channel: 'EMAIL', direction: 'OUTBOUND', summary: 'Refund on its way' },
    });
    const r = reply.data!.logInteraction;
    expect(r.ticket?.firstRespondedAt).toBe(r.interaction?.occurredAt);
    const second = await t.gql(b.agentToken, LogInteractionDocument, {
      input: { customerId: b.customerIds[0], ticketId: p.ticket!.id, channel: 'PHONE', direction: 'OUTBOUND', summary: 'Called to confirm' },
    });
    expect(second.data?.logInteraction.ticket?.firstRespondedAt).toBe(r.interaction?.occurredAt);
    const detail = await t.gql(b.agentToken, TicketDetailDocument, { id: p.ticket!.id });
    expect(detail.data?.ticket?.interactions.totalCount).toBe(3);
    expect(detail.data?.ticket?.interactions.nodes.map((i) => i.summary)).toEqual(['Called to confirm', 'Refund on its way', 'Charged twice for March']);
  });

  test('a customer logs its own inbound contact, never outbound, never for someone else', async () => {
    const ok = await t.gql(b.customerTokens[1], LogInteractionDocument, {
      input: { customerId: b.customerIds[1], channel: 'WEB', direction: 'INBOUND', summary: 'Where is my order?' },
    });
    expect(ok.data?.logInteraction.interaction?.agent).toBeNull();
    const out = await t.gql(b.customerTokens[1], LogInteractionDocument, {
      input: { customerId: b.customerIds[1], channel: 'WEB', direction: 'OUTBOUND', summary: 'x' },
    });
    expect(out.data?.logInteraction.userErrors[0].code).toBe('INVALID_INPUT');
    const other = await t.gql(b.customerTokens[1], LogInteractionDocument, {
      input: { customerId: b.customerIds[0], channel: 'WEB', direction: 'INBOUND', summary: 'x' },
    });
    expect(other.data?.logInteraction.userErrors[0].code).toBe('NOT_FOUND');
  });

  test('bad input is a userError and writes nothing', async () => {
    const tk = await ticket(t, b.agentToken, b.customerIds[0]);
    const base = { customerId: b.customerIds[1], channel: 'PHONE', direction: 'INBOUND', summary: 'ok' };
    const cases: [Record<string, unknown>, string][] = [
      [{ ticketId: tk.id }, 'INVALID_INPUT'], // ticket of another customer
      [{ ticketId: tk.id, openTicket: { subject: 's', kind: 'QUESTION', priority: 'LOW' } }, 'INVALID_INPUT'],
      [{ summary: '' }, 'INVALID_INPUT'],
      [{ summary: 's'.repeat(501) }, 'INVALID_INPUT'],
      [{ occurredAt: new Date(Date.now() + 3600_000).toISOString() }, 'INVALID_INPUT'],
      [{ durationSeconds: -5 }, 'INVALID_INPUT'],
      [{ customerId: 'nope' }, 'NOT_FOUND'],
      [{ ticketId: 'VGlja2V0OjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA' }, 'NOT_FOUND'],
      [{ openTicket: { subject: '', kind: 'QUESTION', priority: 'LOW' } }, 'INVALID_INPUT'],
    ];
    const before = await counts(t);
    for (const [override, code] of cases) {
      const r = await t.gql(b.agentToken, LogInteractionDocument, { input: { ...base, ...override } });
      expect(r.errors).toBeUndefined();
      expect(r.data?.logInteraction.userErrors[0]?.code).toBe(code);
    }
    expect(await counts(t)).toEqual(before);
  });

  test('an idempotent retry returns the same interaction and ticket', async () => {
    const input = {
      customerId: b.customerIds[0],
      channel: 'SMS',
      direction: 'INBOUND',
      summary: 'Engineer late',
      idempotencyKey: 'sms-42',
      openTicket: { subject: 'Engineer did not arrive', kind: 'COMPLAINT', priority: 'NORMAL' },
    };
    const a = await t.gql(b.agentToken, LogInteractionDocument, { input });
    const before = await counts(t);
    const c = await t.gql(b.agentToken, LogInteractionDocument, { input });
    expect(c.data?.logInteraction.interaction?.id).toBe(a.data?.logInteraction.interaction?.id);
    expect(c.data?.logInteraction.ticket?.id).toBe(a.data?.logInteraction.ticket?.id);
    expect(await counts(t)).toEqual(before);
  });

  test('interactions filter by channel, direction, time range and text, composed with or/not', async () => {
    const cust = await customer(t, b.agentToken, { name: 'Filter Fiona' });
    const mk = (channel: string, direction: string, summary: string, occurredAt: string) =>
      t.gql(b.agentToken, LogInteractionDocument, { input: { customerId: cust, channel, direction, summary, occurredAt } });
    await mk('PHONE', 'INBOUND', 'Fridge warm', '2026-01-10T10:00:00Z');
    await mk('EMAIL', 'OUTBOUND', 'Technician booked', '2026-01-11T10:00:00Z');
    await mk('SOCIAL', 'INBOUND', 'Angry tweet about fridge', '2026-01-12T10:00:00Z');
    await mk('IN_PERSON', 'INBOUND', 'Returned the part', '2026-01-13T10:00:00Z');
    const q = async (filter: Record<string, unknown>) =>
      (await t.gql(b.agentToken, InteractionsDocument, { filter: { customerId: [cust], ...filter }, orderBy: { field: 'OCCURRED_AT', direction: 'ASC' } })).data!
        .interactions.nodes.map((n) => n.summary);
    expect(await q({ channel: ['PHONE', 'SOCIAL'] })).toEqual(['Fridge warm', 'Angry tweet about fridge']);
    expect(await q({ direction: ['OUTBOUND'] })).toEqual(['Technician booked']);
    expect(await q({ occurredFrom: '2026-01-11T10:00:00Z', occurredTo: '2026-01-13T10:00:00Z' })).toEqual(['Technician booked', 'Angry tweet about fridge']);
    expect(await q({ text: 'FRIDGE' })).toEqual(['Fridge warm', 'Angry tweet about fridge']);
    expect(await q({ or: [{ channel: ['EMAIL'] }, { text: 'part' }] })).toEqual(['Technician booked', 'Returned the part']);
    expect(await q({ not: { direction: ['INBOUND'] } })).toEqual(['Technician booked']);
    expect(await q({ and: [{ direction: ['INBOUND'] }, { not: { text: 'fridge' } }] })).toEqual(['Returned the part']);
  });
});
