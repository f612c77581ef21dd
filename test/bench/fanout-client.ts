// The subscribers of the fan-out bench, in their own process (forked by run.ts), so the server
// under test does not share an event loop with 5,000 WebSocket clients.
//
// Messages from the parent:
//   { cmd: 'open', url, n, query, variables, secret, listen?: databaseUrl }
//       opens n more graphql-ws clients (one WebSocket each, one subscription each) → { opened }
//       with `listen`, also LISTENs on the hub's NOTIFY channel: the moment PostgreSQL delivers
//       the commit's notification is the commit time stamp
//   { cmd: 'expect', count }   resets the receipts; replies { received } once every client
//                               has `count` events (or after 60 s); sends { first } at the
//                               round's first receipt (the parent starts a concurrent request then)
//   { cmd: 'close' }           disposes every client → { closed }
import { createClient, type Client } from 'graphql-ws';
import { Client as PgClient } from 'pg';
import WebSocket from 'ws';
import { signToken } from '../../src/auth/viewer';
import { NOTIFY_CHANNEL } from '../../src/events/types';
import { Role } from '../../src/modules/common/enums';

const now = () => performance.timeOrigin + performance.now();

let clients: Client[] = [];
let received: number[][] = []; // per client: receipt times
let errors = 0;
let firstError: unknown = null;
let notifiedAt: number[] = [];
let listener: PgClient | null = null;

function send(msg: Record<string, unknown>): void {
  process.send!(msg);
}

async function open(msg: { url: string; n: number; query: string; variables: Record<string, unknown>; secret: string; listen?: string }) {
  if (msg.listen && !listener) {
    listener = new PgClient({ connectionString: msg.listen, application_name: 'bench-commit-clock' });
    listener.on('error', () => undefined);
    listener.on('notification', () => notifiedAt.push(now()));
    await listener.connect();
    await listener.query(`LISTEN ${NOTIFY_CHANNEL}`);
  }
  const BATCH = 250;
  const offset = clients.length; // `open` adds to the clients already open
  for (let start = offset; start < offset + msg.n; start += BATCH) {
    const batch: Promise<void>[] = [];
    for (let i = start; i < Math.min(offset + msg.n, start + BATCH); i++) {
      const token = signToken(msg.secret, { sub: `bench-${i}`, role: Role.ADMIN });
      const slot = i;
      received[slot] = [];
      batch.push(
        new Promise<void>((resolve, reject) => {
          const client = createClient({
            url: msg.url,
            webSocketImpl: WebSocket,
            connectionParams: { authorization: `Bearer ${token}` },
            lazy: true,
            retryAttempts: 0,
            on: {
              connected: () => resolve(),
              error: (e) => reject(new Error(`client ${slot}: ${(e as Error)?.message ?? e}`)),
              closed: (e) => reject(new Error(`client ${slot} closed: ${(e as { code?: number; reason?: string })?.code} ${(e as { reason?: string })?.reason ?? ''}`)),
            },
          });
          clients.push(client);
          client.subscribe(
            { query: msg.query, variables: msg.variables },
            {
              next: (v) => {
                if (v.errors) {
                  errors++;
                  firstError ??= v.errors;
                } else {
                  received[slot].push(now());
                  if (expecting && !expecting.firstSent) {
                    expecting.firstSent = true;
                    send({ first: now() });
                  }
                  if (expecting && received[slot].length === expecting.count) reached++;
                }
                checkDone();
              },
              error: (e) => {
                errors++;
                firstError ??= e instanceof Error ? e.message : e;
                checkDone();
              },
              complete: () => undefined,
            },
          );
        }),
      );
    }
    await Promise.all(batch);
  }
  send({ opened: clients.length });
}

let expecting: { count: number; timer: NodeJS.Timeout; firstSent?: boolean } | null = null;
let reached = 0; // clients that have `expecting.count` events

function checkDone(): void {
  if (expecting && (errors > 0 || reached >= received.length)) finish();
}

function finish(): void {
  if (!expecting) return;
  clearTimeout(expecting.timer);
  const count = expecting.count;
  expecting = null;
  send({ received: received.map((r) => r[count - 1] ?? null), notifiedAt, errors, firstError });
}

process.on('message', async (msg: any) => {
  try {
    if (msg.cmd === 'open') await open(msg);
    else if (msg.cmd === 'expect') {
      for (const r of received) r.length = 0;
      notifiedAt = [];
      errors = 0;
      firstError = null;
      reached = 0;
      expecting = { count: msg.count, timer: setTimeout(finish, 60000) };
      send({ ready: true });
    } else if (msg.cmd === 'close') {
      await Promise.all(clients.map((c) => c.dispose()));
      clients = [];
      received = [];
      if (listener) await listener.end().catch(() => undefined);
      listener = null;
      send({ closed: true });
    } else if (msg.cmd === 'exit') {
      process.exit(0);
    }
  } catch (err) {
    send({ error: String((err as Error)?.stack ?? err) });
  }
});
process.on('disconnect', () => process.exit(0));
send({ started: true });
