import { monitorEventLoopDelay } from 'node:perf_hooks';
import { attacks, postRaw, RawWs, type Attack } from './support/adversarial';
import { basics, type Basics } from './support/fixtures';
import { Role, startTestHub, type TestHub } from './support/harness';

/**
 * Issue 10, bounded work: every adversarial document (doubling fragments, wide duplicates,
 * deep inputs, huge filters, nested unpaginated lists, …) is refused with a client error
 * code in under 100 ms, over HTTP and over WebSocket, while a /healthz probe running
 * alongside stays under 100 ms and the event loop never stalls.
 */
let t: TestHub;
let b: Basics;
beforeAll(async () => {
  t = await startTestHub();
  b = await basics(t);
});
afterAll(async () => {
  await t?.stop();
});

const BOUND_MS = 100;
const ATTEMPTS = 8;
const list = attacks();

interface Outcome {
  name: string;
  transport: 'http' | 'ws';
  code: string | undefined;
  status?: number;
  ms: number;
}

/** Sends every attack once over each transport (one WebSocket connection, reopened if the server closes it). */
async function sendAll(token: string): Promise<Outcome[]> {
  const out: Outcome[] = [];
  let ws = await RawWs.open(t.wsUrl, token);
  for (const a of list) {
    if (a.query) {
      const r = await postRaw(t.url, token, a);
      out.push({ name: a.name, transport: 'http', code: r.body?.errors?.[0]?.extensions?.code, status: r.status, ms: r.ms });
    }
    if (a.subscription) {
      const { msg, ms } = await ws.subscribe(a.subscription, a.variables, true);
      out.push({ name: a.name, transport: 'ws', code: msg.type === 'error' ? msg.payload?.[0]?.extensions?.code : `${msg.type} ${msg.code ?? ''}`, ms });
      if (msg.type === 'closed') ws = await RawWs.open(t.wsUrl, token);
    }
  }
  ws.close();
  return out;
}

test('the generator covers every class of the issue, on both transports', () => {
  const names = list.map((a: Attack) => a.name).join('\n');
  for (const kind of [/doubling fragments/, /duplicate/, /nested 5000 levels/, /nested 100000 levels/, /inline literal/, /filter of 10,000 objects/, /unpaginated/]) {
    expect(names).toMatch(kind);
  }
  expect(list.filter((a) => a.subscription).length).toBeGreaterThanOrEqual(12);
});

/**
 * /healthz requested in a loop; `worst(from, to)` is the slowest probe that overlapped a
 * time window (after `settled()`, the probe in flight has finished and is counted).
 */
class HealthProbe {
  private readonly done: { start: number; end: number }[] = [];
  private current: Promise<void> = Promise.resolve();
  private running = true;
  private readonly loop: Promise<void>;
  constructor(url: string) {
    this.loop = (async () => {
      while (this.running) {
        const start = performance.now();
        this.current = fetch(url)
          .then((r) => r.text())
          .then(() => void this.done.push({ start, end: performance.now() }));
        await this.current;
      }
    })();
  }
  settled(): Promise<void> {
    return this.current;
  }
  worst(from: number, to: number): number {
    const overlapping = this.done.filter((p) => p.end >= from && p.start <= to).map((p) => p.end - p.start);
    return overlapping.length ? Math.max(...overlapping) : 0;
  }
  get count(): number {
    return this.done.length;
  }
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}

test('every adversarial request is refused with QUERY_TOO_COMPLEX in under 100 ms, while /healthz stays under 100 ms', async () => {
  const token = t.token(Role.ANALYST, { sub: 'adversary' });
  // a first pass warms the code paths up (and must refuse everything already)
  const warm = await sendAll(token);
  expect(warm.filter((o) => o.code !== 'QUERY_TOO_COMPLEX' || (o.transport === 'http' && o.status !== 400))).toEqual([]);
  expect(warm.length).toBeGreaterThanOrEqual(40);

  // Then each request with /healthz probed alongside and the event loop watched. The machine is
  // shared (2 cores, other test files in the other worker, their PostgreSQL servers): an attempt
  // that a busy neighbour slowed down is retried, up to 8 times, a little later each time (a
  // neighbour's burst passes); an attack that really costs the hub 100 ms fails every attempt.
  const probe = new HealthProbe(t.url.replace(/\/graphql$/, '/healthz'));
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const failures: string[] = [];
  const timing: string[] = [];
  let ws = await RawWs.open(t.wsUrl, token);
  try {
    for (const a of list) {
      for (const transport of ['http', 'ws'] as const) {
        if (transport === 'http' ? !a.query : !a.subscription) continue;
        let best = '';
        for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
          if (attempt > 1) await new Promise((r) => setTimeout(r, 150 * attempt));
          loop.reset();
          const from = performance.now();
          let code: string | undefined;
          if (transport === 'http') {
            const r = await postRaw(t.url, token, a);
            code = r.status === 400 ? r.body?.errors?.[0]?.extensions?.code : `status ${r.status}`;
          } else {
            const { msg } = await ws.subscribe(a.subscription!, a.variables, true);
            code = msg.type === 'error' ? msg.payload?.[0]?.extensions?.code : `${msg.type} ${msg.code ?? ''}`;
            if (msg.type === 'closed') ws = await RawWs.open(t.wsUrl, token);
          }
          const to = performance.now();
          await probe.settled();
          const took = { request: to - from, healthz: probe.worst(from, to), eventLoop: loop.max / 1e6 };
          if (code !== 'QUERY_TOO_COMPLEX') {
            failures.push(`${transport} ${a.name}: ${code}`);
            break;
          }
          best = `${transport} ${a.name}: ${Object.entries(took).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(', ')} (attempt ${attempt})`;
          if (took.request < BOUND_MS && took.healthz < BOUND_MS && took.eventLoop < BOUND_MS) break;
          if (attempt === ATTEMPTS) failures.push(best);
        }
        timing.push(best);
      }
    }
  } finally {
    ws.close();
    loop.disable();
    await probe.stop();
  }
  if (process.env.ADVERSARIAL_TIMING) console.log(timing.join('\n'));
  expect(failures).toEqual([]);
  expect(probe.count).toBeGreaterThan(10);

  // and the hub still serves
  expect((await t.gql(b.agentToken, '{ viewer { role } }')).data?.viewer.role).toBe('AGENT');
});
