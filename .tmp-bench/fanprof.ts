import 'reflect-metadata';
import { fork } from 'node:child_process';
import inspector from 'node:inspector/promises';
import fs from 'node:fs';
import { signToken } from '/work/main/src/auth/viewer';
import { loadConfig } from '/work/main/src/config';
import { createScratchDatabase, scratchServer } from '/work/main/src/db/scratch';
import { startHub } from '/work/main/src/hub';
import { setLogLevel } from '/work/main/src/logger';
import { Role } from '/work/main/src/modules/common/enums';
const SECRET = 's';
async function main() {
  setLogLevel('silent');
  const pg = await scratchServer(null);
  const db = await createScratchDatabase(pg.adminUrl, 'sg_prof');
  const hub = await startHub(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: db.url, AUTH_SECRET: SECRET, SEED_DEMO: 'false', LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '100000000', RATE_LIMIT_BURST: '100000000' }), { sweep: false });
  const url = hub.server.url;
  const admin = signToken(SECRET, { sub: 'a', role: Role.ADMIN });
  const gql = async (q: string, v: any) => ((await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body: JSON.stringify({ query: q, variables: v }) })).json()) as any).data;
  const c = (await gql(`mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { customer { id } } }`, { i: { name: 'B', email: 'b@example.com' } })).createCustomer.customer.id;
  const t = (await gql(`mutation($i: CreateTicketInput!) { createTicket(input: $i) { ticket { id } } }`, { i: { customerId: c, subject: 'x', kind: 'COMPLAINT', priority: 'HIGH', channel: 'EMAIL' } })).createTicket.ticket.id;
  const child = fork('/work/main/test/bench/fanout-client.ts', [], { execArgv: ['-r', 'ts-node/register/transpile-only'] });
  const replies: any[] = []; let waiter: any = null;
  child.on('message', (m: any) => { if (m.started) return; replies.push(m); waiter?.(); });
  const next = async () => { while (!replies.length) await new Promise((r) => (waiter = r)); return replies.shift(); };
  await new Promise((r) => child.once('message', r));
  const N = Number(process.env.N ?? 1000);
  child.send({ cmd: 'open', url: url.replace(/^http/, 'ws'), n: N, query: 'subscription($id: ID!) { ticketUpdated(id: $id) { cursor type occurredAt ticket { id number subject status priority version } } }', variables: { id: t }, secret: SECRET });
  await next();
  while (hub.app.bus.subscriberCount < N) await new Promise((r) => setTimeout(r, 50));
  const round = async (label: string, prof: boolean) => {
    child.send({ cmd: 'expect', count: 1 }); await next();
    const session = new inspector.Session(); session.connect();
    if (prof) { await session.post('Profiler.enable'); await session.post('Profiler.setSamplingInterval', { interval: 200 }); await session.post('Profiler.start'); }
    const q0 = hub.app.stats.queries; const t0 = Date.now();
    await gql(`mutation($i: UpdateTicketInput!) { updateTicket(input: $i) { ticket { id } } }`, { i: { id: t, subject: label } });
    const r = await next();
    const ms = Date.now() - t0;
    console.log(label, 'queries during fan-out', hub.app.stats.queries - q0, 'ms', ms, 'errors', r.errors);
    if (prof) { const { profile } = await session.post('Profiler.stop'); fs.writeFileSync('/tmp/fan.cpuprofile', JSON.stringify(profile)); }
  };
  await round('warm', false);
  await round('measured', true);
  child.kill();
  await hub.stop(); await db.drop(); await pg.stop();
  process.exit(0);
}
main();
