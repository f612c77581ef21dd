import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded';

/** A PostgreSQL server to make throwaway databases on: the given one, or an ephemeral embedded one. */
export async function scratchServer(serverUrl?: string | null): Promise<{ adminUrl: string; embedded: EmbeddedServer | null; stop(): Promise<void> }> {
  if (serverUrl) return { adminUrl: serverUrl, embedded: null, stop: async () => undefined };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'servicegraph-pg-'));
  fs.chmodSync(dir, 0o755);
  const embedded = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), ephemeral: true });
  return {
    adminUrl: embedded.url,
    embedded,
    stop: async () => {
      await embedded.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = '/' + name;
  return u.toString();
}

/** Creates an empty database on the server; returns its URL and a function that drops it. */
export async function createScratchDatabase(adminUrl: string, prefix = 'sg_test'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(adminUrl, name),
    drop: async () => {
      const c = new Client({ connectionString: adminUrl });
      c.on('error', () => undefined);
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
