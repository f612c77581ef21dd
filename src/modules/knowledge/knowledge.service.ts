import DataLoader from 'dataloader';
import type { Tx } from '../../events/tx';
import type { RequestContext } from '../../graphql/context';
import { badRequest, invalid, notFound } from '../../errors';
import { buildFilter, Params, type FilterSpec } from '../../graphql/filter-sql';
import { decodeId } from '../../graphql/ids';
import { decodeCursor, paginate, type Connection, type PageArgs, SortDirection } from '../../graphql/pagination';
import { canSee, visibleRow, visibleSql } from '../../policy/visibility';
import { language, requiredText } from '../common/validate';
import { lockVersioned } from '../common/versioned';
import { KnowledgeArticle, SEARCH_CONFIG } from './knowledge-article.entity';
import type { CreateKnowledgeArticleInput, KnowledgeArticleFilter, MarkArticleHelpfulInput, UpdateKnowledgeArticleInput } from './knowledge.inputs';

export const MAX_TITLE = 300;
export const MAX_BODY = 100_000;
export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 50;
export const MAX_QUERY_LENGTH = 500;
export const DEFAULT_SUGGESTIONS = 5;
export const MAX_SUGGESTIONS = 20;
/** a ticket's most telling words that go into its suggestion query */
const MAX_TICKET_TERMS = 64;
/** ts_rank_cd normalization 32: rank / (rank + 1), so ranks fall in [0, 1) */
const RANK_NORMALIZATION = 32;

// ---------------------------------------------------------------------------
// Loading and visibility
// ---------------------------------------------------------------------------

/** Per-request batching of articles by id (one of the request's loaders, renewed with them). */
export function articleLoader(ctx: RequestContext): DataLoader<string, KnowledgeArticle | null> {
  return ctx.loaders.article;
}

/** A draft does not exist for a customer. */
export function visibleArticle(ctx: RequestContext, a: KnowledgeArticle | null): KnowledgeArticle | null {
  return visibleRow(ctx.viewer, 'KnowledgeArticle', a);
}

export async function articleById(ctx: RequestContext, gid: string): Promise<KnowledgeArticle | null> {
  const id = decodeId(gid, 'KnowledgeArticle');
  return id ? visibleArticle(ctx, await articleLoader(ctx).load(id)) : null;
}

// ---------------------------------------------------------------------------
// Search hits: rank and highlight of an article in one result list
// ---------------------------------------------------------------------------

interface SearchHit {
  rank: number;
  highlight: () => Promise<string | null>;
}

const hits = new WeakMap<KnowledgeArticle, SearchHit>();

export function searchHit(a: KnowledgeArticle): SearchHit | null {
  return hits.get(a) ?? null;
}

const HEADLINE_OPTIONS = 'StartSel=<b>, StopSel=</b>, MinWords=15, MaxWords=35, ShortWord=3, MaxFragments=2, FragmentDelimiter=" … "';
/** the body as HTML text, so the <b> markers are the only markup a client renders */
const ESCAPED_BODY = `replace(replace(replace(a.body, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')`;

/**
 * Highlights for the articles of one result list, computed only when asked for and in one
 * statement for the whole page. `tsquery` is SQL over `$2` (the query text).
 */
