import {
  getDirectiveValues,
  getNamedType,
  getNullableType,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  isListType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { getArgumentValues, getVariableValues } from 'graphql/execution/values';
import type { Viewer } from '../auth/viewer';
import { ClientError } from '../errors';
import type { ListPlan } from '../graphql/pagination';
import { compilableFor } from './auth';
import { isoSql, listCursorSql, lit, SqlParams } from './sql';

/**
 * Compiled operations: a whole query operation turned into ONE SQL statement that builds the
 * response's `data` as JSON text inside PostgreSQL, in exactly the shape, key order and value
 * formats graphql-js would produce from the resolvers. Whatever the compiler does not know
 * (a field, an argument, a directive, a fragment on an abstract type) makes it answer null,
 * and the operation takes the normal resolver path. The differential test holds both equal.
 */

/** A value expression for one field of a row under `alias`, or null when the field is not compilable. */
export type FieldSql = (c: Compiler, alias: string, f: FieldCall) => string | null;

export interface FieldCall {
  nodes: FieldNode[];
  def: GraphQLField<unknown, unknown>;
  args: Record<string, unknown>;
  /** the object type the field returns (after lists and non-null), when it is one */
  target: GraphQLObjectType | null;
}

/** What the compiler knows of an object type: how each of its fields reads from a row. */
export interface TypeSource {
  fields: Record<string, FieldSql>;
}

export interface CompileEnv {
  schema: GraphQLSchema;
  types: Record<string, TypeSource>;
  viewer: Viewer;
}

export class NotCompilable extends Error {}

/**
 * "The instant the response is computed at", while compiling: plans are cached, so every
 * builder (the compiler's own SLA fields, the list filters) is handed this marker as `now`,
 * and each parameter holding it is set to the real instant when the statement runs. No client
 * value can equal it: the DateTime scalar cannot express a year before 0000.
 */
export const NOW = new Date(-8640000000000000 + 1);
export const NOW_TEXT = NOW.toISOString();

/** The bound on keys of one json_build_object call (PostgreSQL passes at most 100 arguments). */
const MAX_KEYS = 50;

export class Compiler {
  readonly params = new SqlParams();
  private aliases = 0;
  private nowParam: string | null = null;

  constructor(
    readonly env: CompileEnv,
    private readonly fragments: Map<string, FragmentDefinitionNode>,
    private readonly variables: Record<string, unknown>,
  ) {}

  get viewer(): Viewer {
    return this.env.viewer;
  }

  /** A fresh table alias, unique within the statement. */
  alias(prefix: string): string {
    return `${prefix}${++this.aliases}`;
  }

  /** `now` as one parameter, the instant the whole response is computed at. */
  now(): string {
    this.nowParam ??= `CAST(${this.params.add(NOW.toISOString())} AS timestamptz)`;
    return this.nowParam;
  }

  /** graphql-js's field collection: response keys in order, @skip/@include, fragments, merging. */
  collect(type: GraphQLObjectType, sets: readonly SelectionSetNode[]): Map<string, FieldNode[]> {
    const out = new Map<string, FieldNode[]>();
    const visited = new Set<string>();
    const walk = (set: SelectionSetNode) => {
      for (const sel of set.selections) {
        if (!this.included(sel)) continue;
        if (sel.kind === Kind.FIELD) {
          const key = sel.alias?.value ?? sel.name.value;
          const list = out.get(key);
          if (list) list.push(sel);
          else out.set(key, [sel]);
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          if (sel.typeCondition && !this.applies(sel.typeCondition.name.value, type)) continue;
          walk(sel.selectionSet);
        } else {
          const name = sel.name.value;
          if (visited.has(name)) continue;
          visited.add(name);
          const frag = this.fragments.get(name);
          if (!frag || !this.applies(frag.typeCondition.name.value, type)) continue;
          walk(frag.selectionSet);
        }
      }
    };
    for (const s of sets) walk(s);
    return out;
  }

  private included(node: FieldNode | SelectionSetNode['selections'][number]): boolean {
    if (!node.directives?.length) return true;
    for (const d of node.directives) {
      if (d.name.value !== 'skip' && d.name.value !== 'include') throw new NotCompilable(`directive @${d.name.value}`);
    }
    const skip = getDirectiveValues(GraphQLSkipDirective, node, this.variables);
    if (skip?.if === true) return false;
    const include = getDirectiveValues(GraphQLIncludeDirective, node, this.variables);
    return include?.if !== false;
  }

  private applies(condition: string, type: GraphQLObjectType): boolean {
    if (condition === type.name) return true;
    const cond = this.env.schema.getType(condition);
    return !!cond && isAbstractType(cond) && this.env.schema.isSubType(cond, type);
  }

  /** The calls of a set of field nodes on `type`, in response order. */
  calls(type: GraphQLObjectType, sets: readonly SelectionSetNode[]): [string, FieldCall | '__typename'][] {
    const out: [string, FieldCall | '__typename'][] = [];
    for (const [key, nodes] of this.collect(type, sets)) {
      const name = nodes[0].name.value;
      if (name === '__typename') {
        out.push([key, '__typename']);
        continue;
      }
      const def = type.getFields()[name];
      if (!def) throw new NotCompilable(`${type.name}.${name}`);
      const args = getArgumentValues(def, nodes[0], this.variables);
      const named = getNamedType(def.type);
      out.push([key, { nodes, def, args, target: isObjectType(named) ? named : null }]);
    }
    return out;
  }

  /** JSON object of `type` for the row under `alias`, with the selection of `nodes`. */
  object(type: GraphQLObjectType, alias: string, nodes: readonly FieldNode[]): string {
    const source = this.env.types[type.name];
    if (!source) throw new NotCompilable(type.name);
    const sets = nodes.map((n) => n.selectionSet).filter((s): s is SelectionSetNode => !!s);
    const parts: string[] = [];
    for (const [key, call] of this.calls(type, sets)) {
      if (call === '__typename') {
        parts.push(lit(key), lit(type.name));
        continue;
      }
      const field = source.fields[call.def.name];
      if (!compilableFor(this.viewer, type.name, call.def.name)) throw new NotCompilable(`${type.name}.${call.def.name} for ${this.viewer.role}`);
      const sql = field?.(this, alias, call);
      if (!sql) throw new NotCompilable(`${type.name}.${call.def.name}`);
      parts.push(lit(key), sql);
    }
    if (parts.length / 2 > MAX_KEYS) throw new NotCompilable('too many keys');
    return `json_build_object(${parts.join(', ')})`;
  }

  /** Binds a named-parameter SQL fragment into this statement. */
  bind(sql: string, params: Record<string, unknown>): string {
    return this.params.bind(sql, params);
  }

  /**
   * A Relay connection over `table` rows: the first `first` rows of the plan after the
   * optional keyset position, with edges/nodes/pageInfo/totalCount as selected.
   */
  connection(
    type: GraphQLObjectType,
    nodes: readonly FieldNode[],
    table: string,
    alias: string,
    plan: ListPlan,
    first: number,
    after: [string, string] | null,
    totalCount: string | null,
    /** the cursor text of a row's sort key (default `(expr)::text`, as `paginate` writes it) */
    cursorText: string | null = null,
  ): string {
    const where = plan.where.map((w) => this.bind(w.sql, w.params));
    const count = totalCount ?? `(SELECT count(*) FROM ${table} ${alias} ${where.length ? 'WHERE ' + where.join(' AND ') : ''})::int`;
    const pageWhere = [...where];
    const dir = plan.sort.direction;
    if (after) {
      const op = dir === 'DESC' ? '<' : '>';
      pageWhere.push(`(${plan.sort.expr}, ${alias}.id) ${op} (${this.params.add(after[0])}, CAST(${this.params.add(after[1])} AS uuid))`);
    }
    const order = `${plan.sort.expr} ${dir}, ${alias}.id ${dir}`;
    const from = `FROM ${table} ${alias} ${pageWhere.length ? 'WHERE ' + pageWhere.join(' AND ') : ''} ORDER BY ${order} LIMIT ${first + 1}`;
    const n = first;
    const inPage = `FILTER (WHERE ${alias}."__rn" <= ${n})`;
    const cursor = listCursorSql(`${alias}."__sort"`, `${alias}.id`);
    const nodeType = getNullableType(type.getFields().nodes.type);
    const nodeObject = isListType(nodeType) ? (getNamedType(nodeType) as GraphQLObjectType) : null;
    if (!nodeObject) throw new NotCompilable(type.name);
    const sets = nodes.map((x) => x.selectionSet).filter((s): s is SelectionSetNode => !!s);
    const parts: string[] = [];
    for (const [key, call] of this.calls(type, sets)) {
      if (call === '__typename') {
        parts.push(lit(key), lit(type.name));
        continue;
      }
      switch (call.def.name) {
        case 'nodes':
          parts.push(lit(key), `COALESCE(json_agg(${this.object(nodeObject, alias, call.nodes)} ORDER BY ${alias}."__rn") ${inPage}, '[]'::json)`);
          break;
        case 'edges': {
          const edgeType = call.target!;
          const eparts: string[] = [];
          for (const [ekey, ecall] of this.calls(edgeType, call.nodes.map((x) => x.selectionSet!))) {
            if (ecall === '__typename') eparts.push(lit(ekey), lit(edgeType.name));
            else if (ecall.def.name === 'cursor') eparts.push(lit(ekey), cursor);
            else if (ecall.def.name === 'node') eparts.push(lit(ekey), this.object(nodeObject, alias, ecall.nodes));
            else throw new NotCompilable(`${edgeType.name}.${ecall.def.name}`);
          }
          parts.push(lit(key), `COALESCE(json_agg(json_build_object(${eparts.join(', ')}) ORDER BY ${alias}."__rn") ${inPage}, '[]'::json)`);
          break;
        }
        case 'pageInfo': {
          const infoType = call.target!;
          const iparts: string[] = [];
          for (const [ikey, icall] of this.calls(infoType, call.nodes.map((x) => x.selectionSet!))) {
            if (icall === '__typename') iparts.push(lit(ikey), lit(infoType.name));
            else if (icall.def.name === 'hasNextPage') iparts.push(lit(ikey), `(count(*) > ${n})`);
            else if (icall.def.name === 'endCursor') iparts.push(lit(ikey), `(array_agg(${cursor} ORDER BY ${alias}."__rn" DESC) ${inPage})[1]`);
            else throw new NotCompilable(`${infoType.name}.${icall.def.name}`);
          }
          parts.push(lit(key), `json_build_object(${iparts.join(', ')})`);
          break;
        }
        case 'totalCount':
          parts.push(lit(key), count);
          break;
        default:
          throw new NotCompilable(`${type.name}.${call.def.name}`);
      }
    }
    // the page's rows carry only the columns the response reads (not wide text or jsonb it never shows)
    const body = parts.join(', ');
    const used = new Set<string>(['id']);
    for (const m of body.matchAll(new RegExp(`\\b${alias}\\.([a-z_][a-z0-9_]*)\\b`, 'g'))) used.add(m[1]);
    const cols = [...used].map((col) => `${alias}.${col}`).join(', ');
    const rows = `(SELECT ${cols}, row_number() OVER (ORDER BY ${order}) AS "__rn", ${cursorText ?? `(${plan.sort.expr})::text`} AS "__sort" ${from}) ${alias}`;
    // GROUP BY (): one row even for an empty page, also when nothing aggregates (only totalCount)
    return `(SELECT json_build_object(${body}) FROM ${rows} GROUP BY ())`;
  }

  /** A column as graphql-js serialises it: instants as ISO strings, the rest as they are. */
  static column(column: string, kind: 'value' | 'instant' = 'value'): FieldSql {
    return (_c, alias) => (kind === 'instant' ? isoSql(`${alias}.${column}`) : `${alias}.${column}`);
  }
}

export interface CompiledOperation {
  /** the prepared statement's name (set by whoever runs it) */
  name: string;
  sql: string;
  params: unknown[];
  /** where in `params` the response instant goes */
  nowIndexes: number[];
}

/**
 * The statement that answers the operation, or null when any part of it is not compilable (or
 * its arguments would be refused: the resolver path then answers with the proper error).
 */
export function compileOperation(
  env: CompileEnv,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rawVariables: Record<string, unknown> | undefined,
): CompiledOperation | null {
  if (operation.operation !== 'query') return null;
  const query = env.schema.getQueryType();
  if (!query) return null;
  const coerced = getVariableValues(env.schema, operation.variableDefinitions ?? [], rawVariables ?? {});
  if (coerced.errors) return null;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const c = new Compiler(env, fragments, coerced.coerced);
  try {
    const data = c.object(query, '', [{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: 'query' }, selectionSet: operation.selectionSet } as FieldNode]);
    const nowIndexes = c.params.values.flatMap((v, i) => (v === NOW_TEXT ? [i] : []));
    return { name: '', sql: `SELECT ${data}::text AS data`, params: c.params.values, nowIndexes };
  } catch (err) {
    if (err instanceof NotCompilable) return null;
    // argument coercion refused something: the resolver path reports it properly
    if (err instanceof ClientError || (err instanceof Error && err.name === 'GraphQLError')) return null;
    throw err;
  }
}

