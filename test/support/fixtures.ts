import {
  CreateAgentDocument,
  CreateCustomerDocument,
  CreateServiceLevelDocument,
  CreateTicketDocument,
} from '../generated/operations';
import { Role, type TestHub } from './harness';

export interface Basics {
  admin: string;
  serviceLevelId: string;
  agentIds: string[];
  agentToken: string;
  customerIds: string[];
  customerTokens: string[];
}

let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

/** A default service level (round the clock), two agents and two customers, made through the API. */
export async function basics(t: TestHub): Promise<Basics> {
  const admin = t.token(Role.ADMIN);
  const sl = await t.gql(admin, CreateServiceLevelDocument, {
    input: {
      name: `Standard ${unique()}`,
      isDefault: true,
      targets: [
        { priority: 'LOW', firstResponseMinutes: 480, resolutionMinutes: 4800 },
        { priority: 'NORMAL', firstResponseMinutes: 240, resolutionMinutes: 2400 },
        { priority: 'HIGH', firstResponseMinutes: 60, resolutionMinutes: 480 },
        { priority: 'URGENT', firstResponseMinutes: 15, resolutionMinutes: 240 },
      ],
    },
  });
  expect(sl.data?.createServiceLevel.userErrors).toEqual([]);
  const agentIds: string[] = [];
  for (const name of ['Ada Agent', 'Bob Agent']) {
    const r = await t.gql(admin, CreateAgentDocument, { input: { name, email: `${unique()}@desk.example`, role: 'AGENT', team: 'Field' } });
    expect(r.data?.createAgent.userErrors).toEqual([]);
    agentIds.push(r.data!.createAgent.agent!.id);
  }
  const customerIds: string[] = [];
  for (const name of ['Carla Customer', 'Dan Customer']) {
    customerIds.push(await customer(t, admin, { name }));
  }
  return {
    admin,
    serviceLevelId: sl.data!.createServiceLevel.serviceLevel!.id,
    agentIds,
    agentToken: t.token(Role.AGENT, { agentId: agentIds[0], sub: 'ada' }),
    customerIds,
    customerTokens: customerIds.map((id, i) => t.token(Role.CUSTOMER, { customerId: id, sub: `customer-${i}` })),
  };
}

export async function customer(t: TestHub, token: string, input: Record<string, unknown> = {}): Promise<string> {
  const r = await t.gql(token, CreateCustomerDocument, { input: { name: 'Some Customer', email: `${unique()}@mail.example`, ...input } });
  expect(r.errors).toBeUndefined();
  expect(r.data?.createCustomer.userErrors).toEqual([]);
  return r.data!.createCustomer.customer!.id;
}

export async function ticket(t: TestHub, token: string, customerId: string | null, input: Record<string, unknown> = {}) {
  const r = await t.gql(token, CreateTicketDocument, {
    input: { customerId, subject: 'Dishwasher leaks', kind: 'INCIDENT', priority: 'NORMAL', channel: 'PHONE', ...input },
  });
  expect(r.errors).toBeUndefined();
  expect(r.data?.createTicket.userErrors).toEqual([]);
  return r.data!.createTicket.ticket!;
}

/** Row counts of the main tables: "nothing was written" is checked by comparing two of these. */
export async function counts(t: TestHub): Promise<Record<string, number>> {
  const [row] = await t.hub.app.db.query(`SELECT
    (SELECT count(*) FROM customer)::int AS customers,
    (SELECT count(*) FROM agent)::int AS agents,
    (SELECT count(*) FROM ticket)::int AS tickets,
    (SELECT count(*) FROM interaction)::int AS interactions,
    (SELECT count(*) FROM service_level)::int AS "serviceLevels",
    (SELECT count(*) FROM event_log)::int AS events,
    (SELECT coalesce(sum(version), 0) FROM ticket)::int AS "ticketVersions",
    (SELECT coalesce(sum(version), 0) FROM customer)::int AS "customerVersions"`);
  return row;
}