function highlighter(ctx: RequestContext, tsquery: string, arg: string): DataLoader<string, string | null> {
  return new DataLoader<string, string | null>(async (ids) => {
    const rows: { id: string; h: string }[] = await ctx.app.readDb.query(
      `SELECT a.id, ts_headline('${SEARCH_CONFIG}', ${ESCAPED_BODY}, ${tsquery}, $3) AS h FROM knowledge_article a WHERE a.id = ANY($1)`,
      [ids, arg, HEADLINE_OPTIONS],
    );
    const map = new Map(rows.map((r) => [r.id, r.h]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

// ---------------------------------------------------------------------------
// Lists
// ---------------------------------------------------------------------------

function tagValues(value: unknown): string[] {
  return (value as string[]).map((t) => String(t).trim().replace(/\s+/g, ' ').toLowerCase());
}

export function articleFilterSpec(a: string): FilterSpec {
  return {
    published: { kind: 'bool', sql: `${a}.published` },
    tags: {
      kind: 'custom',
      build: (v, p) => {
        const list = tagValues(v);
        return list.length ? `${a}.tags && CAST(${p.add(list)} AS text[])` : 'FALSE';
      },
    },
    updatedFrom: { kind: 'from', sql: `${a}.updated_at` },
    updatedTo: { kind: 'to', sql: `${a}.updated_at` },
  };
}

export function articleWhere(filter: KnowledgeArticleFilter | null | undefined, a: string) {
  const p = new Params('kf');
  return { sql: buildFilter(filter as Record<string, unknown> | null, articleFilterSpec(a), p), params: p.values };
}

/** The search text, or null when there is none (blank counts as none). */
function searchText(query: string | null | undefined): string | null {
  if (query === null || query === undefined) return null;
  const q = query.trim();
  if (!q) return null;
  if (q.length > MAX_QUERY_LENGTH) throw badRequest(`query must be at most ${MAX_QUERY_LENGTH} characters`);
  if (q.includes('\u0000')) throw badRequest('query must not contain NUL characters');
  return q;
}

/**
 * `knowledgeArticles`: with a query, the articles matching it (web-search syntax: words,
 * "quoted phrases", or, -excluded) by relevance; without one, the most recently updated first.
 */
export async function articleList(
  ctx: RequestContext,
  page: PageArgs,
  query: string | null | undefined,
  filter: KnowledgeArticleFilter | null | undefined,
): Promise<Connection<KnowledgeArticle>> {
  const qb = ctx.app.readDb.getRepository(KnowledgeArticle).createQueryBuilder('a');
  const visible = visibleSql(ctx.viewer, 'KnowledgeArticle', 'a');
  if (visible) qb.andWhere(visible.sql, visible.params);
  const w = articleWhere(filter, 'a');
  if (w.sql) qb.andWhere(w.sql, w.params);
  const text = searchText(query);
  if (text === null) return paginate(qb, page, { expr: 'a.updated_at', direction: SortDirection.DESC });

  const tsquery = `websearch_to_tsquery('${SEARCH_CONFIG}', :kbSearch)`;
  qb.andWhere(`a.search_vector @@ ${tsquery}`, { kbSearch: text });
  const conn = await paginate(qb, page, { expr: `ts_rank_cd(a.search_vector, ${tsquery}, ${RANK_NORMALIZATION})`, direction: SortDirection.DESC });
  const highlight = highlighter(ctx, `websearch_to_tsquery('${SEARCH_CONFIG}', $2)`, text);
  for (const e of conn.edges) {
    // the cursor is (rank, id): the rank the page was ordered by
    const rank = Number(decodeCursor(e.cursor, 2)[0]);
    hits.set(e.node, { rank, highlight: () => highlight.load(e.node.id) });
  }
  return conn;
}

/**
 * The ticket's words as one OR query: its distinct lexemes (subject words first, then the
 * most frequent ones of the description), quoted for tsquery input as they are, so they
 * are not stemmed a second time. Articles are ranked by cover density times the share of
 * the ticket's words they contain, so an article about all of them beats one that
 * repeats a single word.
 */
const SUGGEST_SQL = `
WITH doc AS (
  SELECT setweight(to_tsvector('${SEARCH_CONFIG}', $1), 'A') || to_tsvector('${SEARCH_CONFIG}', $2) AS v
), terms AS (
  SELECT array_agg(picked.lexeme) AS lexemes,
         string_agg('''' || replace(replace(picked.lexeme, '\\', '\\\\'), '''', '''''') || '''', ' | ')::tsquery AS q
    FROM (SELECT u.lexeme FROM doc, unnest(doc.v) AS u
           ORDER BY ('A' = ANY(u.weights)) DESC, cardinality(u.positions) DESC, u.lexeme
           LIMIT $4) AS picked
)
SELECT a.id, terms.q::text AS q,
       ts_rank_cd(a.search_vector, terms.q, ${RANK_NORMALIZATION})
         * cardinality(ARRAY(SELECT unnest(tsvector_to_array(a.search_vector)) INTERSECT SELECT unnest(terms.lexemes)))
         / cardinality(terms.lexemes) AS rank
  FROM knowledge_article a, terms
 WHERE a.published AND a.search_vector @@ terms.q
 ORDER BY rank DESC, a.id
 LIMIT $3`;

/** Published articles that may answer the ticket; [] when the ticket is not the viewer's to see. */
export async function suggestedArticles(ctx: RequestContext, ticketGid: string, first: number | null | undefined): Promise<KnowledgeArticle[]> {
  const limit = first ?? DEFAULT_SUGGESTIONS;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_SUGGESTIONS) throw badRequest(`first must be between 0 and ${MAX_SUGGESTIONS}`);
  const ticketId = decodeId(ticketGid, 'Ticket');
  if (!ticketId || limit === 0) return [];
  const ticket = await ctx.loaders.ticket.load(ticketId);
  if (!ticket || !canSee(ctx.viewer, 'Ticket', ticket)) return [];
  const rows: { id: string; q: string; rank: number }[] = await ctx.app.readDb.query(SUGGEST_SQL, [
    ticket.subject,
    ticket.description ?? '',
    limit,
    MAX_TICKET_TERMS,
  ]);
  if (rows.length === 0) return [];
  const loader = articleLoader(ctx);
  const articles = await Promise.all(rows.map((r) => loader.load(r.id)));
  const highlight = highlighter(ctx, '$2::tsquery', rows[0].q);
  const out: KnowledgeArticle[] = [];
  articles.forEach((a, i) => {
    if (!a) return;
    hits.set(a, { rank: Number(rows[i].rank), highlight: () => highlight.load(a.id) });
    out.push(a);
  });
  return out;
}

// ---------------------------------------------------------------------------
// Writes
// ---------------------------------------------------------------------------

/** Trimmed, lower-cased, unique tags; undefined stays undefined, null means none. */
export function tagList(value: string[] | null | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  if (value === null) return [];
  const out: string[] = [];
  for (const tag of tagValues(value)) {
    if (!tag) throw invalid('tags must not be empty', ['input', 'tags']);
    if (tag.length > MAX_TAG_LENGTH) throw invalid(`tag "${tag.slice(0, 20)}…" is longer than ${MAX_TAG_LENGTH} characters`, ['input', 'tags']);
    if (/[\u0000-\u001f\u007f,]/.test(tag)) throw invalid('tags must not contain commas or control characters', ['input', 'tags']);
    if (!out.includes(tag)) out.push(tag);
  }
  if (out.length > MAX_TAGS) throw invalid(`an article has at most ${MAX_TAGS} tags, not ${out.length}`, ['input', 'tags']);
  return out;
}

export async function createArticle(ctx: RequestContext, tx: Tx, input: CreateKnowledgeArticleInput): Promise<KnowledgeArticle> {
  const now = ctx.app.clock.now();
  const values = {
    title: requiredText(input.title, 'title', MAX_TITLE),
    body: requiredText(input.body, 'body', MAX_BODY),
    tags: tagList(input.tags) ?? [],
    published: input.published ?? false,
    language: language(input.language) ?? null,
    createdAt: now,
    updatedAt: now,
  };
  const inserted = await tx.manager.getRepository(KnowledgeArticle).insert(values);
  return tx.manager.findOneByOrFail(KnowledgeArticle, { id: inserted.identifiers[0].id as string });
}

export async function updateArticle(ctx: RequestContext, tx: Tx, input: UpdateKnowledgeArticleInput): Promise<KnowledgeArticle> {
  const m = tx.manager;
  const a = await lockVersioned(m, KnowledgeArticle, decodeId(input.id, 'KnowledgeArticle'), {
    what: 'Knowledge article',
    field: ['input', 'id'],
    expectedVersion: input.expectedVersion,
  });
  const changes: Partial<KnowledgeArticle> = {};
  if (input.title !== undefined && input.title !== null) changes.title = requiredText(input.title, 'title', MAX_TITLE);
  if (input.body !== undefined && input.body !== null) changes.body = requiredText(input.body, 'body', MAX_BODY);
  if (input.tags !== undefined) changes.tags = tagList(input.tags);
  if (input.published !== undefined && input.published !== null) changes.published = input.published;
  if (input.language !== undefined) changes.language = language(input.language) ?? null;
  await m
    .createQueryBuilder()
    .update(KnowledgeArticle)
    .set({ ...changes, version: a.version + 1, updatedAt: ctx.app.clock.now() } as never)
    .where('id = :id', { id: a.id })
    .execute();
  return m.findOneByOrFail(KnowledgeArticle, { id: a.id });
}

/** One vote: a single atomic UPDATE, so concurrent votes all count. Not an edit: version and updatedAt stay. */
export async function markHelpful(ctx: RequestContext, tx: Tx, input: MarkArticleHelpfulInput): Promise<string> {
  const m = tx.manager;
  const id = decodeId(input.articleId, 'KnowledgeArticle');
  if (!id) throw notFound('Knowledge article', ['input', 'articleId']);
  const [rows] = (await m.query(
    `UPDATE knowledge_article SET helpful_count = helpful_count + 1 WHERE id = $1 AND published RETURNING id`,
    [id],
  )) as [{ id: string }[], number];
  if (rows.length === 1) return rows[0].id;
  // a draft does not exist for a customer; staff are told why
  const draft = await m.findOneBy(KnowledgeArticle, { id });
  if (draft && canSee(ctx.viewer, 'KnowledgeArticle', draft)) {
    throw invalid('Only a published article can be marked helpful', ['input', 'articleId']);
  }
  throw notFound('Knowledge article', ['input', 'articleId']);
}
