import crypto, { type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { fromGlobalId } from '../graphql/ids';
import { Role } from './role';

/** Who is asking. */
export interface Viewer {
  sub: string;
  role: Role;
  agentId: string | null;
  customerId: string | null;
  /**
   * When the token stops being accepted (seconds since the epoch): its `exp` plus the clock-skew
   * allowance. Every accepted token has one; live subscriptions end at this moment.
   */
  exp?: number;
}

/** The key limits, quotas and idempotency belong to: role, customer or agent id, and subject. */
export function principalKey(v: Viewer): string {
  return `${v.role}:${v.customerId ?? v.agentId ?? '-'}:${v.sub}`;
}

export interface VerifyOptions {
  /** seconds of clock skew allowed on exp, nbf and iat (default 30) */
  clockToleranceSec?: number;
  /** the longest lifetime (exp - iat) accepted, in seconds (default 720 h) */
  maxLifetimeSec?: number;
}

export const DEFAULT_MAX_TOKEN_LIFETIME_HOURS = 720;

/** HMAC keys made once per secret: a string secret makes jsonwebtoken derive a key per call (~0.4 ms). */
const keys = new Map<string, KeyObject>();
function keyFor(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.createSecretKey(Buffer.from(secret, 'utf8'));
    if (keys.size > 32) keys.clear();
    keys.set(secret, key);
  }
  return key;
}

export class AuthError extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function idClaim(value: unknown, type: 'Agent' | 'Customer'): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw new AuthError(`token claim ${type.toLowerCase()}Id must be a string`);
  if (UUID.test(value)) return value.toLowerCase();
  const g = fromGlobalId(value);
  if (g && g.type === type) return g.id;
  throw new AuthError(`token claim ${type.toLowerCase()}Id is not a ${type} id`);
}

/**
 * Verifies "Bearer <jwt>" (HS256). Several secrets may be accepted at once, so a secret can
 * be rotated without logging everybody out; tokens are signed with the first.
 * Every token must carry `exp` and `iat`, and live no longer than the maximum lifetime.
 */
/**
 * Tokens already verified, until they expire: the signature check and claim validation run
 * once per token, not once per request (a dashboard or an app sends the same token all day).
 * Keyed by the accepted secrets and options too, so a rotation or a stricter setting re-checks.
 */
const verified = new Map<string, Viewer>();
const VERIFIED_MAX = 10_000;

export function verifyAuthorization(header: unknown, secrets: string[], opts: VerifyOptions = {}): Viewer {
  if (typeof header !== 'string') return verifyUncached(header, secrets, opts);
  const key = `${secrets.join('\u0000')}\u0001${opts.clockToleranceSec ?? ''}\u0001${opts.maxLifetimeSec ?? ''}\u0001${header}`;
  const hit = verified.get(key);
  if (hit && hit.exp !== undefined && hit.exp * 1000 > Date.now()) return { ...hit };
  if (hit) verified.delete(key);
  const viewer = verifyUncached(header, secrets, opts);
  if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
  verified.set(key, { ...viewer });
  return viewer;
}

function verifyUncached(header: unknown, secrets: string[], opts: VerifyOptions = {}): Viewer {
  const clockToleranceSec = opts.clockToleranceSec ?? 30;
  const maxLifetimeSec = opts.maxLifetimeSec ?? DEFAULT_MAX_TOKEN_LIFETIME_HOURS * 3600;
  if (typeof header !== 'string' || header.trim() === '') {
    throw new AuthError('Authentication required: send "Authorization: Bearer <token>"');
  }
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
  if (!m) throw new AuthError('Authorization must be "Bearer <token>"');
  let payload: jwt.JwtPayload | string | null = null;
  let lastErr: unknown = null;
  for (const secret of secrets) {
    try {
      payload = jwt.verify(m[1], keyFor(secret), { algorithms: ['HS256'], clockTolerance: clockToleranceSec });
      break;
    } catch (err) {
      lastErr = err;
      if (err instanceof jwt.TokenExpiredError) break;
    }
  }
  if (!payload || typeof payload === 'string') {
    if (lastErr instanceof jwt.TokenExpiredError) throw new AuthError('The token has expired; get a new one');
    throw new AuthError('The token is not valid');
  }
  if (typeof payload.exp !== 'number') throw new AuthError('The token has no expiry (exp claim); tokens must expire');
  if (typeof payload.iat !== 'number') throw new AuthError('The token has no issue time (iat claim)');
  if (payload.iat > Date.now() / 1000 + clockToleranceSec) throw new AuthError('The token is issued in the future');
  if (payload.exp - payload.iat > maxLifetimeSec) {
    throw new AuthError(`The token lives longer than the maximum of ${Math.round(maxLifetimeSec / 3600)} hours; get a shorter-lived one`);
  }
  const role = payload.role as Role;
  if (!Object.values(Role).includes(role)) throw new AuthError('The token has no valid role claim');
  if (typeof payload.sub !== 'string' || !payload.sub) throw new AuthError('The token has no sub claim');
  const viewer: Viewer = {
    sub: payload.sub,
    role,
    agentId: idClaim(payload.agentId, 'Agent'),
    customerId: idClaim(payload.customerId, 'Customer'),
    exp: payload.exp + clockToleranceSec,
  };
  if (role === Role.CUSTOMER && !viewer.customerId) throw new AuthError('A CUSTOMER token needs a customerId claim');
  if (role !== Role.CUSTOMER) viewer.customerId = null;
  return viewer;
}

export function signToken(
  secret: string,
  claims: { sub: string; role: Role; agentId?: string | null; customerId?: string | null },
  expiresIn: jwt.SignOptions['expiresIn'] = '30d',
): string {
  const body: Record<string, unknown> = { role: claims.role };
  if (claims.agentId) body.agentId = claims.agentId;
  if (claims.customerId) body.customerId = claims.customerId;
  return jwt.sign(body, keyFor(secret), { algorithm: 'HS256', subject: claims.sub, expiresIn });
}

export const STAFF_WRITERS = [Role.ADMIN, Role.MANAGER, Role.AGENT];
export const MANAGERS = [Role.ADMIN, Role.MANAGER];
export const STAFF_READERS = [Role.ADMIN, Role.MANAGER, Role.AGENT, Role.ANALYST];
