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

/** Every type a global id may name: anything else (e.g. `__proto__`, `constructor`) is no id at all. */
const NODE_TYPES: ReadonlySet<string> = new Set<NodeType>([
  'Customer',
  'Agent',
  'Interaction',
  'Ticket',
  'ServiceLevel',
  'Part',
  'StockLocation',
  'StockLevel',
  'StockMovement',
  'PartReservation',
  'KnowledgeArticle',
]);

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
  const type = raw.slice(0, i);
  const id = raw.slice(i + 1);
  if (!NODE_TYPES.has(type) || !UUID.test(id)) return null;
  return { type: type as NodeType, id: id.toLowerCase() };
}

/** The database id behind a global id of the expected type, or null. */
export function decodeId(gid: unknown, type: NodeType): string | null {
  const d = fromGlobalId(gid);
  return d && d.type === type ? d.id : null;
}

/** A uuid no row has: what an id that does not decode stands for in SQL, so it matches nothing. */
export const NONE_ID = '00000000-0000-0000-0000-000000000000';

/** The database ids behind a list of global ids of one type; one that does not decode becomes NONE_ID. */
export function decodeIds(list: unknown, type: NodeType): string[] {
  return (list as unknown[]).map((g) => decodeId(g, type) ?? NONE_ID);
}
