/** Opaque global IDs: base64url("<Type>:<uuid>"). Anything malformed decodes to null. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type NodeType =
  | 'Customer'
  | 'Agent'
  | 'Interaction'
  | 'Ticket'
  | 'ServiceLevel'
  | 'Part'
  | 'StockLocation'
  | 'StockLevel'
  | 'StockMovement'
  | 'PartReservation'
  | 'KnowledgeArticle';

export function toGlobalId(type: NodeType, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

export function fromGlobalId(gid: unknown): { type: NodeType; id: string } | null {
  if (typeof gid !== 'string' || gid.length === 0 || gid.length > 120) return null;
  let raw: string;
  try {
    raw = Buffer.from(gid, 'base64url').toString('utf8');
  } catch {
    return null;
  }
  const i = raw.indexOf(':');
  if (i < 0) return null;
  const type = raw.slice(0, i) as NodeType;
  const id = raw.slice(i + 1);
  if (!UUID.test(id)) return null;
  return { type, id: id.toLowerCase() };
}

/** The database id behind a global id of the expected type, or null. */
export function decodeId(gid: unknown, type: NodeType): string | null {
  const d = fromGlobalId(gid);
  return d && d.type === type ? d.id : null;
}
