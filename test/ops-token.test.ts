// Issue 14 item 5: the token CLI checks what it signs.
import { execFile } from 'node:child_process';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { checkIds, parseTokenArgs, UsageError } from '../src/auth/token-cli';
import { basics, type Basics } from './support/fixtures';
import { SECRET, startTestHub, type TestHub } from './support/harness';

const ROOT = path.resolve(__dirname, '..');

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/auth/token-cli.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let t: TestHub;
let b: Basics;
beforeAll(async () => {
  t = await startTestHub();
  b = await basics(t);
});
afterAll(async () => {
  await t?.stop();
});

test('--help prints the usage; unknown options and bad values are one line, exit 2, no stack trace', async () => {
  const help = await cli(['--help'], {});
  expect(help.code).toBe(0);
  expect(help.stdout).toMatch(/^usage: npm run token/);
  const bad = await cli(['--role', 'CUSTOMER', '--customer', 'nonsense'], { DATABASE_URL: t.databaseUrl, AUTH_SECRET: SECRET });
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/neither a uuid nor a Customer id/);
  expect(bad.stderr).not.toMatch(/\n\s+at /);
});

test('ids are checked against the database; an AGENT token needs an agent; --expires is bounded', async () => {
  const uuidOf = (gid: string) => Buffer.from(gid, 'base64url').toString().split(':')[1];
  // a well-formed id no row has
  await expect(checkIds(parseTokenArgs(['--role', 'CUSTOMER', '--customer', '11111111-1111-1111-1111-111111111111']), t.databaseUrl)).rejects.toThrow(/no customer has the id/);
  await expect(checkIds(parseTokenArgs(['--role', 'AGENT', '--agent', '11111111-1111-1111-1111-111111111111']), t.databaseUrl)).rejects.toThrow(/no agent has the id/);
  // global ids and uuids of real rows pass
  expect(await checkIds(parseTokenArgs(['--role', 'CUSTOMER', '--customer', b.customerIds[0]]), t.databaseUrl)).toEqual([]);
  expect(await checkIds(parseTokenArgs(['--role', 'AGENT', '--agent', uuidOf(b.agentIds[0])]), t.databaseUrl)).toEqual([]);
  // no agent: refused for AGENT unless --no-agent, said for MANAGER
  await expect(checkIds(parseTokenArgs(['--role', 'AGENT']), t.databaseUrl)).rejects.toThrow(/needs --agent/);
  expect(await checkIds(parseTokenArgs(['--role', 'AGENT', '--no-agent']), t.databaseUrl)).toEqual([]);
  expect((await checkIds(parseTokenArgs(['--role', 'MANAGER']), t.databaseUrl))[0]).toMatch(/no agent/);
  // lifetime
  expect(() => parseTokenArgs(['--role', 'ANALYST', '--expires', '31d'], 720)).toThrow(UsageError);
  expect(() => parseTokenArgs(['--role', 'ANALYST', '--expires', 'soon'], 720)).toThrow(/unit/);
  expect(parseTokenArgs(['--role', 'ANALYST', '--expires', '12h'], 720).lifetimeSeconds).toBe(43200);
});

test('a token the CLI signs for an agent is accepted and attributes the interaction it logs', async () => {
  const r = await cli(['--role', 'AGENT', '--agent', b.agentIds[0], '--expires', '1h'], { DATABASE_URL: t.databaseUrl, AUTH_SECRET: SECRET });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const token = r.stdout.trim();
  const claims = jwt.verify(token, SECRET) as jwt.JwtPayload;
  expect(claims.exp! - claims.iat!).toBe(3600);
  const res = await t.gql(token, `mutation($c: ID!) { logInteraction(input: { customerId: $c, channel: PHONE, direction: INBOUND, summary: "call" }) { interaction { agent { id } } userErrors { code } } }`, {
    c: b.customerIds[0],
  });
  expect(res.data?.logInteraction.userErrors).toEqual([]);
  expect(res.data?.logInteraction.interaction.agent.id).toBe(b.agentIds[0]);
});
