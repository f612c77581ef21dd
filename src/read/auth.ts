import { getMetadataStorage } from 'type-graphql';
import type { Viewer } from '../auth/viewer';

/**
 * Who may resolve each field, read from type-graphql's own metadata (`@Authorized`, and
 * whether middleware wraps it), so the compiled path never answers a field the resolver path
 * would refuse: a field the viewer's role may not resolve, or one behind middleware, is not
 * compiled, and the resolvers answer it (FORBIDDEN, or whatever the middleware does).
 */
interface Guard {
  /** undefined: no @Authorized; [] any signed-in viewer; else these roles (ADMIN always) */
  roles: string[] | undefined;
  middleware: boolean;
}

let guards: Map<string, Guard> | null = null;

function build(): Map<string, Guard> {
  const s = getMetadataStorage();
  const out = new Map<string, Guard>();
  const objectName = (cls: Function | undefined) => s.objectTypes.find((o) => o.target === cls)?.name;
  for (const q of s.queries) out.set(`Query.${q.schemaName}`, { roles: q.roles, middleware: !!q.middlewares?.length });
  for (const f of s.fieldResolvers) {
    const name = objectName(f.getObjectType?.() as Function | undefined);
    if (name) out.set(`${name}.${f.schemaName}`, { roles: f.roles, middleware: !!f.middlewares?.length });
  }
  for (const f of s.fields) {
    const name = objectName(f.target);
    const key = `${name}.${f.schemaName ?? f.name}`;
    if (name && !out.has(key)) out.set(key, { roles: f.roles, middleware: !!f.middlewares?.length });
  }
  return out;
}

/** May the compiled path answer `type.field` for this viewer, exactly as the resolver would? */
export function compilableFor(viewer: Viewer, type: string, field: string): boolean {
  guards ??= build();
  const g = guards.get(`${type}.${field}`);
  if (!g) return true;
  if (g.middleware) return false;
  if (g.roles === undefined || g.roles.length === 0) return true;
  return viewer.role === 'ADMIN' || g.roles.includes(viewer.role);
}
