import crypto from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { ConfigError, loadConfig, type Config } from '../config';
import { startEmbeddedPostgres } from '../db/embedded';
import { decodeId } from '../graphql/ids';
import { setLogLevel } from '../logger';
import { Role } from './role';
import { resolveAuthSecrets } from './secrets';
import { signToken } from './viewer';

export class UsageError extends Error {}

export const TOKEN_USAGE = `usage: npm run token -- --role ROLE [--agent ID] [--customer ID] [--sub NAME] [--expires 30d]

  --role ROLE        ADMIN, MANAGER, AGENT, ANALYST or CUSTOMER
  --agent ID         the agent the token acts as (uuid or Agent global id); needed for AGENT, so the
                     interactions and changes it makes are attributed (--no-agent to sign one without)
  --customer ID      the customer (uuid or Customer global id); needed for CUSTOMER, only for CUSTOMER
  --sub NAME         the token's subject (default <role>-cli-<random>: each token its own principal)
  --expires N[smhd]  lifetime (default 30d), at most TOKEN_MAX_LIFETIME_HOURS (720 h)

Ids are checked against the database: DATABASE_URL, else the embedded one in DATA_DIR (the running
hub's, when one runs).`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function parseLifetime(raw: string): number {
  const m = /^(\d+)\s*(s|m|h|d)$/.exec(raw.trim());
  if (!m) throw new UsageError(`--expires must be a number with a unit (s, m, h or d), e.g. 12h or 30d; got "${raw}"`);
  return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 's']!;
}

function idArg(raw: string | undefined, type: 'Agent' | 'Customer', flag: string): string | undefined {
  if (raw === undefined) return undefined;
  if (UUID.test(raw)) return raw.toLowerCase();
  const id = decodeId(raw, type);
  if (!id) throw new UsageError(`${flag} "${raw}" is neither a uuid nor a ${type} id (copy one from the API's \`id\` field)`);
  return id;
}

export interface TokenRequest {
  role: Role;
  sub: string;
  agentId?: string;
  customerId?: string;
  lifetimeSeconds: number;
  help: boolean;
}

