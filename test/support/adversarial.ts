import WebSocket from 'ws';

/**
 * Adversarial requests: documents and variables built to cost a naive GraphQL server
 * exponential, quadratic or unbounded work, or to overflow its stack. Each is sent as a raw
 * JSON body (deep variables cannot go through JSON.stringify) over HTTP, and as a raw
 * `subscribe` message over WebSocket.
 */
export interface Attack {
  name: string;
  /** a query (HTTP) */
  query?: string;
  /** a subscription (WebSocket) */
  subscription?: string;
  /** the variables, as JSON text */
  variables?: string;
}

const rep = (n: number, f: (i: number) => string, sep = ' ') => Array.from({ length: n }, (_, i) => f(i)).join(sep);

/** Each fragment spreads the next one twice: 2^levels spreads. */
function doubling(levels: number, on: string, leaf: string, op: string): string {
  const frags = rep(levels, (i) => `fragment F${i} on ${on} { ...F${i + 1} ...F${i + 1} }`, '\n');
  return `${op} { ...F0 }\n${frags}\nfragment F${levels} on ${on} { ${leaf} }`;
}

/** `{"not":{"not":…}}` nested `levels` deep, as JSON text. */
const deepJson = (levels: number, key = 'not') => `{"${key}":`.repeat(levels) + '{}' + '}'.repeat(levels);
/** `[[[…]]]` nested `levels` deep, as JSON text. */
const deepList = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
/** An or-filter of `n` filter objects, as JSON text (~80 bytes each). */
const wideFilter = (n: number) => JSON.stringify({ or: Array.from({ length: n }, (_, i) => ({ status: ['OPEN', 'PENDING'], text: `needle ${i}`, priority: ['HIGH'] })) });

