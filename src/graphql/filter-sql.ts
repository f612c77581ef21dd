import { tooComplex } from '../errors';
import { decodeIds, type NodeType } from './ids';

/**
 * Turns a `<Type>Filter` input (fields AND-ed, plus `and` / `or` / `not`) into one SQL
 * predicate with named parameters for TypeORM. Each filter field is described once in a
 * spec; the same spec drives list queries and statistics.
 */
export type FieldRule =
  | { kind: 'in'; sql: string; cast?: string } // value: list ("any of") or a single value
  | { kind: 'from'; sql: string } // inclusive lower bound
  | { kind: 'to'; sql: string } // exclusive upper bound
  | { kind: 'bool'; sql: string }
  | { kind: 'custom'; build: (value: unknown, p: Params) => string | null };

export type FilterSpec = Record<string, FieldRule>;

/** A filter field listing global ids of one type: the column is any of them (one that does not decode matches nothing). */
export function idRule(sql: string, type: NodeType): FieldRule {
  return { kind: 'custom', build: (v, p) => `${sql} = ANY(CAST(${p.add(decodeIds(v, type))} AS uuid[]))` };
}

export class Params {
  private n = 0;
  /** filter objects and values visited so far, to bound what one request may ask the planner to do */
  filterNodes = 0;
  filterValues = 0;
  readonly values: Record<string, unknown> = {};
  constructor(private readonly prefix = 'f') {}
  add(value: unknown): string {
    const name = `${this.prefix}${++this.n}`;
    this.values[name] = value;
    return `:${name}`;
  }
}

/**
 * What one `<Type>Filter` argument may hold. The same bounds are checked on the document and
 * its variables before anything runs (src/graphql/limits.ts, HTTP and WebSocket); buildFilter
 * checks them again for filters built in code.
 */
export const FILTER_LIMITS = {
  /** nesting of and / or / not below the top filter object */
  maxDepth: 10,
  /** filter objects in one filter */
  maxObjects: 200,
  /** values in one filter's fields (each list item counts) */
  maxValues: 1000,
  /** characters in one value (a text search uses its first 10 words anyway) */
  maxText: 1000,
};

export function buildFilter(
  filter: Record<string, unknown> | null | undefined,
  spec: FilterSpec,
  p: Params,
  depth = 0,
): string | null {
  if (!filter) return null;
  if (depth > FILTER_LIMITS.maxDepth) throw tooComplex(`filters nest at most ${FILTER_LIMITS.maxDepth} levels deep`);
  if (++p.filterNodes > FILTER_LIMITS.maxObjects) throw tooComplex(`a filter may combine at most ${FILTER_LIMITS.maxObjects} filter objects`);
  const parts: string[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null) continue;
    if (key === 'and' || key === 'or') {
      const subs = (value as Record<string, unknown>[])
        .map((f) => buildFilter(f, spec, p, depth + 1) ?? 'TRUE');
      if (subs.length === 0) continue;
      parts.push('(' + subs.join(key === 'and' ? ' AND ' : ' OR ') + ')');
      continue;
    }
    if (key === 'not') {
      const sub = buildFilter(value as Record<string, unknown>, spec, p, depth + 1);
      parts.push(sub ? `NOT COALESCE(${sub}, FALSE)` : 'FALSE');
      continue;
    }
    const rule = spec[key];
    if (!rule) continue;
    p.filterValues += Array.isArray(value) ? value.length : 1;
    if (p.filterValues > FILTER_LIMITS.maxValues) throw tooComplex(`a filter may list at most ${FILTER_LIMITS.maxValues} values`);
    switch (rule.kind) {
      case 'in': {
        const list = Array.isArray(value) ? value : [value];
        if (list.length === 0) {
          parts.push('FALSE');
          break;
        }
        parts.push(`${rule.sql} = ANY(CAST(${p.add(list)} AS ${rule.cast ?? 'text'}[]))`);
        break;
      }
      case 'from':
        parts.push(`${rule.sql} >= ${p.add(value)}`);
        break;
      case 'to':
        parts.push(`${rule.sql} < ${p.add(value)}`);
        break;
      case 'bool':
        parts.push(`${rule.sql} = ${p.add(value)}`);
        break;
      case 'custom': {
        const sql = rule.build(value, p);
        if (sql) parts.push(sql);
        break;
      }
    }
  }
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0] : '(' + parts.join(' AND ') + ')';
}

/**
 * A `text` filter rule: every word (up to 10) must occur, case-insensitively, in one of the
 * columns.
 */
export function wordsRule(columns: string[]): FieldRule {
  return {
    kind: 'custom',
    build: (v, p) => {
      // NUL cannot be stored or matched in PostgreSQL text: drop it rather than fail
      const words = String(v).replace(/\u0000/g, '').trim().split(/\s+/).filter(Boolean).slice(0, 10);
      if (!words.length) return null;
      const each = words.map((w) => {
        const pat = p.add(likePattern(w));
        return '(' + columns.map((c) => `${c} ILIKE ${pat}`).join(' OR ') + ')';
      });
      return '(' + each.join(' AND ') + ')';
    },
  };
}

/** `ILIKE` pattern for a user's text, with wildcards escaped. */
export function likePattern(text: string): string {
  return '%' + text.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
}
