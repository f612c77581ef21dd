import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import { log } from '../logger';

/** The signing secret(s): AUTH_SECRET, else one generated once and kept in the data directory. */
export function resolveAuthSecrets(config: Config): string[] {
  if (config.authSecrets) return config.authSecrets;
  const file = path.join(config.dataDir, 'auth-secret');
  if (fs.existsSync(file)) return [fs.readFileSync(file, 'utf8').trim()];
  fs.mkdirSync(config.dataDir, { recursive: true });
  const secret = crypto.randomBytes(32).toString('base64url');
  fs.writeFileSync(file, secret + '\n', { mode: 0o600 });
  log.info('generated an auth secret', { file });
  return [secret];
}