export function attacks(): Attack[] {
  const list: Attack[] = [];
  for (const levels of [26, 30]) {
    list.push({
      name: `doubling fragments, ${levels} levels`,
      query: doubling(levels, 'Query', 'viewer { role }', 'query'),
      subscription: doubling(levels, 'Subscription', 'ticketEvents { cursor }', 'subscription'),
    });
  }
  list.push({
    name: 'doubling fragments on a nested type',
    query: `{ tickets(first: 1) { nodes { ...T0 } } } ${rep(26, (i) => `fragment T${i} on Ticket { ...T${i + 1} ...T${i + 1} }`)} fragment T26 on Ticket { id }`,
    subscription: `subscription { ticketEvents { ticket { ...T0 } } } ${rep(26, (i) => `fragment T${i} on Ticket { ...T${i + 1} ...T${i + 1} }`)} fragment T26 on Ticket { id }`,
  });
  // OverlappingFieldsCanBeMerged compares every pair of same-named fields: quadratic
  list.push({ name: 'wide duplicate fields (16 KB)', query: `{ viewer { ${'role '.repeat(3300)} } }`, subscription: `subscription { ticketEvents { ${'cursor '.repeat(2300)} } }` });
  list.push({ name: 'duplicates merged across fields', query: `{ ${rep(19, () => `viewer { ${'role '.repeat(199)} }`)} }` });
  list.push({
    name: 'duplicates through 199 fragments',
    query: `{ ${rep(199, (i) => `...G${i}`)} } ${rep(199, (i) => `fragment G${i} on Query { viewer { role } }`)}`,
    subscription: `subscription { ${rep(199, (i) => `...G${i}`)} } ${rep(199, (i) => `fragment G${i} on Subscription { ticketEvents { cursor } }`)}`,
  });
  list.push({ name: 'duplicates in an unused fragment', query: `{ viewer { role } } fragment X on Query { viewer { ${'role '.repeat(3000)} } }` });
  list.push({ name: '1 MB of tokens', query: `{ viewer { ${'role '.repeat(190_000)} } }`, subscription: `subscription { ticketEvents { ${'cursor '.repeat(140_000)} } }` });
  list.push({ name: 'aliases', query: `{ ${rep(41, (i) => `a${i}: viewer { role }`)} }`, subscription: `subscription { ticketEvents { ${rep(41, (i) => `c${i}: cursor`)} } }` });
  list.push({ name: 'directives', query: `{ viewer { ${rep(60, () => 'role @include(if: true)')} } }` });
  // deep input: graphql-js coerces values recursively
  for (const levels of [5_000, 100_000]) {
    list.push({
      name: `filter variable nested ${levels} levels`,
      query: 'query($f: TicketFilter) { tickets(filter: $f) { nodes { id } } }',
      subscription: 'subscription($f: TicketFilter) { ticketEvents(filter: $f) { cursor } }',
      variables: `{"f":${deepJson(levels)}}`,
    });
  }
  list.push({ name: 'list variable nested 100,000 levels', query: 'query($s: [TicketStatus!]) { tickets(filter: { status: $s }) { nodes { id } } }', variables: `{"s":${deepList(100_000)}}` });
  list.push({ name: 'unused variable nested 100,000 levels', query: '{ viewer { role } }', subscription: 'subscription { ticketEvents { cursor } }', variables: `{"x":${deepJson(100_000, 'a')}}` });
  const notLit = (n: number) => '{not: '.repeat(n) + '{}' + '}'.repeat(n);
  list.push({
    name: 'inline literal filter nested 900 levels',
    query: `{ tickets(filter: ${notLit(900)}) { nodes { id } } }`,
    subscription: `subscription { ticketEvents(filter: ${notLit(900)}) { cursor } }`,
  });
  list.push({ name: 'inline literal list nested 1,900 levels', query: `{ tickets(filter: { status: ${'['.repeat(1900)}OPEN${']'.repeat(1900)} }) { nodes { id } } }` });
  list.push({ name: 'inline literal filter nested 12 levels', query: `{ tickets(filter: ${notLit(12)}) { nodes { id } } }`, subscription: `subscription { ticketEvents(filter: ${notLit(12)}) { cursor } }` });
  // huge filters
  list.push({
    name: 'filter of 10,000 objects (800 KB)',
    query: 'query($f: TicketFilter) { tickets(filter: $f) { nodes { id } } }',
    subscription: 'subscription($f: TicketFilter) { ticketEvents(filter: $f) { cursor } }',
    variables: `{"f":${wideFilter(10_000)}}`,
  });
  list.push({
    name: 'filter of 201 objects',
    query: 'query($f: TicketFilter) { tickets(filter: $f) { nodes { id } } }',
    subscription: 'subscription($f: TicketFilter) { ticketEvents(filter: $f) { cursor } }',
    variables: `{"f":${wideFilter(201)}}`,
  });
  list.push({
    name: 'inline filter of 250 objects',
    query: `{ tickets(filter: { or: [${rep(250, () => '{ status: OPEN }')}] }) { nodes { id } } }`,
    subscription: `subscription { ticketEvents(filter: { or: [${rep(250, () => '{ status: OPEN }')}] }) { cursor } }`,
  });
  list.push({
    name: 'filter with 5,000 ids',
    query: 'query($f: TicketFilter) { tickets(filter: $f) { nodes { id } } }',
    subscription: 'subscription($f: TicketFilter) { ticketEvents(filter: $f) { cursor } }',
    variables: JSON.stringify({ f: { customerId: Array.from({ length: 5000 }, (_, i) => `id${i}`) } }),
  });
  // lists without `first`
  list.push({
    name: 'nested unpaginated lists',
    query: '{ parts { nodes { stockLevels { location { stockLevels(first: 100) { nodes { part { stockLevels { location { name } } } } } } } } } }',
    subscription: 'subscription { stockLevelChanged { stockLevel { part { stockLevels { location { stockLevels(first: 100) { nodes { part { stockLevels { id } } } } } } } } } }',
  });
  list.push({
    name: 'statistics rows times nested lists',
    query: '{ inventoryStats(groupBy: [PART]) { key { part { stockLevels { location { stockLevels(first: 50) { nodes { id } } } } } } } }',
  });
  list.push({ name: 'connections without first', query: '{ customers { nodes { tickets { nodes { interactions { nodes { id body } } history { nodes { cursor } } } } } } }' });
  const through = (inner: string) => `fields { type { ${inner} ofType { ${inner} } } }`;
  list.push({ name: 'introspection cycle', query: `{ __schema { types { ${through(through(through(through('name'))))} } } }` });
  return list;
}

/** An HTTP POST with a raw JSON body; resolves to status, parsed body and milliseconds. */
export async function postRaw(url: string, token: string, attack: Attack): Promise<{ status: number; body: any; ms: number }> {
  const q = attack.query!;
  const body = `{"query":${JSON.stringify(q)}${attack.variables ? `,"variables":${attack.variables}` : ''}}`;
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
  const text = await res.text();
  const ms = performance.now() - started;
  let parsed: any = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = { raw: text };
  }
  return { status: res.status, body: parsed, ms };
}

