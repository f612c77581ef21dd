import { ArgsType, ClassType, Field, Int, ObjectType } from 'type-graphql';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { SortDirection } from '../modules/common/enums';
import { badRequest } from './errors';

export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 100;

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `Page size, default ${DEFAULT_PAGE}, at most ${MAX_PAGE}` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page' })
  after?: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: Promise<number> | number;
}

/** Declares `<Name>Connection` and `<Name>Edge` for a node type. */
export function connectionType<T extends object>(name: string, nodeType: ClassType<T>) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field()
    cursor!: string;

    @Field(() => nodeType)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => [nodeType])
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'How many match the filter, across all pages' })
    totalCount!: number;
  }
  return ConnectionType;
}

export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE) {
    throw badRequest(`first must be between 0 and ${MAX_PAGE}`);
  }
  return first;
}

function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, arity: number): string[] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === arity && v.every((x) => typeof x === 'string')) return v;
  } catch {
    /* fall through */
  }
  throw badRequest('after is not a cursor this list returned; pass a pageInfo.endCursor or edges.cursor');
}

export interface SortSpec {
  /** SQL expression to sort by (unique together with the id column) */
  expr: string;
  direction: SortDirection;
}

/**
 * Keyset pagination over a query builder: orders by (expr, id), seeks past the cursor, and
 * counts lazily (the count query runs only when `totalCount` is selected).
 */
export async function paginate<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  args: { first?: number | null; after?: string | null },
  sort: SortSpec,
): Promise<Connection<T>> {
  const limit = pageSize(args.first);
  const alias = qb.alias;
  const idExpr = `${alias}.id`;
  const countQb = qb.clone();
  const dir = sort.direction === SortDirection.DESC ? 'DESC' : 'ASC';
  if (args.after) {
    const [v, id] = decodeCursor(args.after, 2);
    const op = dir === 'DESC' ? '<' : '>';
    qb.andWhere(`(${sort.expr}, ${idExpr}) ${op} (:__cv, CAST(:__cid AS uuid))`, { __cv: v, __cid: id });
  }
  qb.addSelect(`(${sort.expr})::text`, '__sort')
    .orderBy(sort.expr, dir)
    .addOrderBy(idExpr, dir)
    .limit(limit + 1);
  const { entities, raw } = limit === 0 ? { entities: [], raw: [] } : await qb.getRawAndEntities();
  const hasNextPage = entities.length > limit;
  const page = entities.slice(0, limit);
  // raw rows align with entities when every row maps to one entity (no joins that multiply rows)
  const edges = page.map((node, i) => ({
    node,
    cursor: encodeCursor([raw[i].__sort as string, (node as unknown as { id: string }).id]),
  }));
  let count: Promise<number> | undefined;
  return {
    edges,
    nodes: page,
    pageInfo: { hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    get totalCount() {
      count ??= countQb.getCount();
      return count;
    },
  };
}

/** A connection over an in-memory list already in order (small lists, batched loaders). */
export function connectionFromList<T extends { id: string }>(
  items: T[],
  hasNextPage: boolean,
  totalCount: Promise<number> | number,
  cursorOf: (t: T) => string[],
): Connection<T> {
  const edges = items.map((node) => ({ node, cursor: encodeCursor(cursorOf(node)) }));
  return {
    edges,
    nodes: items,
    pageInfo: { hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    totalCount,
  };
}

export { decodeCursor, encodeCursor };
