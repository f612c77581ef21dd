import { In } from 'typeorm';
import type { App } from '../../app/app';
import { asBackground } from '../../db/data-source';
import { inTransaction } from '../../events/tx';
import { log } from '../../logger';
import { Ticket } from '../tickets/ticket.entity';
import { emitTicketEvent } from '../tickets/ticket.events';
import { ServiceLevel } from './service-level.entity';
import { alertInstants, planClock, type AlertKey } from './sla.service';

/** advisory lock key: one sweeper at a time across every hub instance */
const SWEEP_LOCK = 0x53_47_53_57; // "SGSW"
const BATCH = 500;

/**
 * Raises SLA_AT_RISK and SLA_BREACHED once per ticket and target. Tickets carry the instant of
 * their next pending alert, so a sweep reads only tickets that have one due. The sweep runs
 * under a transaction-level advisory lock; another instance sweeping at the same time skips,
 * and every alert is recorded on the ticket in the same transaction as its event.
 */
export async function sweepSla(app: App): Promise<number> {
  return inTransaction(app.db, async (tx) => {
    const [{ locked }] = await tx.manager.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [SWEEP_LOCK]);
    if (!locked) return 0;
    const now = app.clock.now();
    const tickets = await tx.manager
      .getRepository(Ticket)
      .createQueryBuilder('t')
      .where('t.sla_next_alert_at <= :now', { now })
      .andWhere("t.status NOT IN ('RESOLVED','CLOSED')")
      .andWhere('t.sla_paused_at IS NULL')
      .orderBy('t.sla_next_alert_at')
      .limit(BATCH)
      .setLock('pessimistic_write')
      .getMany();
    if (!tickets.length) return 0;
    const levelIds = [...new Set(tickets.map((t) => t.serviceLevelId).filter((x): x is string => !!x))];
    const levels = new Map((await tx.manager.findBy(ServiceLevel, { id: In(levelIds) })).map((s) => [s.id, s] as const));
    let raised = 0;
    for (const t of tickets) {
      const sl = t.serviceLevelId ? levels.get(t.serviceLevelId) ?? null : null;
      const instants = alertInstants(sl, t, app.config.slaAtRiskShare);
      const alerts = { ...t.slaAlerts };
      // as the state rule has it (SLA_STATE_RULE): at risk from its instant on, breached only once
      // the due time has passed, so an alert never says more than `sla { state }` at that instant
      const due = (Object.entries(instants) as [AlertKey, Date][])
        .filter(([k, d]) => !alerts[k] && (k.endsWith(':BREACHED') ? d.getTime() < now.getTime() : d.getTime() <= now.getTime()))
        .sort((a, b) => a[1].getTime() - b[1].getTime());
      // a breach makes the at-risk alert of the same target moot
      const breached = new Set(due.filter(([k]) => k.endsWith(':BREACHED')).map(([k]) => k.split(':')[0]));
      for (const [key] of due) {
        alerts[key] = now.toISOString();
        const [target, state] = key.split(':');
        if (state === 'AT_RISK' && breached.has(target)) continue;
        emitTicketEvent(tx, state === 'AT_RISK' ? 'SLA_AT_RISK' : 'SLA_BREACHED', t, { target, slaState: state });
        raised++;
      }
      const next = planClock(sl, { ...t, slaAlerts: alerts }, app.config.slaAtRiskShare);
      await tx.manager.update(Ticket, { id: t.id }, { slaAlerts: alerts, slaNextAlertAt: next.slaNextAlertAt });
    }
    return raised;
  });
}

export interface Sweeper {
  stop(): void;
}

/** `observe` wraps each sweep (the hub times it and traces it: src/observability). */
export function startSweeper(app: App, observe: (sweep: () => Promise<number>) => Promise<number> = (sweep) => sweep()): Sweeper {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    observe(() => asBackground(() => sweepSla(app)))
      .catch((err) => log.warn('SLA sweep failed; will retry', { err: (err as Error).message }))
      .finally(() => {
        running = false;
      });
  }, app.config.slaSweepMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
