/**
 * The hub's own faces in a real browser (Debian's Chromium through playwright-core): demo
 * sign-in for every role, the live board (a complaint made through the API appears within
 * 2 s without a reload; a stock alert appears; a hub restart shows "Reconnecting…" and then
 * catches up with every complaint made meanwhile), trends with CSV, a ticket page with a
 * userError next to its field, the customer's view (own tickets only), and the explorer
 * (GraphiQL runs a query and autocompletes a field). Any request to another host fails the
 * test; so does any console error or page error, or a serious axe-core violation. Screenshots
 * of each page go to test/web/screenshots/ (not committed).
 *
 * Needs src/web/dist (npm test's pretest builds it) and /usr/bin/chromium (.ci/run installs it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { getIntrospectionQuery } from 'graphql';
import { startTestHub, type TestHub } from '../support/harness';
import { seedDemoIfEmpty } from '../../src/seed/demo';
import { WEB_DIST } from '../../src/server/web';
import { Role } from '../../src/auth/role';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.join(__dirname, 'screenshots');
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const HUB_ENV = { DEMO_SIGN_IN: 'true', EVENT_POLL_MS: '500' };

let t: TestHub;
let first: TestHub;
let databaseUrl: string;
let port: number;
let origin: string;
let browser: Browser;
const foreign: string[] = [];
const problems: string[] = [];
/** while the hub is down on purpose, the browser's failed reconnects are expected */
let restarting = false;

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 950 }, acceptDownloads: true });
  // nothing but the hub: any other host fails the test
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('websocket', (ws) => {
    if (!ws.url().startsWith(origin.replace(/^http/, 'ws'))) foreign.push(ws.url());
  });
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (restarting && /WebSocket|ERR_CONNECTION_REFUSED|Failed to load resource/.test(m.text())) return;
    problems.push(`console error on ${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
  return { context, page };
}

async function axe(page: Page, name: string): Promise<void> {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    // GraphiQL's tabs put a close button inside role=tab (nested-interactive): its markup, not ours
    const r = await (globalThis as any).axe.run({ exclude: [['.graphiql-tab']] }, { resultTypes: ['violations'] });
    return r.violations.map((v: any) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, target: v.nodes[0]?.target?.join(' ') }));
  });
  const serious = (result as { id: string; impact: string; nodes: number; target: string }[]).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect({ page: name, serious }).toEqual({ page: name, serious: [] });
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
}

async function signIn(page: Page, role: string): Promise<void> {
  await page.goto(`${origin}/`);
  await page.waitForURL(`${origin}/sign-in`);
  await page.getByRole('button', { name: `Sign in as ${role.toLowerCase()}` }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

const gql = async <T = any>(role: Role, query: string, variables?: Record<string, unknown>): Promise<T> => {
  const r = await t.gql(t.token(role), query, variables);
  if (r.errors?.length) throw new Error(JSON.stringify(r.errors));
  return r.data as T;
};

let customerId: string;
async function createComplaint(hub: TestHub, subject: string): Promise<number> {
  const r = await hub.gql(hub.token(Role.AGENT), `mutation($input: CreateTicketInput!) { createTicket(input: $input) { ticket { number } userErrors { message } } }`, {
    input: { customerId, subject, kind: 'COMPLAINT', priority: 'HIGH', channel: 'PHONE' },
  });
  expect(r.data.createTicket.userErrors).toEqual([]);
  return r.data.createTicket.ticket.number;
}

beforeAll(async () => {
  expect(fs.existsSync(path.join(WEB_DIST, 'index.html'))).toBe(true);
  fs.mkdirSync(SHOTS, { recursive: true });
  t = first = await startTestHub({ env: HUB_ENV });
  await seedDemoIfEmpty(t.hub.app, true);
  databaseUrl = t.databaseUrl;
  origin = new URL(t.url).origin;
  port = Number(new URL(t.url).port);
  customerId = (await gql(Role.AGENT, `{ customers(first: 1, orderBy: { field: NAME, direction: ASC }) { nodes { id } } }`)).customers.nodes[0].id;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
  // the first hub owns the scratch database (the restarted ones only borrow it): it drops it
  if (first && first !== t) await first.stop();
});

afterEach(() => {
  expect(foreign.splice(0)).toEqual([]);
  expect(problems.splice(0)).toEqual([]);
});

test('the explorer is the only page: GET /graphql in a browser goes to it; the standard introspection query needs a token and passes the limits', async () => {
  const page = await fetch(`${origin}/graphql`, { headers: { accept: 'text/html' }, redirect: 'manual' });
  expect(page.status).toBe(302);
  expect(page.headers.get('location')).toBe('/explorer');
  const html = await (await fetch(`${origin}/explorer`)).text();
  expect(html).not.toMatch(/https?:\/\//);
  const withToken = await t.gql(t.token(Role.ANALYST), getIntrospectionQuery());
  expect(withToken.errors).toBeUndefined();
  expect(withToken.data.__schema.queryType.name).toBe('Query');
  const without = await t.gql(null, getIntrospectionQuery());
  expect(without.status).toBe(401);
  expect(without.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
});

test('demo sign-in for every role; demo tokens only when the hub allows it', async () => {
  const { context, page } = await newPage();
  await page.goto(`${origin}/`);
  await page.waitForURL(`${origin}/sign-in`);
  await page.getByRole('heading', { name: 'Demo mode' }).waitFor();
  await shot(page, 'sign-in');
  await axe(page, 'sign-in');
  for (const role of ['AGENT', 'MANAGER', 'ANALYST', 'ADMIN', 'CUSTOMER']) {
    await page.getByRole('button', { name: `Sign in as ${role.toLowerCase()}` }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByRole('heading', { name: role === 'CUSTOMER' ? 'My tickets' : 'Operations board' }).waitFor();
    expect(await page.locator('.who').textContent()).toContain(`(${role.toLowerCase()})`);
    // the token is in sessionStorage, never in the URL or localStorage
    expect(page.url()).not.toMatch(/ey[A-Za-z0-9_-]{10,}/);
    expect(await page.evaluate(() => JSON.stringify((globalThis as any).localStorage))).not.toMatch(/ey[A-Za-z0-9_-]{10,}\./);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${origin}/sign-in`);
  }
  await context.close();
  // an unknown role is refused; with DEMO_SIGN_IN=auto a non-localhost Host is refused (DNS rebinding)
  const bad = await fetch(`${origin}/demo/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'ROOT' }) });
  expect(bad.status).toBe(400);
  const form = await fetch(`${origin}/demo/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'role=ADMIN' });
  expect(form.status).toBe(415);
});

