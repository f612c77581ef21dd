import crypto from 'node:crypto';
import { DEMO_ARTICLES, seedDemoKnowledge } from '../src/seed/demo-knowledge';
import {
  CreateKnowledgeArticleDocument,
  KnowledgeArticleDocument,
  KnowledgeArticleNodeDocument,
  MarkArticleHelpfulDocument,
  SearchKnowledgeDocument,
  SuggestedArticlesDocument,
  UpdateKnowledgeArticleDocument,
} from './generated/operations';
import { basics, ticket, type Basics } from './support/fixtures';
import { gid, Role, startTestHub, type TestHub } from './support/harness';

let t: TestHub;
let b: Basics;
let analyst: string;

/** the id the demo seed gives an article: md5 of its slug, as a uuid */
function demoId(slug: string): string {
  const h = crypto.createHash('md5').update(`servicegraph-knowledge:${slug}`).digest('hex');
  return gid('KnowledgeArticle', `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`);
}

/** what the knowledge table holds: "nothing was written" compares two of these */
async function kbState(): Promise<{ n: number; versions: number; helpful: number }> {
  const [row] = await t.hub.app.db.query(
    `SELECT count(*)::int AS n, coalesce(sum(version), 0)::int AS versions, coalesce(sum(helpful_count), 0)::int AS helpful FROM knowledge_article`,
  );
  return row;
}

async function create(input: Record<string, unknown>, token = b.agentToken) {
  const r = await t.gql(token, CreateKnowledgeArticleDocument, { input });
  expect(r.errors).toBeUndefined();
  expect(r.data?.createKnowledgeArticle.userErrors).toEqual([]);
  return r.data!.createKnowledgeArticle.article!;
}

async function search(token: string, variables: Record<string, unknown>) {
  const r = await t.gql(token, SearchKnowledgeDocument, variables);
  expect(r.errors).toBeUndefined();
  return r.data!.knowledgeArticles;
}

const PUBLISHED = DEMO_ARTICLES.filter((a) => a.published).length;
const DRAFTS = DEMO_ARTICLES.length - PUBLISHED;

beforeAll(async () => {
  t = await startTestHub();
  b = await basics(t);
  analyst = t.token(Role.ANALYST);
  await seedDemoKnowledge(t.hub.app);
});
afterAll(async () => {
  await t?.stop();
});

describe('demo articles', () => {
  test('about thirty published articles and a few drafts; seeding again writes nothing', async () => {
    expect(PUBLISHED).toBeGreaterThanOrEqual(28);
    expect(DRAFTS).toBeGreaterThanOrEqual(3);
    const before = await kbState();
    await seedDemoKnowledge(t.hub.app);
    expect(await kbState()).toEqual(before);
    const all = await search(b.agentToken, { first: 0 });
    expect(all.totalCount).toBe(DEMO_ARTICLES.length);
    const mine = await search(b.customerTokens[0], { first: 0 });
    expect(mine.totalCount).toBe(PUBLISHED);
    const drum = await t.gql(b.customerTokens[0], KnowledgeArticleDocument, { id: demoId('washer-drum-noise') });
    expect(drum.data?.knowledgeArticle).toMatchObject({ published: true, tags: ['washing machine', 'drum', 'noise', 'troubleshooting'] });
  });
});