/**
 * An operation the compiler cannot answer whole, split at its root: the root fields it covers
 * become one statement (one text column per response key) and the others are left to graphql-js,
 * as an operation of their own over the same document; the response is spliced together in
 * the original key order. Null when no root field compiles (nothing to gain).
 */
export interface SplitOperation {
  compiled: CompiledOperation;
  /** every response key in order; `column` names the statement's column for a compiled one */
  keys: { key: string; column: string | null }[];
  /** the operation holding only the root fields left to the resolvers */
  rest: DocumentNode;
}

export function compileSplit(
  env: CompileEnv,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rawVariables: Record<string, unknown> | undefined,
): SplitOperation | null {
  if (operation.operation !== 'query') return null;
  const query = env.schema.getQueryType();
  if (!query) return null;
  const coerced = getVariableValues(env.schema, operation.variableDefinitions ?? [], rawVariables ?? {});
  if (coerced.errors) return null;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  let roots: [string, FieldNode[]][];
  try {
    roots = [...new Compiler(env, fragments, coerced.coerced).collect(query, [operation.selectionSet])];
  } catch {
    return null;
  }
  const columns: string[] = [];
  const values: unknown[] = [];
  const keys: SplitOperation['keys'] = [];
  const rest: FieldNode[] = [];
  for (const [key, nodes] of roots) {
    // each root field on its own compiler, so a field that does not compile leaves no parameter behind
    const c = new Compiler(env, fragments, coerced.coerced);
    let sql: string | null = null;
    try {
      const one = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: 'query' }, selectionSet: { kind: Kind.SELECTION_SET, selections: nodes } } as FieldNode;
      sql = c.object(query, '', [one]);
    } catch (err) {
      if (!(err instanceof NotCompilable) && !(err instanceof Error && err.name === 'GraphQLError')) throw err;
    }
    if (sql === null) {
      keys.push({ key, column: null });
      rest.push(...nodes);
      continue;
    }
    // renumber this field's $n after the parameters of the fields before it
    const offset = values.length;
    const renumbered = sql.replace(/\$(\d+)\b/g, (_m, n: string) => `$${Number(n) + offset}`);
    values.push(...c.params.values);
    const column = `c${columns.length}`;
    columns.push(`(${renumbered} -> ${lit(key)})::text AS ${column}`);
    keys.push({ key, column });
  }
  if (!columns.length || !rest.length) return null;
  const nowIndexes = values.flatMap((v, i) => (v === NOW_TEXT ? [i] : []));
  const restOperation: OperationDefinitionNode = { ...operation, selectionSet: { kind: Kind.SELECTION_SET, selections: rest } };
  return {
    compiled: { name: '', sql: `SELECT ${columns.join(', ')}`, params: values, nowIndexes },
    keys,
    rest: { kind: Kind.DOCUMENT, definitions: [restOperation, ...fragments.values()] },
  };
}