/** A subscribe the server refuses while admitting it (filter nesting over 10 levels): see RawWs.subscribe. */
const PROBE = `subscription { ticketEvents(filter: ${'{ not: '.repeat(12)}{}${' }'.repeat(12)}) { cursor } }`;

/**
 * A minimal graphql-transport-ws client that sends its `subscribe` message as raw text
 * (graphql-ws's client would JSON.stringify the variables): resolves to the first message the
 * server answers the subscription with, and the milliseconds from sending to receiving it.
 */
export class RawWs {
  private ws!: WebSocket;
  private waiting = new Map<string, (msg: any) => void>();
  private seq = 0;
  /** every message the server sent, by subscription id (late ones included) */
  readonly inbox = new Map<string, any[]>();
  /** the close code, once the server closed the socket */
  closedWith: number | null = null;
  /** resolves with the close code and reason when the socket closes */
  closed!: Promise<{ code: number; reason: string }>;

  static async open(wsUrl: string, token: string): Promise<RawWs> {
    const c = new RawWs();
    c.ws = new WebSocket(wsUrl, 'graphql-transport-ws');
    c.closed = new Promise((resolve) => c.ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
    await new Promise<void>((resolve, reject) => {
      c.ws.once('error', reject);
      c.ws.once('open', () => c.ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
      c.ws.on('message', (data) => {
        const msg = JSON.parse(String(data));
        if (msg.type === 'connection_ack') resolve();
        else if (msg.type === 'ping') c.ws.send(JSON.stringify({ type: 'pong' }));
        if (msg.id && !String(msg.id).startsWith('probe-')) {
          if (!c.inbox.has(msg.id)) c.inbox.set(msg.id, []);
          c.inbox.get(msg.id)!.push(msg);
        }
        if (msg.id && c.waiting.has(msg.id)) {
          const f = c.waiting.get(msg.id)!;
          c.waiting.delete(msg.id);
          f(msg);
        }
      });
      c.ws.once('close', (code, reason) => {
        c.closedWith = code;
        for (const f of c.waiting.values()) f({ type: 'closed', code, reason: String(reason) });
        c.waiting.clear();
        reject(new Error(`closed ${code} ${reason}`));
      });
    });
    return c;
  }

  /**
   * Sends a subscription; resolves to the server's first answer (`error`, `next` or `complete`).
   * With `probe`, one the server takes without answering resolves to `{ type: 'subscribed' }`
   * (and is completed): graphql-ws sends no acknowledgement, and the server has no hook for
   * tests, so a probe follows on the same socket, a subscribe the server refuses as too complex
   * while admitting it. One connection's subscribes are admitted one at a time, in the order sent
   * (src/server/ws.ts), so a refusal of this subscription at admission or validation arrives
   * before the probe's; the probe's refusal arriving first means it was admitted and valid.
   */
  async subscribe(query: string, variables?: string, probe = false): Promise<{ id: string; msg: any; ms: number }> {
    const id = String(++this.seq);
    if (this.closedWith !== null) return { id, msg: { type: 'closed', code: this.closedWith }, ms: 0 };
    const started = performance.now();
    const answer = new Promise<any>((resolve) => {
      this.waiting.set(id, resolve);
      if (probe) this.waiting.set(`probe-${id}`, (msg) => resolve(msg.type === 'closed' ? msg : { type: 'subscribed' }));
    });
    this.ws.send(`{"id":"${id}","type":"subscribe","payload":{"query":${JSON.stringify(query)}${variables ? `,"variables":${variables}` : ''}}}`);
    if (probe) this.ws.send(JSON.stringify({ id: `probe-${id}`, type: 'subscribe', payload: { query: PROBE } }));
    const msg = await answer;
    this.waiting.delete(id);
    this.waiting.delete(`probe-${id}`);
    if (msg.type === 'subscribed') this.ws.send(JSON.stringify({ id, type: 'complete' }));
    return { id, msg, ms: performance.now() - started };
  }

  /** Sends a subscribe without waiting for anything: its messages collect in `inbox`. */
  start(id: string, query: string, variables: Record<string, unknown> = {}): void {
    this.ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
  }

  /** Ends one subscription from the client's side. */
  complete(id: string): void {
    this.ws.send(JSON.stringify({ id, type: 'complete' }));
  }

  /** Stops reading the socket (the server's writes back up), and reads again. */
  pause(): void {
    (this.ws as unknown as { _socket: { pause(): void } })._socket.pause();
  }

  resume(): void {
    (this.ws as unknown as { _socket: { resume(): void } })._socket.resume();
  }

  close(): void {
    this.ws.close();
  }
}