describe('search', () => {
  test('an article with the words in its title ranks above one with them only in the body', async () => {
    const inBody = await create({
      title: 'Looking after your coffee maker',
      body: 'Descale every month. If the taste changes, the water softener cartridge may be spent; a new softener cartridge costs little.',
      tags: ['coffee'],
      published: true,
    });
    const inTitle = await create({
      title: 'Replacing the water softener cartridge',
      body: 'Twist the old one out anti-clockwise and push the new one in until it clicks.',
      tags: ['coffee'],
      published: true,
    });
    const page = await search(b.customerTokens[0], { query: 'softener cartridge' });
    expect(page.edges.map((e) => e.node.id)).toEqual([inTitle.id, inBody.id]);
    const [first, second] = page.edges.map((e) => e.node);
    expect(first.rank).toBeGreaterThan(second.rank!);
    expect(second.rank).toBeGreaterThan(0);
    expect(first.rank).toBeLessThan(1);
    expect(second.highlight).toContain('<b>softener</b>');
    expect(second.highlight).toContain('<b>cartridge</b>');
    expect(page.totalCount).toBe(2);
  });

  test('demo articles: the one about the subject comes first, stemmed, with highlights', async () => {
    const refund = await search(b.customerTokens[0], { query: 'refunds' });
    expect(refund.edges[0].node.id).toBe(demoId('billing-refund-timing'));
    const ranks = refund.edges.map((e) => e.node.rank!);
    expect([...ranks].sort((x, y) => y - x)).toEqual(ranks);
    // the highlight shows the body: marked where the body matches, its opening words where only title or tags do
    for (const { node } of refund.edges) {
      if (/refund/i.test(node.body)) expect(node.highlight).toMatch(/<b>refund\w*<\/b>/i);
      else expect(node.highlight).not.toContain('<b>');
    }
    expect(refund.edges.some((e) => !/refund/i.test(e.node.body))).toBe(true);

    const password = await search(b.customerTokens[0], { query: 'forgot my password' });
    expect(password.edges[0].node.id).toBe(demoId('account-reset-password'));

    // web-search syntax: a phrase, and an excluded word
    const phrase = await search(b.agentToken, { query: '"drain filter" -dishwasher' });
    expect(phrase.edges.length).toBeGreaterThan(0);
    expect(phrase.edges.every((e) => !/dishwasher/i.test(e.node.title + e.node.body + e.node.tags.join(' ')))).toBe(true);
    expect(phrase.edges.every((e) => /drain filter/i.test(e.node.body))).toBe(true);
  });

  test('without a query: newest first, no rank and no highlight', async () => {
    const page = await search(b.agentToken, { first: 100 });
    const times = page.edges.map((e) => e.node.updatedAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(page.edges.every((e) => e.node.rank === null && e.node.highlight === null)).toBe(true);
    const blank = await search(b.agentToken, { first: 0, query: '   ' });
    expect(blank.totalCount).toBe(page.totalCount);
  });

  test('pages through ranked results without gaps or repeats', async () => {
    const all = await search(b.agentToken, { query: 'washing machine', first: 100 });
    expect(all.totalCount).toBeGreaterThan(4);
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      const page: Awaited<ReturnType<typeof search>> = await search(b.agentToken, { query: 'washing machine', first: 2, after });
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.edges.map((e) => e.node.id));
  });

  test('highlights are HTML-escaped apart from the <b> markers', async () => {
    await create({ title: 'Escaping check', body: 'Never paste <script>alert(1)</script> into the zanzibar field & friends.', published: true });
    const page = await search(b.agentToken, { query: 'zanzibar' });
    expect(page.edges[0].node.highlight).toContain('&lt;script&gt;');
    expect(page.edges[0].node.highlight).toContain('<b>zanzibar</b>');
    expect(page.edges[0].node.highlight).not.toContain('<script>');
  });

  test('any text is a valid query; stop words alone match nothing; an oversized query is refused', async () => {
    for (const query of ['"unbalanced', 'a & b | !c :* ()', "o'brien's \\ drum", '-', 'the and of']) {
      const r = await t.gql(b.customerTokens[0], SearchKnowledgeDocument, { query });
      expect(r.errors).toBeUndefined();
    }
    expect((await search(b.agentToken, { query: 'the and of' })).totalCount).toBe(0);
    const long = await t.gql(b.agentToken, SearchKnowledgeDocument, { query: 'x'.repeat(501) });
    expect(long.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('the search follows edits (the search column is generated by PostgreSQL)', async () => {
    const a = await create({ title: 'Temporary heading', body: 'Nothing to see.', published: true });
    expect((await search(b.agentToken, { query: 'quokka' })).totalCount).toBe(0);
    const u = await t.gql(b.agentToken, UpdateKnowledgeArticleDocument, { input: { id: a.id, tags: ['Quokka'] } });
    expect(u.data?.updateKnowledgeArticle.article?.tags).toEqual(['quokka']);
    expect((await search(b.agentToken, { query: 'quokkas' })).edges.map((e) => e.node.id)).toEqual([a.id]);
  });
});

describe('drafts', () => {
  test('customers never see drafts: not in lists, not by id, not as a node; staff see them', async () => {
    const draftId = demoId('draft-washer-drum-replacement');
    const staff = await search(b.agentToken, { query: 'drum assembly' });
    expect(staff.edges.map((e) => e.node.id)).toContain(draftId);
    const customer = await search(b.customerTokens[0], { query: 'drum assembly' });
    expect(customer.edges.map((e) => e.node.id)).not.toContain(draftId);
    const asked = await search(b.customerTokens[0], { first: 100, filter: { published: false } });
    expect(asked.totalCount).toBe(0);

    expect((await t.gql(b.customerTokens[0], KnowledgeArticleDocument, { id: draftId })).data?.knowledgeArticle).toBeNull();
    expect((await t.gql(b.customerTokens[0], KnowledgeArticleNodeDocument, { id: draftId })).data?.node).toBeNull();
    expect((await t.gql(analyst, KnowledgeArticleNodeDocument, { id: draftId })).data?.node).toMatchObject({ published: false });
    expect((await t.gql(b.customerTokens[0], KnowledgeArticleNodeDocument, { id: demoId('washer-drum-noise') })).data?.node).toMatchObject({
      id: demoId('washer-drum-noise'),
      published: true,
    });
    const drafts = await search(analyst, { first: 100, filter: { published: false } });
    expect(drafts.edges.every((e) => !e.node.published)).toBe(true);
    expect(drafts.totalCount).toBeGreaterThanOrEqual(DRAFTS);
  });
});

describe('filters', () => {
  const tagsOf = async (filter: Record<string, unknown>, token = b.agentToken) =>
    (await search(token, { first: 100, filter })).edges.map((e) => e.node.tags);

  test('tags (any of, case-insensitive) and and / or / not', async () => {
    const billing = await tagsOf({ tags: ['BILLING'] });
    expect(billing.length).toBe(DEMO_ARTICLES.filter((a) => a.tags.includes('billing')).length);
    expect(billing.every((tags) => tags.includes('billing'))).toBe(true);

    const anyOf = await tagsOf({ tags: ['password', 'invoice'] });
    expect(anyOf.length).toBe(2);

    const both = await tagsOf({ and: [{ tags: ['billing'] }, { tags: ['refund'] }] });
    expect(both.length).toBe(2);
    expect(both.every((tags) => tags.includes('billing') && tags.includes('refund'))).toBe(true);

    const either = await tagsOf({ or: [{ tags: ['delivery'] }, { tags: ['returns'] }] });
    expect(either.length).toBe(DEMO_ARTICLES.filter((a) => a.tags.includes('delivery') || a.tags.includes('returns')).length);

    const without = await tagsOf({ tags: ['billing'], not: { tags: ['refund'] } });
    expect(without.length).toBe(billing.length - 2);
    expect(without.every((tags) => tags.includes('billing') && !tags.includes('refund'))).toBe(true);

    expect(await tagsOf({ tags: [] })).toEqual([]);
    const customerBilling = await tagsOf({ tags: ['billing'] }, b.customerTokens[1]);
    expect(customerBilling.length).toBe(DEMO_ARTICLES.filter((a) => a.published && a.tags.includes('billing')).length);
  });

  test('filters combine with the search; updatedFrom / updatedTo bound the edit time', async () => {
    const washerNoise = await search(b.agentToken, { query: 'noise', filter: { tags: ['washing machine'] } });
    expect(washerNoise.edges.map((e) => e.node.id)).toEqual([demoId('washer-drum-noise')]);
    const now = Date.now();
    const recent = await search(b.agentToken, { first: 100, filter: { updatedFrom: new Date(now - 13 * 86400_000).toISOString(), tags: ['washing machine'] } });
    const expected = DEMO_ARTICLES.filter((a) => a.tags.includes('washing machine') && a.edited < 13).map((a) => demoId(a.slug));
    expect(recent.edges.map((e) => e.node.id).sort()).toEqual(expected.sort());
    const older = await search(b.agentToken, { first: 100, filter: { updatedTo: new Date(now - 100 * 86400_000).toISOString() } });
    expect(older.totalCount).toBe(DEMO_ARTICLES.filter((a) => a.edited > 100).length);
  });
});

describe('suggestedArticles', () => {
  test('a ticket about washing machine drum noise gets the drum article first, for staff and for its customer', async () => {
    const tk = await ticket(t, b.agentToken, b.customerIds[0], { subject: 'Washing machine drum noise', description: null });
    const staff = await t.gql(b.agentToken, SuggestedArticlesDocument, { ticketId: tk.id });
    expect(staff.errors).toBeUndefined();
    const list = staff.data!.suggestedArticles;
    expect(list[0].id).toBe(demoId('washer-drum-noise'));
    expect(list.length).toBeGreaterThan(1);
    expect(list.length).toBeLessThanOrEqual(5);
    expect(list[0].rank).toBeGreaterThan(list[1].rank!);
    expect(list[0].highlight).toMatch(/<b>drum<\/b>/i);
    expect(list.map((a) => a.id)).not.toContain(demoId('draft-washer-drum-replacement'));

    const own = await t.gql(b.customerTokens[0], SuggestedArticlesDocument, { ticketId: tk.id, first: 1 });
    expect(own.data?.suggestedArticles.map((a) => a.id)).toEqual([demoId('washer-drum-noise')]);
  });

  test('words in the description count too', async () => {
    const tk = await ticket(t, b.agentToken, b.customerIds[0], {
      subject: 'Loud washer',
      description: 'Since yesterday the drum makes a grinding noise when it spins; the water drains fine.',
    });
    const r = await t.gql(b.agentToken, SuggestedArticlesDocument, { ticketId: tk.id, first: 3 });
    expect(r.data?.suggestedArticles[0].id).toBe(demoId('washer-drum-noise'));

    const billing = await ticket(t, b.agentToken, b.customerIds[0], { subject: 'Charged twice', description: 'I see two payments for one order on my card.' });
    const rb = await t.gql(b.agentToken, SuggestedArticlesDocument, { ticketId: billing.id });
    expect(rb.data?.suggestedArticles[0].id).toBe(demoId('billing-double-charge'));
  });

  test("another customer's, an unknown or a malformed ticket id gives an empty list", async () => {
    const tk = await ticket(t, b.agentToken, b.customerIds[0], { subject: 'Washing machine drum noise' });
    const other = await t.gql(b.customerTokens[1], SuggestedArticlesDocument, { ticketId: tk.id });
    expect(other.errors).toBeUndefined();
    expect(other.data?.suggestedArticles).toEqual([]);
    const unknown = await t.gql(b.agentToken, SuggestedArticlesDocument, { ticketId: gid('Ticket', '00000000-0000-0000-0000-000000000000') });
    expect(unknown.data?.suggestedArticles).toEqual([]);
    const garbage = await t.gql(b.agentToken, SuggestedArticlesDocument, { ticketId: 'not-an-id' });
    expect(garbage.data?.suggestedArticles).toEqual([]);
    const stopWords = await ticket(t, b.agentToken, b.customerIds[0], { subject: 'the and of it' });
    expect((await t.gql(b.agentToken, SuggestedArticlesDocument, { ticketId: stopWords.id })).data?.suggestedArticles).toEqual([]);
    const tooMany = await t.gql(b.agentToken, SuggestedArticlesDocument, { ticketId: tk.id, first: 1000 });
    expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('markArticleHelpful', () => {
  test('20 concurrent votes count exactly 20, and are not an edit', async () => {
    const id = demoId('delivery-tracking');
    const before = (await t.gql(b.agentToken, KnowledgeArticleDocument, { id })).data!.knowledgeArticle!;
    const votes = await Promise.all(
      Array.from({ length: 20 }, (_x, i) => t.gql(b.customerTokens[i % 2], MarkArticleHelpfulDocument, { input: { articleId: id } })),
    );
    expect(votes.every((v) => v.errors === undefined && v.data?.markArticleHelpful.userErrors.length === 0)).toBe(true);
    // each payload reads the count after its own vote committed; the last one sees all twenty
    const counts = votes.map((v) => v.data!.markArticleHelpful.article!.helpfulCount);
    expect(Math.min(...counts)).toBeGreaterThan(before.helpfulCount);
    expect(Math.max(...counts)).toBe(before.helpfulCount + 20);
    const after = (await t.gql(b.agentToken, KnowledgeArticleDocument, { id })).data!.knowledgeArticle!;
    expect(after).toMatchObject({ helpfulCount: before.helpfulCount + 20, version: before.version, updatedAt: before.updatedAt });
  });

  test('a draft, an unknown or a malformed id is a userError and counts nothing; ANALYST may not vote', async () => {
    const before = await kbState();
    const draft = demoId('draft-delivery-saturday');
    const asCustomer = await t.gql(b.customerTokens[0], MarkArticleHelpfulDocument, { input: { articleId: draft } });
    expect(asCustomer.data?.markArticleHelpful).toEqual({ article: null, userErrors: [expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'articleId'] })] });
    const asAgent = await t.gql(b.agentToken, MarkArticleHelpfulDocument, { input: { articleId: draft } });
    expect(asAgent.data?.markArticleHelpful.userErrors[0].code).toBe('INVALID_INPUT');
    for (const articleId of [gid('KnowledgeArticle', '00000000-0000-0000-0000-000000000000'), 'garbage', gid('Ticket', '00000000-0000-0000-0000-000000000001')]) {
      const r = await t.gql(b.customerTokens[0], MarkArticleHelpfulDocument, { input: { articleId } });
      expect(r.data?.markArticleHelpful.userErrors[0].code).toBe('NOT_FOUND');
    }
    const denied = await t.gql(analyst, MarkArticleHelpfulDocument, { input: { articleId: demoId('delivery-tracking') } });
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await kbState()).toEqual(before);
  });
});

describe('create and update', () => {
  test('create: tags are trimmed, lower-cased and deduplicated; drafts by default; idempotent', async () => {
    const a = await create({ title: '  Fixing a squeaky dryer belt ', body: 'Replace the belt.', tags: ['Dryer', 'dryer ', '  Belt  Noise '], language: 'en-GB' });
    expect(a).toMatchObject({ title: 'Fixing a squeaky dryer belt', tags: ['dryer', 'belt noise'], published: false, helpfulCount: 0, version: 1, language: 'en-GB' });
    const input = { title: 'Idempotent', body: 'Once only.', idempotencyKey: 'kb-1' };
    const first = await create(input);
    const before = await kbState();
    const again = await create(input);
    expect(again.id).toBe(first.id);
    expect(await kbState()).toEqual(before);
  });

  test.each([
    ['an empty title', { title: '  ' }, ['input', 'title']],
    ['an oversized title', { title: 't'.repeat(301) }, ['input', 'title']],
    ['an empty body', { body: '' }, ['input', 'body']],
    ['an oversized body', { body: 'b'.repeat(100_001) }, ['input', 'body']],
    ['too many tags', { tags: Array.from({ length: 21 }, (_x, i) => `tag${i}`) }, ['input', 'tags']],
    ['an empty tag', { tags: ['ok', ' '] }, ['input', 'tags']],
    ['an oversized tag', { tags: ['x'.repeat(51)] }, ['input', 'tags']],
    ['a tag with a comma', { tags: ['a,b'] }, ['input', 'tags']],
    ['a bad language tag', { language: 'english please' }, ['input', 'language']],
  ])('create with %s is INVALID_INPUT and writes nothing', async (_n, override, field) => {
    const before = await kbState();
    const r = await t.gql(b.agentToken, CreateKnowledgeArticleDocument, { input: { title: 'Valid', body: 'Valid body', ...override } });
    expect(r.errors).toBeUndefined();
    expect(r.data?.createKnowledgeArticle).toEqual({ article: null, userErrors: [expect.objectContaining({ code: 'INVALID_INPUT', field })] });
    expect(await kbState()).toEqual(before);
  });

  test('twenty distinct tags are fine, duplicates do not count', async () => {
    const tags = Array.from({ length: 20 }, (_x, i) => `tag${i}`);
    const a = await create({ title: 'Many tags', body: 'Body', tags: [...tags, 'TAG0', 'tag19'] });
    expect(a.tags).toEqual(tags);
  });

  test('update: fields change, version bumps, publish; stale version, unknown id and bad values write nothing', async () => {
    const a = await create({ title: 'Draft about hinges', body: 'Hinges wear out.', tags: ['door'] });
    const u = await t.gql(b.agentToken, UpdateKnowledgeArticleDocument, {
      input: { id: a.id, expectedVersion: 1, title: 'Oven door hinges', published: true, tags: null, language: 'en' },
    });
    expect(u.data?.updateKnowledgeArticle.userErrors).toEqual([]);
    expect(u.data?.updateKnowledgeArticle.article).toMatchObject({ title: 'Oven door hinges', body: 'Hinges wear out.', tags: [], published: true, version: 2, language: 'en' });
    expect((await search(b.customerTokens[0], { query: 'hinges' })).edges.map((e) => e.node.id)).toEqual([a.id]);

    const before = await kbState();
    const cases: [Record<string, unknown>, string, string[]][] = [
      [{ expectedVersion: 1, title: 'Late' }, 'VERSION_CONFLICT', ['input', 'expectedVersion']],
      [{ id: gid('KnowledgeArticle', '00000000-0000-0000-0000-000000000000'), title: 'x' }, 'NOT_FOUND', ['input', 'id']],
      [{ id: 'garbage', title: 'x' }, 'NOT_FOUND', ['input', 'id']],
      [{ title: '' }, 'INVALID_INPUT', ['input', 'title']],
      [{ body: 'b'.repeat(100_001) }, 'INVALID_INPUT', ['input', 'body']],
      [{ tags: Array.from({ length: 21 }, (_x, i) => `t${i}`) }, 'INVALID_INPUT', ['input', 'tags']],
    ];
    for (const [override, code, field] of cases) {
      const r = await t.gql(b.agentToken, UpdateKnowledgeArticleDocument, { input: { id: a.id, ...override } });
      expect(r.errors).toBeUndefined();
      expect(r.data?.updateKnowledgeArticle).toEqual({ article: null, userErrors: [expect.objectContaining({ code, field })] });
    }
    expect(await kbState()).toEqual(before);

    const unpublish = await t.gql(b.agentToken, UpdateKnowledgeArticleDocument, { input: { id: a.id, expectedVersion: 2, published: false } });
    expect(unpublish.data?.updateKnowledgeArticle.article).toMatchObject({ published: false, version: 3 });
    expect((await search(b.customerTokens[0], { query: 'hinges' })).totalCount).toBe(0);
  });

  test('only AGENT, MANAGER and ADMIN write articles; ANALYST and CUSTOMER get FORBIDDEN; no token is UNAUTHENTICATED', async () => {
    const before = await kbState();
    const input = { title: 'Not allowed', body: 'Nope' };
    for (const token of [analyst, b.customerTokens[0]]) {
      const r = await t.gql(token, CreateKnowledgeArticleDocument, { input });
      expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const u = await t.gql(token, UpdateKnowledgeArticleDocument, { input: { id: demoId('delivery-times'), title: 'Hacked' } });
      expect(u.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const anon = await t.gql(null, SearchKnowledgeDocument, { query: 'drum' });
    expect(anon.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await kbState()).toEqual(before);
    await create({ title: 'Manager article', body: 'Allowed' }, t.token(Role.MANAGER));
    await create({ title: 'Admin article', body: 'Allowed' }, b.admin);
  });
});
