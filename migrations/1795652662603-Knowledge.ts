import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Knowledge articles with a stored, generated full-text search column.
 *
 * A generation expression may only call IMMUTABLE functions; `array_to_string` is STABLE
 * (array output in general depends on settings), so the tags go through
 * `knowledge_tags_text`, an IMMUTABLE wrapper: for a text[] the result never varies.
 * TypeORM compares generated columns by the expression kept in `typeorm_metadata`
 * (created by the migration runner), so the row written here must match the entity's
 * `asExpression` character for character.
 */
const SEARCH_VECTOR =
  `setweight(to_tsvector('english', title), 'A')` +
  ` || setweight(to_tsvector('english', knowledge_tags_text(tags)), 'B')` +
  ` || setweight(to_tsvector('english', body), 'C')`;

export class Knowledge1795652662603 implements MigrationInterface {
  name = 'Knowledge1795652662603';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE FUNCTION knowledge_tags_text(tags text[]) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT array_to_string(tags, ' ') $$`,
    );
    await q.query(
      `INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (current_database(), current_schema(), 'knowledge_article', 'GENERATED_COLUMN', 'search_vector', $1)`,
      [SEARCH_VECTOR],
    );
    await q.query(`CREATE TABLE "knowledge_article" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" character varying(300) NOT NULL, "body" text NOT NULL, "tags" text array NOT NULL DEFAULT '{}', "published" boolean NOT NULL DEFAULT false, "helpful_count" integer NOT NULL DEFAULT '0', "language" character varying(35), "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "search_vector" tsvector GENERATED ALWAYS AS (${SEARCH_VECTOR}) STORED NOT NULL, CONSTRAINT "PK_5e6c80ff5dc988b082b737db9df" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_2ff58ad634971de67522096eb2" ON "knowledge_article" USING gin ("tags") `);
    await q.query(`CREATE INDEX "IDX_c2ecef4aace5e0a5924140f091" ON "knowledge_article" USING gin ("search_vector") `);
    await q.query(`CREATE INDEX "IDX_4cc62cd46f584a741ca0a5b425" ON "knowledge_article"  ("published", "updated_at") `);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_4cc62cd46f584a741ca0a5b425"`);
    await q.query(`DROP INDEX "public"."IDX_c2ecef4aace5e0a5924140f091"`);
    await q.query(`DROP INDEX "public"."IDX_2ff58ad634971de67522096eb2"`);
    await q.query(`DROP TABLE "knowledge_article"`);
    await q.query(
      `DELETE FROM "typeorm_metadata" WHERE "type" = 'GENERATED_COLUMN' AND "name" = 'search_vector' AND "database" = current_database() AND "schema" = current_schema() AND "table" = 'knowledge_article'`,
    );
    await q.query(`DROP FUNCTION knowledge_tags_text(text[])`);
  }
}