/** Reads and checks the arguments (no database). `maxHours`: TOKEN_MAX_LIFETIME_HOURS. */
export function parseTokenArgs(argv: string[], maxHours = 720): TokenRequest {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        role: { type: 'string' },
        agent: { type: 'string' },
        'no-agent': { type: 'boolean', default: false },
        customer: { type: 'string' },
        sub: { type: 'string' },
        expires: { type: 'string', default: '30d' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${TOKEN_USAGE}`);
  }
  if (values.help) return { help: true } as TokenRequest;
  const role = values.role?.toUpperCase() as Role;
  if (!Object.values(Role).includes(role)) throw new UsageError(`--role must be one of ${Object.values(Role).join(', ')}\n\n${TOKEN_USAGE}`);
  if (role === Role.CUSTOMER && !values.customer) throw new UsageError('a CUSTOMER token needs --customer <customer id>');
  if (role !== Role.CUSTOMER && values.customer) throw new UsageError('--customer is for CUSTOMER tokens only');
  if (role === Role.CUSTOMER && values.agent) throw new UsageError('a CUSTOMER token has no --agent');
  if (values.agent && values['no-agent']) throw new UsageError('--agent and --no-agent contradict each other');
  const lifetimeSeconds = parseLifetime(values.expires!);
  if (lifetimeSeconds > maxHours * 3600) {
    throw new UsageError(`--expires ${values.expires} is longer than TOKEN_MAX_LIFETIME_HOURS (${maxHours} h): the hub would refuse the token`);
  }
  const sub = values.sub ?? `${role.toLowerCase()}-cli-${crypto.randomBytes(9).toString('base64url')}`;
  return {
    role,
    sub,
    agentId: idArg(values.agent, 'Agent', '--agent'),
    customerId: idArg(values.customer, 'Customer', '--customer'),
    lifetimeSeconds,
    help: false,
    ...(role === Role.AGENT && !values.agent && !values['no-agent'] ? { missingAgent: true } : {}),
  } as TokenRequest;
}

/**
 * `npm run token -- --role AGENT [--agent <id>] [--customer <id>] [--sub name] [--expires 30d]`
 *
 * Without --sub every token gets a subject of its own (`<role>-cli-<random>`): tokens that share
 * a subject would share rate limits and subscription caps, so each printed token is its own
 * principal unless asked otherwise. Signs without looking at the database (see checkIds).
 */
export function cliToken(argv: string[], secret: string, maxHours = 720): string {
  const req = parseTokenArgs(argv, maxHours);
  if (req.help) throw new UsageError(TOKEN_USAGE);
  return signToken(secret, { sub: req.sub, role: req.role, agentId: req.agentId, customerId: req.customerId }, req.lifetimeSeconds);
}

/** Refuses ids the database does not have (and an AGENT token with no agent unless --no-agent). */
export async function checkIds(req: TokenRequest, databaseUrl: string): Promise<string[]> {
  const notes: string[] = [];
  if ((req as { missingAgent?: boolean }).missingAgent) {
    throw new UsageError('an AGENT token needs --agent <agent id>: without one, the interactions and changes it makes have no agent. Pass --no-agent to sign one anyway');
  }
  if (!req.agentId && (req.role === Role.ADMIN || req.role === Role.MANAGER)) {
    notes.push(`note: this ${req.role} token has no agent: interactions it logs and tickets it works are attributed to no agent (add --agent <id>)`);
  }
  if (!req.agentId && !req.customerId) return notes;
  const c = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000, application_name: 'servicegraph-token' });
  c.on('error', () => undefined);
  await c.connect();
  try {
    if (req.agentId) {
      const { rows } = await c.query<{ name: string; role: string; active: boolean }>('SELECT name, role, active FROM agent WHERE id = $1', [req.agentId]);
      if (!rows.length) throw new UsageError(`no agent has the id ${req.agentId} in this database`);
      if (!rows[0].active) notes.push(`note: agent ${rows[0].name} is inactive`);
      if (rows[0].role !== req.role) notes.push(`note: agent ${rows[0].name} has the role ${rows[0].role}; the token says ${req.role}`);
    }
    if (req.customerId) {
      const { rowCount } = await c.query('SELECT 1 FROM customer WHERE id = $1', [req.customerId]);
      if (!rowCount) throw new UsageError(`no customer has the id ${req.customerId} in this database`);
    }
  } catch (err) {
    if ((err as { code?: string }).code === '42P01') throw new UsageError('the database has no tables yet: start the hub once (npm start) or run npm run migrate');
    throw err;
  } finally {
    await c.end().catch(() => undefined);
  }
  return notes;
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    throw new UsageError(`configuration error: ${(err as ConfigError).message}`);
  }
  // stdout carries the token alone (e.g. TOKEN=$(npm run -s token -- …)): info lines stay out of it
  setLogLevel(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const req = parseTokenArgs(process.argv.slice(2), config.tokenMaxLifetimeHours);
  if (req.help) {
    process.stdout.write(TOKEN_USAGE + '\n');
    return;
  }
  if ((req as { missingAgent?: boolean }).missingAgent) await checkIds(req, ''); // refuses before any database work
  if (req.agentId || req.customerId || req.role === Role.ADMIN || req.role === Role.MANAGER) {
    let notes: string[];
    if (config.databaseUrl) notes = await checkIds(req, config.databaseUrl);
    else {
      // the running hub's embedded server (or one started for this check and stopped after)
      const embedded = await startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'pg'), role: 'token' });
      try {
        notes = await checkIds(req, embedded.url);
      } finally {
        await embedded.stop();
      }
    }
    for (const n of notes) process.stderr.write(n + '\n');
  }
  const secret = resolveAuthSecrets(config)[0];
  process.stdout.write(signToken(secret, { sub: req.sub, role: req.role, agentId: req.agentId, customerId: req.customerId }, req.lifetimeSeconds) + '\n');
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err) => {
      if (err instanceof UsageError) process.stderr.write(`${err.message}\n`);
      else process.stderr.write(`token: ${(err as Error).message ?? err}\n`);
      process.exit(2);
    },
  );
}
