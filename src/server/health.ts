import type express from 'express';
import type { App } from '../app/app';

/** `/healthz`: the process answers. `/readyz`: the database answers and no migration is pending. */
export function mountHealth(ex: express.Express, app: App): void {
  ex.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  ex.get('/readyz', async (_req, res) => {
    try {
      await app.db.query('SELECT 1');
      const pending = await app.db.showMigrations();
      if (pending) {
        res.status(503).json({ status: 'migrations pending' });
        return;
      }
      res.json({ status: 'ready', eventListener: app.bus.isListening ? 'listening' : 'reconnecting' });
    } catch {
      res.status(503).json({ status: 'database unavailable' });
    }
  });
}
