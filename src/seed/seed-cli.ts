/**
 * `npm run seed -- [--customers N] [--tickets N] [--interactions-per-ticket N] [--reset] [--batch N]`
 *
 * Loads a large data set into DATABASE_URL (or the embedded database in DATA_DIR/pg) for
 * load tests and dashboards. Runs the migrations, seeds the demo service desk when the database
 * is empty, then generates rows server-side (INSERT … SELECT … FROM generate_series) in
 * batches, each its own transaction:
 *   --customers N                 N more customers (default 0)
 *   --tickets N                   N more tickets over the last 365 days (default 100000)
 *   --interactions-per-ticket N   interactions per generated ticket (default 3): the customer's contact first,
 *                                 then agent replies (the first at first_responded_at); use 2 or more so
 *                                 every answered ticket has its reply
 *   --reset                       empty ticket, interaction and event_log first
 *   --batch N                     tickets per statement (default 100000)
 *
 * SLA due times are approximated round the clock (created_at + target minutes); the demo
 * seed computes them exactly with the business-hours calendar.
 */
import 'reflect-metadata';
import path from 'node:path';
import { Client } from 'pg';
import type { App } from '../app/app';
import { systemClock } from '../app/clock';
import { ConfigError, loadConfig } from '../config';
import { createDataSource } from '../db/data-source';
import { startEmbeddedPostgres, type EmbeddedServer } from '../db/embedded';
import { EVENT_LOCK_KEY } from '../events/types';
import { log, setLogLevel } from '../logger';
import { Channel, CustomerTier, Priority, Role, TicketKind, TicketStatus } from '../modules/common/enums';
import { TICKET_TOPIC } from '../modules/tickets/ticket.events';
import {
  CHANNEL_PREFIX,
  CHANNEL_WEIGHTS,
  CONSUMER_DOMAINS,
  ENTERPRISE_ORGS,
  FIRST_RESPONSE_MIN,
  INBOUND_FOLLOWUP_SUMMARIES,
  LOCALES,
  OUTBOUND_FOLLOWUPS,
  PREFERRED_WEIGHTS,
  PREMIUM_ORGS,
  PRIORITY_SPEED,
  PRIORITY_UP,
  PRIORITY_WEIGHTS,
  SATISFACTION_COMMENTS,
  SMALL_ORGS,
  WORK_HOURS,
  asciiSlug,
  orgDomain,
  seedDemoIfEmpty,
  statusWeights,
  teamFor,
  ticketVariants,
} from './demo';

interface Args {
  customers: number;
  tickets: number;
  perTicket: number;
  reset: boolean;
  batch: number;
}

/** A problem the user can fix: printed as a line, not a stack trace. */
class SeedError extends Error {}

const USAGE = 'usage: npm run seed -- [--customers N] [--tickets N] [--interactions-per-ticket N] [--reset] [--batch N]';

