// The hub's own faces on its own port: the console (/, /trends, /tickets/<n>, /my, /sign-in)
// and the GraphiQL explorer (/explorer), built from src/web into src/web/dist (never
// committed; `npm start` and `npm test` build it when stale, see src/web/build.mjs), and the
// demo sign-in (/demo/identities, /demo/token). Nothing is loaded from anywhere else: the
// Content-Security-Policy allows this origin only.
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import type { App } from '../app/app';
import { signToken } from '../auth/viewer';
import { Role } from '../auth/role';
import { log } from '../logger';

export const WEB_DIST = path.resolve(__dirname, '..', 'web', 'dist');

/** Console paths answered with the console's page (the app routes in the browser). */
const CONSOLE_PATHS = ['/', '/sign-in', '/trends', '/my', /^\/tickets\/\d{1,10}$/];

/** A demo token lives this long; the console fetches a new one shortly before it expires. */
export const DEMO_TOKEN_MINUTES = 60;

const CSP = [
  "default-src 'self'",
  // 'self' covers ws:/wss: to this host (CSP 3)
  "connect-src 'self'",
  "script-src 'self'",
  // Monaco and GraphiQL set inline styles
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function pageHeaders(res: express.Response): void {
  res.set({
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cache-control': 'no-cache',
  });
}

// ---------------------------------------------------------------------------
// Demo sign-in
// ---------------------------------------------------------------------------

/**
 * What the demo sign-in needs from the composition root: the demo seed's agent ids by e-mail
 * (src/seed/demo.ts, demoAgentIds). Demo mode needs every one of them in the database with
 * exactly these ids: a real deployment never has them, so demo tokens can never name real staff.
 */
export interface WebOptions {
  demoAgentIds(): Map<string, string>;
}

/** example.com / .net / .org and the .example TLD are reserved (RFC 2606): never a real person. */
const RESERVED_EMAIL = /@(?:[a-z0-9-]+\.)*(?:example|example\.com|example\.net|example\.org)$/i;

type DemoUser = { role: Role; name: string; detail: string; sub: string; agentId: string | null; customerId: string | null };

const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?$/i;
const isLoopbackListen = (host: string) => host === 'localhost' || host === '::1' || host.startsWith('127.');

export class DemoSignIn {
  private cache: { at: number; users: DemoUser[] | null } | null = null;
  private issued = new Map<string, { windowStart: number; count: number }>();

  constructor(
    private readonly app: App,
    private readonly options: WebOptions,
  ) {}

  /** Whether the configuration allows demo sign-in for this request at all (before the database). */
  allowedFor(req: express.Request): boolean {
    const mode = this.app.config.demoSignIn;
    if (mode === false) return false;
    if (mode === 'auto') {
      // only on a hub nobody else can reach, and only for a page opened as localhost (a DNS
      // rebinding page calls itself by its own name and is refused)
      if (!isLoopbackListen(this.app.config.host)) return false;
      if (!LOOPBACK_HOST.test(req.headers.host ?? '')) return false;
    }
    return true;
  }

  /** One demo user per role, or null when the database does not hold the demo seed. */
  async users(): Promise<DemoUser[] | null> {
    if (this.cache && Date.now() - this.cache.at < 10_000) return this.cache.users;
    const expected = this.options.demoAgentIds();
    const rows: { id: string; email: string; name: string; role: Role; team: string | null }[] = await this.app.db.query(
      `SELECT id, email, name, role, team FROM agent WHERE active AND email = ANY($1) ORDER BY email`,
      [[...expected.keys()]],
    );
    let users: DemoUser[] | null = null;
    if (rows.length === expected.size && rows.every((r) => expected.get(r.email) === r.id)) {
      users = [];
      for (const role of [Role.AGENT, Role.MANAGER, Role.ANALYST, Role.ADMIN]) {
        const a = rows.find((r) => r.role === role);
        if (a) users.push({ role, name: a.name, detail: `${role.toLowerCase()}${a.team ? `, ${a.team}` : ''}`, sub: `demo:${a.email}`, agentId: a.id, customerId: null });
      }
      const customers: { id: string; email: string; name: string }[] = await this.app.db.query(
        `SELECT c.id, c.email, c.name FROM customer c
         WHERE EXISTS (SELECT 1 FROM ticket t WHERE t.customer_id = c.id)
         ORDER BY c.email LIMIT 50`,
      );
      const c = customers.find((x) => RESERVED_EMAIL.test(x.email));
      if (c) users.push({ role: Role.CUSTOMER, name: c.name, detail: 'customer', sub: `demo:${c.email}`, agentId: null, customerId: c.id });
    }
    this.cache = { at: Date.now(), users };
    return users;
  }

  /** At most 30 demo tokens a minute per client address. */
  private takeIssue(ip: string): boolean {
    const now = Date.now();
    const slot = this.issued.get(ip);
    if (!slot || now - slot.windowStart > 60_000) {
      if (this.issued.size > 10_000) this.issued.clear();
      this.issued.set(ip, { windowStart: now, count: 1 });
      return true;
    }
    return ++slot.count <= 30;
  }

  mount(ex: express.Express): void {
    const notAvailable = (res: express.Response) => res.status(404).json({ error: 'Demo sign-in is not available on this hub' });
    ex.get('/demo/identities', async (req, res, next) => {
      try {
        const users = this.allowedFor(req) ? await this.users() : null;
        res.set('cache-control', 'no-store');
        if (!users) return void notAvailable(res);
        res.json({ identities: users.map((u) => ({ role: u.role, name: u.name, detail: u.detail })), tokenMinutes: DEMO_TOKEN_MINUTES });
      } catch (err) {
        next(err);
      }
    });
    // POST with a JSON body: a cross-site page cannot send that without a CORS preflight, which
    // this hub never grants, and could not read the answer anyway
    ex.post('/demo/token', express.json({ limit: '1kb' }), async (req, res, next) => {
      try {
        res.set('cache-control', 'no-store');
        if (!req.is('application/json')) return void res.status(415).json({ error: 'Send a JSON body' });
        const users = this.allowedFor(req) ? await this.users() : null;
        if (!users) return void notAvailable(res);
        const user = users.find((u) => u.role === (req.body as { role?: unknown } | undefined)?.role);
        if (!user) return void res.status(400).json({ error: `role must be one of ${users.map((u) => u.role).join(', ')}` });
        if (!this.takeIssue(req.ip ?? '-')) return void res.status(429).set('retry-after', '60').json({ error: 'Too many demo sign-ins; wait a minute' });
        const token = signToken(this.app.authSecrets[0], { sub: user.sub, role: user.role, agentId: user.agentId, customerId: user.customerId }, `${DEMO_TOKEN_MINUTES}m`);
        log.info('demo token issued', { role: user.role, sub: user.sub, ip: req.ip });
        res.json({ token, role: user.role, name: user.name, expiresInSeconds: DEMO_TOKEN_MINUTES * 60 });
      } catch (err) {
        next(err);
      }
    });
  }
}

// ---------------------------------------------------------------------------
// Pages and assets
// ---------------------------------------------------------------------------

function notBuilt(res: express.Response): void {
  res
    .status(503)
    .type('text/plain')
    .send('The console is not built. Run `npm run web:build` (npm start and npm test build it when it is missing or stale).\n');
}

/**
 * Mounts the console, the explorer and the demo sign-in. Call before /graphql is mounted: a
 * browser opening GET /graphql (HTML, no query) is sent to the explorer instead of Apollo's
 * landing page, which loads from a CDN and is disabled.
 */
export function mountWeb(ex: express.Express, app: App, options: WebOptions, dist = WEB_DIST): void {
  new DemoSignIn(app, options).mount(ex);

  const page = (file: string) => (_req: express.Request, res: express.Response) => {
    const full = path.join(dist, file);
    if (!fs.existsSync(full)) return notBuilt(res);
    pageHeaders(res);
    res.sendFile(full);
  };
  ex.get(CONSOLE_PATHS, page('index.html'));
  ex.get(['/explorer', '/explorer/'], page('explorer.html'));
  ex.get('/graphql', (req, res, next) => {
    const wantsPage = req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
    if (wantsPage && !('query' in (req.query as Record<string, unknown>))) return res.redirect(302, '/explorer');
    next();
  });
  // hashed file names: cached for good
  ex.use(
    '/assets',
    express.static(path.join(dist, 'assets'), {
      immutable: true,
      maxAge: '365d',
      index: false,
      setHeaders: (res) => res.setHeader('x-content-type-options', 'nosniff'),
    }),
  );
}