test('the board: a new complaint within 2 s, a stock alert, and a hub restart that misses nothing', async () => {
  const { context, page } = await newPage();
  await signIn(page, 'MANAGER');
  await page.locator('[data-live-state="live"]').waitFor();

  const subject = `Board test complaint ${Date.now()}`;
  const number = await createComplaint(t, subject);
  const seenAt = Date.now();
  await page.locator(`tr[data-ticket="${number}"]`).waitFor({ timeout: 2000 });
  expect(Date.now() - seenAt).toBeLessThan(2000);
  expect(await page.locator(`tr[data-ticket="${number}"]`).textContent()).toContain(subject);

  // a stock level crosses into LOW
  const levels = await gql(Role.MANAGER, `{ stockLevels(first: 100, filter: { status: [IN_STOCK] }) { nodes { id available reorderPoint part { id } location { id } } } }`);
  const level = levels.stockLevels.nodes.find((l: any) => l.available > l.reorderPoint + 1);
  const adjusted = await gql(Role.MANAGER, `mutation($input: AdjustStockInput!) { adjustStock(input: $input) { stockLevel { status } userErrors { message } } }`, {
    input: { partId: level.part.id, locationId: level.location.id, delta: -(level.available - level.reorderPoint), reason: 'browser test: stock count' },
  });
  expect(adjusted.adjustStock.stockLevel.status).toBe('LOW');
  await page.locator(`[data-stock-level="${level.id}"]`).waitFor({ timeout: 5000 });
  await page.locator('.feed li', { hasText: 'Stock low' }).first().waitFor();
  await shot(page, 'board');
  await axe(page, 'board');

  // the hub restarts; meanwhile another instance takes two complaints
  restarting = true;
  await t.hub.stop();
  await page.locator('[data-live-state="reconnecting"]').waitFor({ timeout: 5000 });
  await shot(page, 'board-reconnecting');
  const other = await startTestHub({ databaseUrl, env: HUB_ENV });
  const missed = [await createComplaint(other, 'Made while the hub was down (1)'), await createComplaint(other, 'Made while the hub was down (2)')];
  await other.stop();
  t = await startTestHub({ databaseUrl, env: { ...HUB_ENV, PORT: String(port) } });
  await page.locator('[data-live-state="live"]').waitFor({ timeout: 15_000 });
  restarting = false;
  const after = await createComplaint(t, 'Made after the restart');
  for (const n of [number, ...missed, after]) await page.locator(`tr[data-ticket="${n}"]`).waitFor({ timeout: 5000 });
  // every open complaint the API knows is on the board, once
  const open = await gql(Role.AGENT, `{ tickets(first: 100, filter: { kind: [COMPLAINT], status: [NEW, OPEN, PENDING, ON_HOLD] }) { nodes { number } } }`);
  const shown = await page.locator('tr[data-ticket]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-ticket'))));
  expect([...shown].sort((a, b) => a - b)).toEqual(open.tickets.nodes.map((n: any) => n.number).sort((a: number, b: number) => a - b));
  await context.close();
}, 60_000);