function parseArgs(argv: string[]): Args {
  const args: Args = { customers: 0, tickets: 100_000, perTicket: 3, reset: false, batch: 100_000 };
  const limits: Record<string, [keyof Args, number, number]> = {
    '--customers': ['customers', 0, 10_000_000],
    '--tickets': ['tickets', 0, 50_000_000],
    '--interactions-per-ticket': ['perTicket', 0, 20],
    '--batch': ['batch', 1000, 1_000_000],
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    if (flag === '--reset') {
      args.reset = true;
      continue;
    }
    if (flag === '--help' || flag === '-h') {
      process.stdout.write(USAGE + '\n');
      process.exit(0);
    }
    const spec = limits[flag];
    if (!spec) throw new ConfigError(`unknown option "${argv[i]}"\n${USAGE}`);
    const raw = inline ?? argv[++i];
    const n = Number(String(raw ?? '').replace(/_/g, ''));
    const [key, min, max] = spec;
    if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${flag} must be a whole number from ${min} to ${max}, got "${raw ?? ''}"`);
    (args[key] as number) = n;
  }
  return args;
}

/** Numbered query parameters with casts; the same value object is bound once. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown, cast: string): string {
    this.values.push(value);
    return `($${this.values.length}::${cast})`;
  }
}

const lit = (v: string | number | null) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v.replace(/'/g, "''")}'`);

/** CASE expression picking a value with the given weights from a uniform random column `r`. */
function weightedCase(r: string, pairs: readonly (readonly [string | number | null, number])[]): string {
  const total = pairs.reduce((s, [, w]) => s + w, 0);
  let acc = 0;
  const whens = pairs.slice(0, -1).map(([v, w]) => {
    acc += w;
    return `WHEN ${r} < ${(acc / total).toFixed(6)} THEN ${lit(v)}`;
  });
  return `(CASE ${whens.join(' ')} ELSE ${lit(pairs[pairs.length - 1][0])} END)`;
}

/** log-uniform value in [lo, hi] from a uniform random column `r` */
const logUniform = (r: string, lo: number, hi: number) => `(${lo} * exp(${r} * ${Math.log(hi / lo).toFixed(6)}))`;

const secs = (t0: number) => ((Date.now() - t0) / 1000).toFixed(1);
const say = (line: string) => process.stdout.write(line + '\n');
const fmt = (n: number) => n.toLocaleString('en-US');

async function count(c: Client, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await c.query(sql, params);
  return Number(rows[0].n);
}

/** Empties ticket, interaction and event_log without breaking rows in other tables that point at tickets. */
async function reset(c: Client): Promise<void> {
  const t0 = Date.now();
  const { rows: refs } = await c.query<{ tbl: string; col: string; target: string; rule: string }>(
    `SELECT con.conrelid::regclass::text AS tbl, a.attname AS col, con.confrelid::regclass::text AS target, con.confdeltype AS rule
     FROM pg_constraint con
     JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
     WHERE con.contype = 'f' AND con.confrelid::regclass::text IN ('ticket', 'interaction', 'event_log')
       AND con.conrelid::regclass::text NOT IN ('ticket', 'interaction', 'event_log')`,
  );
  const others = [...new Set(refs.map((r) => r.tbl))];
  const nonEmpty: string[] = [];
  for (const t of others) {
    if (await count(c, `SELECT count(*) AS n FROM (SELECT 1 FROM ${t} LIMIT 1) x`)) nonEmpty.push(t);
  }
  await c.query('BEGIN');
  try {
    if (!nonEmpty.length) {
      // nothing else holds data about tickets: the fast way
      await c.query(`TRUNCATE ticket, interaction, event_log${others.map((t) => ', ' + t).join('')}`);
    } else {
      for (const r of refs.filter((x) => nonEmpty.includes(x.tbl))) {
        const n = await count(c, `SELECT count(*) AS n FROM ${r.tbl} WHERE ${r.col} IS NOT NULL`);
        if (!n) continue;
        if (r.rule === 'n') await c.query(`UPDATE ${r.tbl} SET ${r.col} = NULL WHERE ${r.col} IS NOT NULL`);
        else if (r.rule === 'c') await c.query(`DELETE FROM ${r.tbl} WHERE ${r.col} IS NOT NULL`);
        else throw new SeedError(`--reset stopped: ${fmt(n)} rows of ${r.tbl} refer to ${r.target} rows (${r.tbl}.${r.col}); remove them first`);
        say(`  ${r.tbl}.${r.col}: ${r.rule === 'n' ? 'cleared' : 'deleted'} on ${fmt(n)} rows`);
      }
      const referenced = new Set(refs.map((r) => r.target));
      const truncatable = ['interaction', 'event_log'].filter((t) => !referenced.has(t));
      if (truncatable.length) await c.query(`TRUNCATE ${truncatable.join(', ')}`);
      for (const t of ['interaction', 'event_log'].filter((x) => referenced.has(x))) await c.query(`DELETE FROM ${t}`);
      await c.query('DELETE FROM ticket');
    }
    await c.query(`SELECT setval(pg_get_serial_sequence('ticket', 'number'), 1, false)`);
    await c.query('COMMIT');
  } catch (err) {
    await c.query('ROLLBACK');
    throw err;
  }
  say(`reset: ticket, interaction and event_log emptied (${secs(t0)} s)`);
}

async function addCustomers(c: Client, n: number, batch: number): Promise<number> {
  const t0 = Date.now();
  const { rows: sls } = await c.query<{ name: string; id: string }>(`SELECT name, id FROM service_level WHERE name IN ('Premium', 'Enterprise')`);
  const slId = (name: string) => sls.find((s) => s.name === name)?.id ?? null;
  const first: string[] = [];
  const firstSlug: string[] = [];
  const last: string[] = [];
  const lastSlug: string[] = [];
  const fStart: number[] = [];
  const fLen: number[] = [];
  const lStart: number[] = [];
  const lLen: number[] = [];
  for (const l of LOCALES) {
    fStart.push(first.length + 1);
    fLen.push(l.first.length);
    first.push(...l.first);
    firstSlug.push(...l.first.map(asciiSlug));
    lStart.push(last.length + 1);
    lLen.push(l.last.length);
    last.push(...l.last);
    lastSlug.push(...l.last.map(asciiSlug));
  }
  const orgs = [...ENTERPRISE_ORGS, ...PREMIUM_ORGS, ...SMALL_ORGS];
  const p = new Params();
  const P = {
    now: p.add(new Date().toISOString(), 'timestamptz'),
    first: p.add(first, 'text[]'),
    firstSlug: p.add(firstSlug, 'text[]'),
    last: p.add(last, 'text[]'),
    lastSlug: p.add(lastSlug, 'text[]'),
    fStart: p.add(fStart, 'int[]'),
    fLen: p.add(fLen, 'int[]'),
    lStart: p.add(lStart, 'int[]'),
    lLen: p.add(lLen, 'int[]'),
    langs: p.add(LOCALES.map((l) => l.lang), 'text[]'),
    cc: p.add(LOCALES.map((l) => l.cc), 'text[]'),
    orgs: p.add(orgs, 'text[]'),
    orgDomains: p.add(orgs.map(orgDomain), 'text[]'),
    domains: p.add(CONSUMER_DOMAINS, 'text[]'),
    premium: p.add(slId('Premium'), 'uuid'),
    enterprise: p.add(slId('Enterprise'), 'uuid'),
    base: p.add(await count(c, 'SELECT count(*) AS n FROM customer'), 'bigint'),
  };
  const nE = ENTERPRISE_ORGS.length;
  const nP = PREMIUM_ORGS.length;
  const nS = SMALL_ORGS.length;
  const locale = weightedCase('r_loc', LOCALES.map((l, i) => [i + 1, l.weight] as const));
  const lo = p.add(0, 'int');
  const hi = p.add(0, 'int');
  const sql = `
    WITH g AS MATERIALIZED (
      SELECT i, ${locale} AS li, ${weightedCase('r_tier', [[CustomerTier.STANDARD, 80], [CustomerTier.PREMIUM, 15], [CustomerTier.ENTERPRISE, 5]])} AS tier,
        r_f, r_l, r_org, r_org2, r_ch, r_age, r_ph
      FROM (SELECT i, random() AS r_loc, random() AS r_tier, random() AS r_f, random() AS r_l, random() AS r_org, random() AS r_org2,
                   random() AS r_ch, random() AS r_age, random() AS r_ph
            FROM generate_series(${lo}, ${hi}) AS i) x
    ), h AS MATERIALIZED (
      SELECT g.*, ${P.fStart}[li] + floor(r_f * ${P.fLen}[li])::int AS fi, ${P.lStart}[li] + floor(r_l * ${P.lLen}[li])::int AS lj,
        CASE WHEN tier = 'ENTERPRISE' THEN 1 + floor(r_org * ${nE})::int
             WHEN tier = 'PREMIUM' AND r_org2 < 0.7 THEN ${nE + 1} + floor(r_org * ${nP})::int
             WHEN tier = 'STANDARD' AND r_org2 < 0.1 THEN ${nE + nP + 1} + floor(r_org * ${nS})::int END AS oi,
        ${P.now} - make_interval(secs => 3 * 365 * 86400 * r_age) AS created_at
      FROM g
    )
    INSERT INTO customer (name, email, phone, tier, organization, preferred_channel, language, service_level_id, created_at, updated_at)
    SELECT ${P.first}[fi] || ' ' || ${P.last}[lj],
      ${P.firstSlug}[fi] || '.' || ${P.lastSlug}[lj] || '.' || (${P.base} + i) || '@' ||
        coalesce(${P.orgDomains}[oi], ${P.domains}[1 + (i % ${CONSUMER_DOMAINS.length})]),
      CASE WHEN r_f < 0.85 THEN ${P.cc}[li] || ' ' || (150 + floor(r_l * 30))::int || ' ' || (1000000 + floor(r_ph * 8999999))::int::text END,
      tier, ${P.orgs}[oi],
      ${weightedCase('r_ch', PREFERRED_WEIGHTS)},
      ${P.langs}[li],
      CASE tier WHEN 'PREMIUM' THEN ${P.premium} WHEN 'ENTERPRISE' THEN ${P.enterprise} END,
      created_at, created_at
    FROM h
    ON CONFLICT (email) DO NOTHING`;
  let added = 0;
  for (let from = 0; from < n; from += batch) {
    const to = Math.min(n, from + batch) - 1;
    const values = [...p.values];
    values[values.length - 2] = from;
    values[values.length - 1] = to;
    const res = await c.query(sql, values);
    added += res.rowCount ?? 0;
    say(`customers ${fmt(to + 1)}/${fmt(n)} (${secs(t0)} s)`);
  }
  return added;
}

interface Lookups {
  defaultSl: string | null;
  customers: number;
}

/** Session-local lookup tables the generators join against. */
async function prepareLookups(c: Client): Promise<Lookups> {
  const { rows } = await c.query<{ id: string }>('SELECT id FROM service_level WHERE is_default ORDER BY created_at LIMIT 1');
  const defaultSl = rows[0]?.id ?? null;
  await c.query('DROP TABLE IF EXISTS seed_customer, seed_target');
  await c.query(
    `CREATE TEMP TABLE seed_customer AS
     SELECT row_number() OVER (ORDER BY created_at, id)::int AS n, id, coalesce(service_level_id, $1::uuid) AS sl_id,
            preferred_channel AS pref, tier
     FROM customer`,
    [defaultSl],
  );
  await c.query('ALTER TABLE seed_customer ADD PRIMARY KEY (n)');
  await c.query(
    `CREATE TEMP TABLE seed_target AS
     SELECT s.id AS sl_id, t->>'priority' AS priority, (t->>'firstResponseMinutes')::float8 AS fr_min,
            (t->>'resolutionMinutes')::float8 AS res_min, 'PENDING' = ANY(s.pause_on) AS pauses
     FROM service_level s, jsonb_array_elements(s.targets) t`,
  );
  await c.query('ANALYZE seed_customer; ANALYZE seed_target');
  return { defaultSl, customers: await count(c, 'SELECT count(*) AS n FROM seed_customer') };
}

async function addTickets(c: Client, n: number, batch: number, share: number): Promise<void> {
  const t0 = Date.now();
  const now = new Date();
  const variants = ticketVariants(4242, 3000, now);
  const { rows: agents } = await c.query<{ id: string; role: Role; team: string | null }>(
    `SELECT id, role, team FROM agent WHERE active AND role IN ('AGENT', 'MANAGER') ORDER BY email`,
  );
  const staff = agents.filter((a) => a.role === Role.AGENT);
  if (!staff.length) throw new SeedError('no active agents to assign tickets to');
  const managers = agents.filter((a) => a.role === Role.MANAGER).map((a) => a.id);
  // agent pools by team; a variant's pool is the team that handles its kind and reason
  const pools = new Map<string, string[]>();
  for (const a of staff) pools.set(a.team ?? '', [...(pools.get(a.team ?? '') ?? []), a.id]);
  const poolNames = [...pools.keys()];
  const flat: string[] = [];
  const pStart: number[] = [];
  const pLen: number[] = [];
  for (const name of poolNames) {
    pStart.push(flat.length + 1);
    pLen.push(pools.get(name)!.length);
    flat.push(...pools.get(name)!);
  }
  pStart.push(flat.length + 1);
  pLen.push(staff.length);
  flat.push(...staff.map((a) => a.id));
  const anyPool = poolNames.length + 1;
  const vPool = variants.map((v) => {
    const i = poolNames.indexOf(teamFor(v.kind, v.reason));
    return i < 0 ? anyPool : i + 1;
  });
  const comments: string[] = [];
  for (let s = 1; s <= 5; s++) comments.push(SATISFACTION_COMMENTS[s][0], SATISFACTION_COMMENTS[s][1] ?? SATISFACTION_COMMENTS[s][0]);

  // the texts live in a temp table: subscripting a large text[] parameter costs O(n) per row
  await c.query('DROP TABLE IF EXISTS seed_variant');
  await c.query(
    `CREATE TEMP TABLE seed_variant AS
     SELECT x.v, x.kind, x.reason, x.subject, x.description, x.cause, x.resolution, x.pool
     FROM json_to_recordset($1::json) AS x(v int, kind text, reason text, subject text, description text, cause text, resolution text, pool int)`,
    [JSON.stringify(variants.map((v, i) => ({ v: i + 1, kind: v.kind, reason: v.reason, subject: v.subject, description: v.description, cause: v.rootCause, resolution: v.resolution, pool: vPool[i] })))],
  );
  await c.query('ALTER TABLE seed_variant ADD PRIMARY KEY (v); ANALYZE seed_variant');

  const p = new Params();
  const P = {
    now: p.add(now.toISOString(), 'timestamptz'),
    total: p.add(n, 'float8'),
    nv: p.add(variants.length, 'int'),
    nc: p.add(await count(c, 'SELECT count(*) AS n FROM seed_customer'), 'int'),
    pStart: p.add(pStart, 'int[]'),
    pLen: p.add(pLen, 'int[]'),
    agents: p.add(flat, 'uuid[]'),
    managers: p.add(managers, 'uuid[]'),
    comments: p.add(comments, 'text[]'),
    share: p.add(share, 'float8'),
  };
  const lo = p.add(0, 'int');
  const hi = p.add(0, 'int');
  const nm = managers.length;
  const S = TicketStatus;
  const statusCase = `(CASE
    WHEN age_h < 8 THEN ${weightedCase('r_status', statusWeights(1))}
    WHEN age_h < 72 THEN ${weightedCase('r_status', statusWeights(24))}
    WHEN age_h < 336 THEN ${weightedCase('r_status', statusWeights(200))}
    WHEN age_h < 1440 THEN ${weightedCase('r_status', statusWeights(1000))}
    ELSE ${weightedCase('r_status', [[S.OPEN, 0.4], [S.PENDING, 0.3], [S.ON_HOLD, 0.5], [S.RESOLVED, 1.5], [S.CLOSED, 97.3]])} END)`;
  const priorityCase = `(CASE kind ${Object.values(TicketKind)
    .map((k) => `WHEN '${k}' THEN ${weightedCase('r_prio', PRIORITY_WEIGHTS[k])}`)
    .join(' ')} END)`;
  const bump = `(CASE priority0 ${Object.values(Priority)
    .map((pr) => `WHEN '${pr}' THEN '${PRIORITY_UP[pr]}'`)
    .join(' ')} END)`;
  const frSeconds = `(60 * CASE priority ${Object.values(Priority)
    .map((pr) => `WHEN '${pr}' THEN ${logUniform('r_fr', ...FIRST_RESPONSE_MIN[pr])}`)
    .join(' ')} END)`;
  const workSeconds = `(3600 * CASE kind ${Object.values(TicketKind)
    .map((k) => `WHEN '${k}' THEN ${logUniform('r_work', ...WORK_HOURS[k])}`)
    .join(' ')} END * CASE priority ${Object.values(Priority)
    .map((pr) => `WHEN '${pr}' THEN ${PRIORITY_SPEED[pr]}`)
    .join(' ')} END)`;
  const secsAfter = (from: string, s: string) => `${from} + make_interval(secs => ${s})`;

  // one pass, no copies: each CROSS JOIN LATERAL (… OFFSET 0) step is evaluated once per row and
  // later steps refer to its columns (plain CTEs would re-expand or copy the wide rows per stage)
  const sql = `
    INSERT INTO ticket (subject, description, kind, status, priority, channel, reason, customer_id, assignee_id, service_level_id,
      first_response_due_at, resolution_due_at, sla_paused_at, sla_risk_at, sla_next_alert_at, sla_alerts, resolution, root_cause,
      satisfaction_score, satisfaction_comment, rated_at, created_at, updated_at, first_responded_at, resolved_at, closed_at, version)
    SELECT sv.subject, sv.description, sv.kind, s1.status, s2.priority, s1.channel, sv.reason, c.id,
      CASE WHEN s1.status <> 'NEW' THEN
        CASE WHEN ${nm} > 0 AND r_mgr < 0.06 THEN ${P.managers}[1 + floor(r_agent * ${Math.max(nm, 1)})::int]
             ELSE ${P.agents}[${P.pStart}[sv.pool] + floor(r_agent * ${P.pLen}[sv.pool])::int] END END,
      c.sl_id, fr_due, res_due, sla_paused_at,
      CASE WHEN NOT done THEN least(res_risk, CASE WHEN first_responded_at IS NULL THEN fr_risk END) END,
      CASE WHEN NOT done AND sla_paused_at IS NULL THEN least(
        CASE WHEN first_responded_at IS NULL AND NOT raised_fr_risk THEN fr_risk END,
        CASE WHEN first_responded_at IS NULL AND NOT raised_fr_due THEN fr_due END,
        CASE WHEN NOT raised_res_risk THEN res_risk END,
        CASE WHEN NOT raised_res_due THEN res_due END) END,
      jsonb_strip_nulls(jsonb_build_object(
        'FIRST_RESPONSE:AT_RISK', CASE WHEN raised_fr_risk THEN fr_risk END,
        'FIRST_RESPONSE:BREACHED', CASE WHEN raised_fr_due THEN fr_due END,
        'RESOLUTION:AT_RISK', CASE WHEN raised_res_risk THEN res_risk END,
        'RESOLUTION:BREACHED', CASE WHEN raised_res_due THEN res_due END)),
      CASE WHEN done THEN sv.resolution END,
      CASE WHEN done THEN sv.cause END,
      CASE WHEN rated_at IS NOT NULL THEN score END,
      CASE WHEN rated_at IS NOT NULL AND r_comment < 0.6 THEN ${P.comments}[(score - 1) * 2 + 1 + floor(r_comment / 0.6 * 2)::int] END,
      date_trunc('second', rated_at),
      date_trunc('second', g.created_at),
      date_trunc('second', greatest(g.created_at, first_responded_at, resolved_at, closed_at, rated_at, sla_paused_at)),
      date_trunc('second', first_responded_at),
      date_trunc('second', resolved_at),
      date_trunc('second', closed_at),
      1 + (s1.status <> 'NEW')::int * 2 + responded::int + (s1.status = 'CLOSED')::int + (rated_at IS NOT NULL)::int
    FROM (
      SELECT i,
        ${P.now} - make_interval(secs => 365 * 86400 * (1 - (i + random()) / ${P.total})) AS created_at,
        1 + floor(random() * ${P.nv})::int AS vi,
        1 + floor(random() * ${P.nc})::int AS cn,
        random() AS r_status, random() AS r_prio, random() AS r_up, random() AS r_chan, random() AS r_chan2, random() AS r_agent,
        random() AS r_mgr, random() AS r_resp, random() AS r_fr, random() AS r_work, random() AS r_close, random() AS r_fit,
        random() AS r_rated, random() AS r_rate, random() AS r_score, random() AS r_comment, random() AS r_pause
      FROM generate_series(${lo}, ${hi}) AS i
      OFFSET 0
    ) g
    JOIN seed_customer c ON c.n = g.cn
    JOIN seed_variant sv ON sv.v = g.vi
    CROSS JOIN LATERAL (
      SELECT extract(epoch FROM ${P.now} - g.created_at) / 3600 AS age_h, extract(epoch FROM ${P.now} - g.created_at) - 60 AS span OFFSET 0
    ) s0
    CROSS JOIN LATERAL (
      SELECT ${statusCase} AS status, ${priorityCase} AS priority0,
        CASE WHEN c.pref IS NOT NULL AND r_chan < 0.55 THEN c.pref ELSE ${weightedCase('r_chan2', CHANNEL_WEIGHTS)} END AS channel
      OFFSET 0
    ) s1
    CROSS JOIN LATERAL (
      SELECT CASE WHEN c.tier = 'ENTERPRISE' AND r_up < 0.25 THEN ${bump} ELSE priority0 END AS priority,
        s1.status IN ('RESOLVED', 'CLOSED') AS done,
        CASE WHEN s1.status = 'NEW' THEN false WHEN s1.status = 'OPEN' THEN r_resp < 0.85 ELSE true END AS responded,
        ${weightedCase('r_score', [[5, 45], [4, 28], [3, 12], [2, 8], [1, 7]])} AS score
      OFFSET 0
    ) s2
    CROSS JOIN LATERAL (SELECT ${frSeconds} AS fr0, ${workSeconds} AS work0, (1.5 + 5.5 * r_close) * 86400 AS close_gap OFFSET 0) s3
    CROSS JOIN LATERAL (SELECT CASE WHEN s1.status = 'CLOSED' THEN fr0 + work0 + close_gap ELSE fr0 + work0 END AS last0 OFFSET 0) s4
    CROSS JOIN LATERAL (SELECT CASE WHEN done AND last0 > span * 0.97 THEN greatest(span, 1) * (0.45 + 0.5 * r_fit) / last0 ELSE 1 END AS f OFFSET 0) s5
    CROSS JOIN LATERAL (
      SELECT
        CASE WHEN NOT responded THEN NULL
             WHEN done THEN ${secsAfter('g.created_at', 'fr0 * f')}
             WHEN fr0 > span * 0.9 THEN ${secsAfter('g.created_at', 'greatest(span, 1) * (0.05 + 0.65 * r_fit)')}
             ELSE ${secsAfter('g.created_at', 'fr0')} END AS first_responded_at,
        CASE WHEN done THEN ${secsAfter('g.created_at', '(fr0 + work0) * f')} END AS resolved_at,
        CASE WHEN s1.status = 'CLOSED' THEN ${secsAfter('g.created_at', 'last0 * f')} END AS closed_at
      OFFSET 0
    ) s6
    LEFT JOIN LATERAL (
      SELECT t.fr_min, t.res_min, t.pauses FROM seed_target t WHERE t.sl_id = c.sl_id AND t.priority = s2.priority LIMIT 1
    ) tt ON true
    CROSS JOIN LATERAL (
      SELECT ${secsAfter('resolved_at', `3600 * ${logUniform('r_rate', 1, 72)}`)} AS rate_at,
        CASE WHEN s1.status = 'PENDING' AND coalesce(tt.pauses, false)
             THEN first_responded_at + (${P.now} - first_responded_at) * (0.3 + 0.6 * r_pause) END AS sla_paused_at,
        ${secsAfter('g.created_at', '60 * tt.fr_min')} AS fr_due,
        ${secsAfter('g.created_at', '60 * tt.res_min')} AS res_due,
        ${secsAfter('g.created_at', `60 * tt.fr_min * (1 - ${P.share})`)} AS fr_risk,
        ${secsAfter('g.created_at', `60 * tt.res_min * (1 - ${P.share})`)} AS res_risk
      OFFSET 0
    ) s7
    CROSS JOIN LATERAL (
      SELECT
        CASE WHEN done AND r_rated < 0.45 THEN
          CASE WHEN rate_at < ${P.now} - interval '1 minute' THEN rate_at ELSE resolved_at + (${P.now} - resolved_at) * r_rate END END AS rated_at,
        (NOT done AND fr_risk <= coalesce(sla_paused_at, ${P.now}) AND (first_responded_at IS NULL OR first_responded_at > fr_risk)) AS raised_fr_risk,
        (NOT done AND fr_due <= coalesce(sla_paused_at, ${P.now}) AND (first_responded_at IS NULL OR first_responded_at > fr_due)) AS raised_fr_due,
        (NOT done AND res_risk <= coalesce(sla_paused_at, ${P.now})) AS raised_res_risk,
        (NOT done AND res_due <= coalesce(sla_paused_at, ${P.now})) AS raised_res_due
      OFFSET 0
    ) s8`;

  for (let from = 0; from < n; from += batch) {
    const to = Math.min(n, from + batch) - 1;
    const values = [...p.values];
    values[values.length - 2] = from;
    values[values.length - 1] = to;
    await c.query(sql, values);
    say(`tickets ${fmt(to + 1)}/${fmt(n)} (${secs(t0)} s)`);
  }
}

async function addInteractions(c: Client, fromNumber: number, toNumber: number, perTicket: number, ticketsPerBatch: number): Promise<number> {
  const t0 = Date.now();
  if (perTicket <= 0 || toNumber <= fromNumber) return 0;
  const p = new Params();
  const P = {
    now: p.add(new Date().toISOString(), 'timestamptz'),
    k: p.add(perTicket, 'int'),
    prefix: p.add(CHANNEL_PREFIX, 'jsonb'),
    followups: p.add(OUTBOUND_FOLLOWUPS, 'jsonb'),
    inbound: p.add(INBOUND_FOLLOWUP_SUMMARIES, 'text[]'),
    channels: p.add(Object.values(Channel), 'text[]'),
  };
  const lo = p.add(0, 'int');
  const hi = p.add(0, 'int');
  const nIn = INBOUND_FOLLOWUP_SUMMARIES.length;
  const nCh = Object.values(Channel).length;
  const reply = `(CASE t.channel WHEN 'WEB' THEN 'EMAIL' WHEN 'IN_PERSON' THEN 'PHONE' WHEN 'SMS' THEN 'PHONE' ELSE t.channel END)`;
  const sql = `
    INSERT INTO interaction (customer_id, ticket_id, agent_id, channel, direction, reason, summary, body, occurred_at, duration_seconds, created_at)
    SELECT t.customer_id, t.id,
      CASE WHEN what <> 'IN' OR ch IN ('PHONE', 'CHAT', 'IN_PERSON') THEN t.assignee_id END,
      ch, CASE WHEN what = 'IN' THEN 'INBOUND' ELSE 'OUTBOUND' END, t.reason,
      left(CASE WHEN j = 1 THEN (${P.prefix} ->> t.channel) || ': ' || t.subject
                WHEN what = 'RESOLUTION' THEN 'Resolution: ' || t.resolution
                WHEN what = 'OUT' THEN ${P.followups} -> t.kind ->> floor(r3 * jsonb_array_length(${P.followups} -> t.kind))::int
                ELSE ${P.inbound}[1 + floor(r3 * ${nIn})::int] END, 500),
      CASE WHEN j = 1 THEN t.description END,
      date_trunc('second', at),
      CASE ch WHEN 'PHONE' THEN 60 + floor(r1 * 1500)::int WHEN 'CHAT' THEN 120 + floor(r1 * 1200)::int
              WHEN 'IN_PERSON' THEN 300 + floor(r1 * 1800)::int END,
      date_trunc('second', at)
    FROM ticket t
    CROSS JOIN LATERAL (
      SELECT t.status IN ('RESOLVED', 'CLOSED') AS done,
        greatest(t.created_at, coalesce(t.resolved_at, t.sla_paused_at, ${P.now} - interval '1 minute')) AS end_at
      OFFSET 0
    ) d
    -- refers to t so it runs per ticket (uncorrelated, it would be computed once and reused)
    CROSS JOIN LATERAL (SELECT j, random() AS r1, random() AS r2, random() AS r3 FROM generate_series(1, ${P.k}) AS j WHERE t.id IS NOT NULL OFFSET 0) x
    CROSS JOIN LATERAL (
      SELECT
        CASE WHEN j = 1 THEN 'IN'
             WHEN t.first_responded_at IS NULL THEN 'IN'
             WHEN done AND j = ${P.k} AND j >= 3 THEN 'RESOLUTION'
             WHEN j % 2 = 0 THEN 'OUT' ELSE 'IN' END AS what,
        CASE WHEN j = 1 THEN t.created_at
             WHEN t.first_responded_at IS NULL THEN t.created_at + (end_at - t.created_at) * ((j - 1 + r1) / ${P.k})
             WHEN j = 2 THEN t.first_responded_at
             WHEN done AND j = ${P.k} THEN end_at
             ELSE t.first_responded_at + (end_at - t.first_responded_at) * ((j - 3 + r1) / greatest(${P.k} - 2, 1)) END AS at
      OFFSET 0
    ) y
    CROSS JOIN LATERAL (
      SELECT CASE WHEN j = 1 THEN t.channel
                  WHEN r2 < 0.25 THEN ${P.channels}[1 + floor(r3 * ${nCh})::int]
                  WHEN what = 'IN' THEN t.channel ELSE ${reply} END AS ch
      OFFSET 0
    ) z
    WHERE t.number BETWEEN ${lo} AND ${hi}`;
  let rows = 0;
  const total = toNumber - fromNumber;
  for (let from = fromNumber + 1; from <= toNumber; from += ticketsPerBatch) {
    const to = Math.min(toNumber, from + ticketsPerBatch - 1);
    const values = [...p.values];
    values[values.length - 2] = from;
    values[values.length - 1] = to;
    const res = await c.query(sql, values);
    rows += res.rowCount ?? 0;
    say(`interactions ${fmt(rows)} (tickets ${fmt(to - fromNumber)}/${fmt(total)}, ${secs(t0)} s)`);
  }
  return rows;
}

/** CREATED events for the generated tickets still inside the event retention window. */
async function addRecentEvents(c: Client, fromNumber: number, retentionHours: number): Promise<number> {
  await c.query('BEGIN');
  try {
    await c.query('SELECT pg_advisory_xact_lock($1)', [EVENT_LOCK_KEY]);
    const res = await c.query(
      `INSERT INTO event_log (topic, type, entity_id, customer_id, data, occurred_at)
       SELECT $1, 'CREATED', t.id, t.customer_id,
         jsonb_build_object('status', 'NEW', 'priority', t.priority, 'kind', t.kind, 'channel', t.channel, 'reason', t.reason,
           'rootCause', NULL, 'customerId', t.customer_id, 'assigneeId', NULL, 'subject', t.subject, 'description', t.description,
           'createdAt', to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'slaState', CASE WHEN t.first_response_due_at IS NULL AND t.resolution_due_at IS NULL THEN 'NONE' ELSE 'ON_TRACK' END),
         t.created_at
       FROM ticket t
       WHERE t.number > $2 AND t.created_at > now() - make_interval(hours => $3)
       ORDER BY t.number`,
      [TICKET_TOPIC, fromNumber, retentionHours],
    );
    await c.query('COMMIT');
    return res.rowCount ?? 0;
  } catch (err) {
    await c.query('ROLLBACK');
    throw err;
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const args = parseArgs(process.argv.slice(2));
  const config = loadConfig();
  setLogLevel(config.logLevel === 'info' ? 'warn' : config.logLevel);
  let embedded: EmbeddedServer | null = null;
  if (!config.databaseUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'pg'), role: 'seed' });
    say(`${embedded.attached ? 'using the embedded PostgreSQL already running' : 'started the embedded PostgreSQL'} in ${embedded.clusterDir} (port ${embedded.port})`);
  }
  const url = config.databaseUrl ?? embedded!.url;
  const stats = { queries: 0 };
  const db = createDataSource(url, stats, 2);
  const client = new Client({ connectionString: url, application_name: 'servicegraph-seed' });
  client.on('error', () => undefined);
  try {
    await db.initialize();
    await db.runMigrations({ transaction: 'all' });
    const app = { config, db, clock: systemClock, stats, authSecrets: [], bus: undefined } as unknown as App;
    const hadCustomers = Number((await db.query('SELECT count(*) AS n FROM customer'))[0].n) > 0;
    if (!hadCustomers) {
      const t0 = Date.now();
      await seedDemoIfEmpty(app, true);
      say(`demo service desk seeded (${secs(t0)} s)`);
    }

    await client.connect();
    // bulk session: no waiting for WAL flushes, no JIT compile per statement, room for the generator CTEs
    await client.query(`SET synchronous_commit = off; SET jit = off; SET work_mem = '256MB'`);
    if (args.reset) await reset(client);
    // Generated rows only point at rows that exist (customers, agents, service levels, the tickets
    // just written), so a superuser session may skip the per-row FK trigger checks, as pg_restore
    // does. Only when these tables have no triggers of their own, which replica mode would skip too.
    const { rows: mode } = await client.query<{ su: boolean; user_triggers: string }>(
      `SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS su,
              (SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal
                 AND tgrelid IN ('customer'::regclass, 'ticket'::regclass, 'interaction'::regclass, 'event_log'::regclass)) AS user_triggers`,
    );
    const fastFk = mode[0].su && Number(mode[0].user_triggers) === 0;
    if (fastFk) await client.query(`SET session_replication_role = replica`);
    say(fastFk ? 'foreign-key checks skipped for generated rows (superuser session, no user triggers)' : 'foreign-key checks on (not a superuser or tables have triggers)');
    const before = {
      customers: await count(client, 'SELECT count(*) AS n FROM customer'),
      tickets: await count(client, 'SELECT count(*) AS n FROM ticket'),
      interactions: await count(client, 'SELECT count(*) AS n FROM interaction'),
    };

    const phases: [string, number, number][] = [];
    let t0 = Date.now();
    let customersAdded = 0;
    if (args.customers > 0) {
      customersAdded = await addCustomers(client, args.customers, args.batch);
      phases.push(['customers', customersAdded, Date.now() - t0]);
    }
    const lookups = await prepareLookups(client);
    if (!lookups.customers && args.tickets) throw new SeedError('no customers to attach tickets to');

    const startNumber = await count(client, 'SELECT coalesce(max(number), 0) AS n FROM ticket');
    t0 = Date.now();
    if (args.tickets > 0) await addTickets(client, args.tickets, args.batch, config.slaAtRiskShare);
    const endNumber = await count(client, 'SELECT coalesce(max(number), 0) AS n FROM ticket');
    phases.push(['tickets', endNumber - startNumber, Date.now() - t0]);

    t0 = Date.now();
    const perBatch = Math.max(1000, Math.floor((args.batch * 3) / Math.max(args.perTicket, 1)));
    const interactions = await addInteractions(client, startNumber, endNumber, args.perTicket, perBatch);
    phases.push(['interactions', interactions, Date.now() - t0]);

    t0 = Date.now();
    const events = await addRecentEvents(client, startNumber, config.eventRetentionHours);
    phases.push(['events (recent CREATED)', events, Date.now() - t0]);

    t0 = Date.now();
    await client.query('ANALYZE customer; ANALYZE ticket; ANALYZE interaction; ANALYZE event_log');
    phases.push(['analyze', 0, Date.now() - t0]);

    const after = {
      customers: await count(client, 'SELECT count(*) AS n FROM customer'),
      tickets: await count(client, 'SELECT count(*) AS n FROM ticket'),
      interactions: await count(client, 'SELECT count(*) AS n FROM interaction'),
    };
    say('');
    say('seed summary');
    for (const [name, rows, ms] of phases) say(`  ${name.padEnd(24)} ${fmt(rows).padStart(12)} rows ${(ms / 1000).toFixed(1).padStart(8)} s`);
    say(`  ${'database now'.padEnd(24)} ${fmt(after.customers)} customers, ${fmt(after.tickets)} tickets, ${fmt(after.interactions)} interactions`);
    say(`  ${'(before'.padEnd(24)} ${fmt(before.customers)} customers, ${fmt(before.tickets)} tickets, ${fmt(before.interactions)} interactions)`);
    say(`  ${'total'.padEnd(24)} ${secs(started)} s`);
  } finally {
    await client.end().catch(() => undefined);
    await db.destroy().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
  }
}

main()
  .then(() => process.exit(0))
  .catch((err) => {
    if (err instanceof ConfigError || err instanceof SeedError) process.stderr.write(`seed: ${err.message}\n`);
    else log.error('seed failed', { err });
    process.exit(1);
  });
