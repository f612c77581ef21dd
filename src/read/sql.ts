/**
 * SQL expressions that format values exactly as graphql-js would serialise them, so a response
 * built inside PostgreSQL is byte-for-byte what the resolvers would have produced.
 */

/** base64url without padding, as Node's `Buffer.toString('base64url')` */
export function base64urlSql(textExpr: string): string {
  return `rtrim(translate(encode(convert_to(${textExpr}, 'UTF8'), 'base64'), E'+/\\n', '-_'), '=')`;
}

/** The opaque global id of a row: base64url("<Type>:<uuid>") */
export function globalIdSql(type: string, idExpr: string): string {
  return base64urlSql(`'${type}:' || ${idExpr}::text`);
}

/** An instant as `Date.prototype.toISOString()` writes it (UTC, milliseconds, `Z`). */
export function isoSql(expr: string): string {
  return `to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** A list cursor as `encodeCursor([sortText, id])` builds it: base64url of the JSON array text. */
export function listCursorSql(sortExpr: string, idExpr: string): string {
  return base64urlSql(`'[' || to_json((${sortExpr})::text)::text || ',' || to_json(${idExpr}::text)::text || ']'`);
}

/** A string literal for SQL (only for names this module itself chooses). */
export function lit(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/**
 * Positional parameters for one statement. Filter builders produce `:name` placeholders with a
 * value map; `bind` rewrites those into `$n` of this statement.
 */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
  /** Rewrites `:name` placeholders of `sql` (from a named-parameter map) into positional ones. */
  bind(sql: string, named: Record<string, unknown>): string {
    const names = Object.keys(named).sort((a, b) => b.length - a.length);
    if (!names.length) return sql;
    const pattern = new RegExp(`:(${names.map((n) => n.replace(/[^A-Za-z0-9_]/g, '')).join('|')})\\b`, 'g');
    const slot = new Map<string, string>();
    return sql.replace(pattern, (_m, name: string) => {
      let s = slot.get(name);
      if (!s) {
        s = this.add(named[name]);
        slot.set(name, s);
      }
      return s;
    });
  }
}