test('trends draw four charts and download their numbers as CSV; a ticket page shows userErrors next to the field', async () => {
  const { context, page } = await newPage();
  await signIn(page, 'AGENT');
  await page.getByRole('link', { name: 'Trends' }).click();
  await page.locator('canvas').nth(3).waitFor();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /Download CSV of Failure demand/ }).click();
  const file = await (await download).path();
  const csv = fs.readFileSync(file!, 'utf8');
  expect(csv.split('\r\n')[0]).toBe('root cause,tickets,contacts,share of contacts %');
  expect(csv.split('\r\n').length).toBeGreaterThan(3);
  await shot(page, 'trends');
  await axe(page, 'trends');

  // a complaint of its own: how many OPEN ones the demo holds depends on the hour it was seeded
  const number = await createComplaint(t, 'Ticket page test: the dishwasher part');
  await page.goto(`${origin}/tickets/${number}`);
  await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  await page.getByRole('heading', { name: 'Suggested articles' }).waitFor();
  const reserve = page.getByRole('form', { name: 'Reserve a part' });
  await reserve.getByLabel('Part at location').selectOption({ index: 1 });
  await reserve.getByLabel('Quantity').fill('100000');
  await reserve.getByRole('button', { name: 'Reserve a part' }).click();
  // INSUFFICIENT_STOCK concerns input.quantity: shown under the quantity, which is marked invalid
  const qty = reserve.getByLabel('Quantity');
  await expectAttr(qty, 'aria-invalid', 'true');
  const describedBy = await qty.getAttribute('aria-describedby');
  expect(await page.locator(`[id="${describedBy}"]`).textContent()).toMatch(/available|stock/i);
  await shot(page, 'ticket');
  await axe(page, 'ticket');
  await context.close();
}, 45_000);

/** "1d 2h 03m", "2h 03m 04s" or "3m 04s" (the console's duration) in ms */
function parseDuration(text: string): number {
  const unit: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };
  const parts = [...text.matchAll(/(\d+)([dhms])/g)];
  if (!parts.length || /late/.test(text)) throw new Error(`not a countdown: ${text}`);
  return parts.reduce((ms, [, n, u]) => ms + Number(n) * unit[u], 0);
}

async function expectAttr(locator: ReturnType<Page['locator']>, name: string, value: string) {
  const deadline = Date.now() + 5000;
  while ((await locator.getAttribute(name)) !== value) {
    if (Date.now() > deadline) throw new Error(`${name} never became ${value}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test("a customer sees only their own tickets, opens one, and cannot open another customer's", async () => {
  const { context, page } = await newPage();
  await signIn(page, 'CUSTOMER');
  await page.getByRole('heading', { name: 'My tickets' }).waitFor();
  await page.locator('tr[data-ticket]').first().waitFor();
  const mine = await page.locator('tr[data-ticket]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-ticket'))));
  const session = JSON.parse((await page.evaluate(() => (globalThis as any).sessionStorage.getItem("servicegraph.session") as string | null))!);
  const me = await t.gql(session.token, `{ viewer { customer { id tickets(first: 100) { nodes { number } } } } }`);
  expect(mine.sort()).toEqual(me.data.viewer.customer.tickets.nodes.map((n: any) => n.number).sort());
  await shot(page, 'my-tickets');
  await axe(page, 'my-tickets');

  const foreignTicket = await gql(Role.AGENT, `query($c: [ID!]) { tickets(first: 1, filter: { not: { customerId: $c } }) { nodes { number } } }`, { c: [me.data.viewer.customer.id] });
  const theirs = foreignTicket.tickets.nodes[0].number;
  expect(mine).not.toContain(theirs);
  await page.goto(`${origin}/tickets/${theirs}`);
  await page.getByText(`Ticket #${theirs} was not found, or is not yours to see.`).waitFor();

  await page.goto(`${origin}/my`);
  await page.getByLabel('Subject').fill('My dishwasher leaks');
  await page.getByLabel('What happened?').fill('Water under the machine after every run.');
  await page.getByRole('button', { name: 'Open ticket' }).click();
  await page.getByRole('heading', { name: /My dishwasher leaks/ }).waitFor();
  await context.close();
}, 30_000);

test("a browser whose clock is 3 hours ahead of the hub: one demo sign-in, not one per request, and ages and countdowns in the hub's time", async () => {
  const { context, page } = await newPage();
  // the page's Date runs 3 h ahead; timers keep running in real time
  await context.clock.install({ time: Date.now() + 3 * 3600_000 });
  const tokens: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/demo/token')) tokens.push(r.url());
  });
  await signIn(page, 'MANAGER');
  await page.locator('[data-live-state="live"]').waitFor();
  const number = await createComplaint(t, `Skewed clock complaint ${Date.now()}`);
  const row = page.locator(`tr[data-ticket="${number}"]`);
  await row.waitFor({ timeout: 5000 });
  // made a moment ago by the hub's clock: "0m 02s ago", never "3h 00m 02s ago"
  expect(await row.locator('td').nth(4).textContent()).toMatch(/^[0-2]m \d\ds ago$/);
  // its first-response countdown counts down to the hub's due time from the hub's now
  const due = (await gql(Role.MANAGER, `query($n: Int!) { ticket(number: $n) { sla { firstResponseDueAt } } }`, { n: number })).ticket.sla.firstResponseDueAt;
  const shown = parseDuration((await row.locator('.countdown').textContent())!);
  expect(Math.abs(shown - (Date.parse(due) - Date.now()))).toBeLessThan(90_000);
  // more requests with the same token: trends, the board again, a ticket page
  await page.getByRole('link', { name: 'Trends' }).click();
  await page.locator('canvas').first().waitFor();
  await page.goto(`${origin}/tickets/${number}`);
  await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  await page.goto(`${origin}/`);
  await page.locator(`tr[data-ticket="${number}"]`).waitFor();
  // the token lives an hour by the hub's clock: it was fetched once, at sign-in
  expect(tokens).toHaveLength(1);
  await context.close();
}, 45_000);

