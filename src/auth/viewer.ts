import jwt from 'jsonwebtoken';
import { fromGlobalId } from '../graphql/ids';
import { Role } from '../modules/common/enums';

/** Who is asking. */
export interface Viewer {
  sub: string;
  role: Role;
  agentId: string | null;
  customerId: string | null;
  /** expiry (seconds since the epoch), when the token has one */
  exp?: number;
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
 */
export function verifyAuthorization(header: unknown, secrets: string[], clockToleranceSec = 30): Viewer {
  if (typeof header !== 'string' || header.trim() === '') {
    throw new AuthError('Authentication required: send "Authorization: Bearer <token>"');
  }
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
  if (!m) throw new AuthError('Authorization must be "Bearer <token>"');
  let payload: jwt.JwtPayload | string | null = null;
  let lastErr: unknown = null;
  for (const secret of secrets) {
    try {
      payload = jwt.verify(m[1], secret, { algorithms: ['HS256'], clockTolerance: clockToleranceSec });
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
  const role = payload.role as Role;
  if (!Object.values(Role).includes(role)) throw new AuthError('The token has no valid role claim');
  if (typeof payload.sub !== 'string' || !payload.sub) throw new AuthError('The token has no sub claim');
  const viewer: Viewer = {
    sub: payload.sub,
    role,
    agentId: idClaim(payload.agentId, 'Agent'),
    customerId: idClaim(payload.customerId, 'Customer'),
    exp: typeof payload.exp === 'number' ? payload.exp + clockToleranceSec : undefined,
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
  return jwt.sign(body, secret, { algorithm: 'HS256', subject: claims.sub, expiresIn });
}

export const STAFF_WRITERS = [Role.ADMIN, Role.MANAGER, Role.AGENT];
export const MANAGERS = [Role.ADMIN, Role.MANAGER];
export const STAFF_READERS = [Role.ADMIN, Role.MANAGER, Role.AGENT, Role.ANALYST];

export const isCustomer = (v: Viewer) => v.role === Role.CUSTOMER;
