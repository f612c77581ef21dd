import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { pidAlive } from '../db/embedded';

/** A hub already serves from this data directory: said in one line, exit code 1. */
export class HubRunningError extends Error {}

interface LockBody {
  pid: number;
  url?: string;
  startedAt: string;
}

function isHubProcess(pid: number): boolean {
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return /main\.(ts|js)/.test(cmd);
  } catch {
    return process.platform !== 'linux'; // cannot tell: trust the pid
  }
}

async function healthy(url: string | undefined): Promise<boolean> {
  if (!url) return false;
  try {
    const res = await fetch(url.replace(/\/graphql$/, '/healthz'), { signal: AbortSignal.timeout(1500) });
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * One hub per data directory: `DATA_DIR/hub.pid` holds the serving hub's pid and URL. A live
 * holder refuses a second start; a dead one (a SIGKILLed hub) is taken over.
 */
export async function claimDataDir(dataDir: string): Promise<{ serving(url: string): void; release(): void }> {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'hub.pid');
  const write = (body: LockBody, flag: 'wx' | 'w') => fs.writeFileSync(file, JSON.stringify(body) + '\n', { flag });
  for (let attempt = 0; ; attempt++) {
    try {
      write({ pid: process.pid, startedAt: new Date().toISOString() }, 'wx');
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 5) throw err;
    }
    let body: LockBody | null = null;
    try {
      body = JSON.parse(fs.readFileSync(file, 'utf8')) as LockBody;
    } catch {
      /* half-written or garbage: a starting hub writes it in one call, so treat as stale */
    }
    if (body && body.pid !== process.pid && pidAlive(body.pid) && isHubProcess(body.pid)) {
      const up = await healthy(body.url);
      throw new HubRunningError(
        `a hub is already running on the data directory ${dataDir} (pid ${body.pid}${body.url ? `, ${up ? 'serving' : 'last serving'} ${body.url}` : ', starting'}). ` +
          `Use that one, stop it first (Ctrl-C in its terminal, or kill ${body.pid}), or start another with its own DATA_DIR and PORT (or a shared DATABASE_URL). ` +
          `Commands such as npm run seed, migrate and token work beside it.`,
      );
    }
    fs.rmSync(file, { force: true }); // stale: its hub is gone
  }
  return {
    serving(url) {
      write({ pid: process.pid, url, startedAt: new Date().toISOString() }, 'w');
    },
    release() {
      try {
        if ((JSON.parse(fs.readFileSync(file, 'utf8')) as LockBody).pid === process.pid) fs.rmSync(file, { force: true });
      } catch {
        /* gone already */
      }
    },
  };
}

/** Whether host:port can be listened on now (checked before anything starts, for a clear message). */
export function portFree(host: string, port: number): Promise<boolean> {
  if (port === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}