test('the explorer runs a query with the signed-in token and autocompletes a field', async () => {
  const { context, page } = await newPage();
  await signIn(page, 'ANALYST');
  await page.goto(`${origin}/explorer`);
  const editor = page.locator('.graphiql-query-editor .monaco-editor').first();
  await editor.waitFor({ timeout: 20_000 });
  // the schema arrives by introspection with the token: the docs show the Query type
  await page.getByRole('button', { name: /Show Documentation Explorer/i }).click();
  await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).first().waitFor({ timeout: 15_000 });
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText('query Mine { viewer { role } }');
  // GraphiQL takes the operation name from the editor after a short debounce: run once it has
  await page.locator('.graphiql-tabs').getByText('Mine', { exact: true }).waitFor();
  await page.keyboard.press('Control+Enter');
  await page.locator('.graphiql-response').getByText('"ANALYST"').waitFor({ timeout: 10_000 });
  // autocompletion from the schema
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText('query { ticketSt');
  await page.keyboard.press('Control+Space');
  await page.locator('.suggest-widget').getByText('ticketStats').first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Escape');
  // schema/operations are offered as examples: one opens in a new tab
  await page.getByRole('button', { name: 'Show Examples' }).click();
  await page.getByRole('button', { name: /ConsoleBoard/ }).click();
  await page.locator('.graphiql-tabs').getByText('ConsoleBoard', { exact: true }).waitFor();
  await shot(page, 'explorer');
  await axe(page, 'explorer');
  await context.close();
}, 45_000);

test("the explorer renews a demo token when its hour is up, as the console does", async () => {
  const { context, page } = await newPage();
  const issued: string[] = [];
  const sent: string[] = [];
  page.on('response', async (r) => {
    if (r.url().endsWith('/demo/token') && r.ok()) issued.push(((await r.json()) as { token: string }).token);
  });
  page.on('request', (r) => {
    if (r.url().endsWith('/graphql') && r.method() === 'POST') sent.push(r.headers()['authorization'] ?? '');
  });
  await signIn(page, 'ANALYST');
  await page.goto(`${origin}/explorer`);
  const editor = page.locator('.graphiql-query-editor .monaco-editor').first();
  await editor.waitFor({ timeout: 20_000 });
  const run = async (name: string, text: string, expected: string) => {
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(text);
    await page.locator('.graphiql-tabs').getByText(name, { exact: true }).waitFor();
    await page.keyboard.press('Control+Enter');
    await page.locator('.graphiql-response').getByText(expected).first().waitFor({ timeout: 10_000 });
  };
  await run('First', 'query First { viewer { role } }', '"ANALYST"');
  expect(issued).toHaveLength(1);
  expect(sent.at(-1)).toBe(`Bearer ${issued[0]}`);
  // 59 minutes later (the token lives 60): the session's renewal time has passed. (Playwright's
  // fake clock cannot stand in here: Monaco breaks on its fake performance timeline.)
  await page.evaluate(() => {
    const store = (globalThis as any).sessionStorage;
    const session = JSON.parse(store.getItem('servicegraph.session'));
    session.renewAt = Date.now() - 60_000;
    store.setItem('servicegraph.session', JSON.stringify(session));
  });
  await run('Later', 'query Later { viewer { sub } }', '"sub"');
  expect(issued).toHaveLength(2);
  expect(sent.at(-1)).toBe(`Bearer ${issued[1]}`);
  await context.close();
}, 45_000);
