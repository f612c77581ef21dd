// Issue 10 items 14 and 15: safe defaults, and a prompt, clean shutdown of `npm start`.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import jwt from 'jsonwebtoken';
import WebSocket from 'ws';
import { signToken } from '../src/auth/viewer';
import { createScratchDatabase } from '../src/db/scratch';
import { Role, SECRET } from './support/harness';

const ROOT = path.resolve(__dirname, '..');

interface HubProcess {
  child: ChildProcess;
  url: string;
  stdout: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** resolves when a stdout line matches */
  line(re: RegExp, timeoutMs?: number): Promise<string>;
  drop(): Promise<void>;
}

/** `npm start` as a child process on a scratch database: HOST and PORT left to their defaults but PORT=0. */
async function startHubProcess(env: Record<string, string>): Promise<HubProcess> {
  const scratch = await createScratchDatabase(process.env.TEST_DATABASE_URL!, 'sg_shutdown');
  // SERVICEGRAPH_HUB_ENTRY=dist/main.js runs the compiled build instead (CI's second run)
  const entry = process.env.SERVICEGRAPH_HUB_ENTRY ? [path.resolve(ROOT, process.env.SERVICEGRAPH_HUB_ENTRY)] : ['-r', 'ts-node/register/transpile-only', 'src/main.ts'];
  const child = spawn(process.execPath, entry, {
    cwd: ROOT,
    env: { ...process.env, HOST: '', NODE_ENV: 'production', DATABASE_URL: scratch.url, PORT: '0', AUTH_SECRET: SECRET, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stdout: string[] = [];
  let waiters: (() => void)[] = [];
  let buffered = '';
  child.stdout!.on('data', (chunk) => {
    buffered += String(chunk);
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    stdout.push(...lines);
    waiters.splice(0).forEach((w) => w());
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => {
      waiters.splice(0).forEach((w) => w());
      resolve({ code, signal, at: Date.now() });
    }),
  );
  const line = async (re: RegExp, timeoutMs = 60000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = stdout.find((l) => re.test(l));
      if (found) return found;
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no stdout line matched ${re}; got:\n${stdout.join('\n')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  };
  const serving = await line(/^ServiceGraph is serving GraphQL at /, 90000);
  await line(/"msg":"ready"/);
  return {
    child,
    url: serving.match(/at (\S+)/)![1],
    stdout,
    exited,
    line,
    drop: async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
      await scratch.drop();
    },
  };
}

/** The process's exit, or a failure once `ms` have passed. */
async function exitWithin(hub: HubProcess, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      hub.exited,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the hub did not exit within ${ms} ms of SIGTERM`)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

let idle: HubProcess;
let busy: HubProcess;
beforeAll(async () => {
  [idle, busy] = await Promise.all([startHubProcess({ SEED_DEMO: 'true' }), startHubProcess({ SEED_DEMO: 'false' })]);
}, 180000);
afterAll(async () => {
  await Promise.all([idle?.drop(), busy?.drop()]);
});

test('by default the hub listens on 127.0.0.1 only, and the demo tokens it prints live 8 hours', async () => {
  expect(new URL(idle.url).hostname).toBe('127.0.0.1');
  expect(idle.stdout.find((l) => l.startsWith('Demo tokens'))).toMatch(/valid 8 hours, until \d{4}-/);
  const tokens = idle.stdout.filter((l) => /^ {2}[A-Z]+ +ey/.test(l)).map((l) => l.trim().split(/\s+/)[1]);
  expect(tokens).toHaveLength(5);
  for (const token of tokens) {
    const claims = jwt.decode(token) as { iat: number; exp: number };
    expect(claims.exp - claims.iat).toBe(8 * 3600);
  }
});

test('SIGTERM stops an idle hub in well under 2 s, with exit code 0 and "stopped" logged', async () => {
  const sent = Date.now();
  idle.child.kill('SIGTERM');
  const exit = await exitWithin(idle, 5000);
  expect(exit.at - sent).toBeLessThan(2000);
  expect(exit).toMatchObject({ code: 0, signal: null });
  expect(idle.stdout.some((l) => /"msg":"stopped"/.test(l))).toBe(true);
});

test('SIGTERM on a busy hub answers the request in flight and closes subscriptions with 1001, then exits 0', async () => {
  const token = signToken(SECRET, { sub: 'shutdown-admin', role: Role.ADMIN });
  // a live subscription, shown to be live by an event it receives
  const client = createClient({ url: busy.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => client.on('closed', (e) => resolve(e as never)));
  const events: unknown[] = [];
  let first: () => void;
  const gotEvent = new Promise<void>((resolve) => (first = resolve));
  const ended = new Promise<unknown>((resolve) =>
    client.subscribe(
      { query: 'subscription { ticketEvents { cursor type } }' },
      { next: (v) => (events.push(v), first()), error: resolve, complete: () => resolve('complete') },
    ),
  );
  const gql = async (query: string, variables?: Record<string, unknown>) => {
    const res = await fetch(busy.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as { data?: any; errors?: unknown[] };
  };
  const email = `shutdown-${Date.now()}@mail.example`;
  // the subscription is set up once an event made after it arrives; retry the write until one does
  const deadline = Date.now() + 20000;
  while (!events.length) {
    if (Date.now() > deadline) throw new Error('the subscription received no event');
    const c = await gql(`mutation($e: String!) { createCustomer(input: { name: "Shut Down", email: $e }) { customer { id } userErrors { code } } }`, {
      e: `${events.length}${Date.now()}${email}`,
    });
    const customerId = c.data.createCustomer.customer.id;
    const t = await gql(
      `mutation($c: ID!) { createTicket(input: { customerId: $c, subject: "Before shutdown", kind: QUESTION, priority: NORMAL, channel: PHONE }) { ticket { id } userErrors { code message } } }`,
      { c: customerId },
    );
    expect(t.data?.createTicket.userErrors).toEqual([]);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([gotEvent, new Promise((r) => (timer = setTimeout(r, 500)))]);
    clearTimeout(timer);
  }

  // a request in flight: its headers are in (the server said 100 Continue), its body is not yet
  const body = JSON.stringify({ query: '{ viewer { role } }' });
  const u = new URL(busy.url);
  const req = http.request({
    host: u.hostname,
    port: u.port,
    path: u.pathname,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}`, expect: '100-continue' },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', reject);
  });
  await new Promise<void>((resolve) => req.once('continue', resolve));
  req.write(body.slice(0, 10));

  const sent = Date.now();
  busy.child.kill('SIGTERM');
  await busy.line(/"msg":"shutting down"/, 5000);
  // the subscriber is told the server is going away
  expect(await closed).toMatchObject({ code: 1001 });
  await ended;
  // the request in flight is still answered
  req.end(body.slice(10));
  const answered = await response;
  expect(answered.status).toBe(200);
  expect(JSON.parse(answered.body)).toEqual({ data: { viewer: { role: 'ADMIN' } } });
  const exit = await exitWithin(busy, 5000);
  expect(exit).toMatchObject({ code: 0, signal: null });
  expect(exit.at - sent).toBeLessThan(5000);
  expect(busy.stdout.some((l) => /"msg":"stopped"/.test(l))).toBe(true);
  await client.dispose();
});
