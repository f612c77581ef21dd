import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795651895183 implements MigrationInterface {
  name = 'Initial1795651895183';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "event_log" ("seq" BIGSERIAL NOT NULL, "topic" character varying(32) NOT NULL, "type" character varying(40) NOT NULL, "entity_id" uuid, "customer_id" uuid, "data" jsonb NOT NULL DEFAULT '{}', "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b6663f8bbb34fe76b02676e8e5d" PRIMARY KEY ("seq"))`);
    await q.query(`CREATE INDEX "IDX_49acae3f98b7d98d23c7e0b544" ON "event_log"  ("occurred_at") `);
    await q.query(`CREATE INDEX "IDX_b6586847da9abde35a0046c0ec" ON "event_log"  ("topic", "seq") `);
    await q.query(`CREATE TABLE "event_log_state" ("id" integer NOT NULL, "pruned_through" bigint NOT NULL DEFAULT '0', CONSTRAINT "PK_4651aa3d28dda904efb1850f690" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TABLE "agent" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "email" character varying(254) NOT NULL, "role" character varying(16) NOT NULL, "team" character varying(100), "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1000e989398c5d4ed585cf9a46f" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_c8e51500f3876fa1bbd4483ecc" ON "agent"  ("email") `);
    await q.query(`CREATE TABLE "idempotency_key" ("scope" character varying(200) NOT NULL, "key" character varying(200) NOT NULL, "result" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2738e797ef2c60d9a902bad976a" PRIMARY KEY ("scope", "key"))`);
    await q.query(`CREATE INDEX "IDX_72d9c713a563e6e92176fe0e44" ON "idempotency_key"  ("created_at") `);
    await q.query(`CREATE TABLE "service_level" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "description" text, "targets" jsonb NOT NULL DEFAULT '[]', "business_hours" jsonb, "pause_on" character varying array NOT NULL DEFAULT '{}', "is_default" boolean NOT NULL DEFAULT false, "match_tiers" character varying array NOT NULL DEFAULT '{}', "match_kinds" character varying array NOT NULL DEFAULT '{}', "match_priorities" character varying array NOT NULL DEFAULT '{}', "rule_order" integer, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_596f5b3d545f437ce3ecab14ea7" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_f9dc1a66ede0faf585974816b2" ON "service_level"  ("name") `);
    await q.query(`CREATE TABLE "customer" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "email" character varying(254) NOT NULL, "phone" character varying(40), "tier" character varying(16) NOT NULL DEFAULT 'STANDARD', "organization" character varying(200), "preferred_channel" character varying(16), "language" character varying(35), "service_level_id" uuid, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a7a13f4cacb744524e44dfdad32" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_fdb2f3ad8115da4c7718109a6e" ON "customer"  ("email") `);
    await q.query(`CREATE INDEX "IDX_89c75ac9c2774daafad683a09c" ON "customer"  ("service_level_id") `);
    await q.query(`CREATE TABLE "ticket" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" SERIAL NOT NULL, "subject" character varying(300) NOT NULL, "description" text, "kind" character varying(16) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'NEW', "priority" character varying(16) NOT NULL, "channel" character varying(16) NOT NULL, "reason" character varying(20), "customer_id" uuid NOT NULL, "assignee_id" uuid, "service_level_id" uuid, "first_response_due_at" TIMESTAMP WITH TIME ZONE, "resolution_due_at" TIMESTAMP WITH TIME ZONE, "sla_paused_at" TIMESTAMP WITH TIME ZONE, "sla_risk_at" TIMESTAMP WITH TIME ZONE, "sla_next_alert_at" TIMESTAMP WITH TIME ZONE, "sla_paused_minutes" double precision NOT NULL DEFAULT '0', "sla_alerts" jsonb NOT NULL DEFAULT '{}', "resolution" text, "root_cause" character varying(24), "satisfaction_score" smallint, "satisfaction_comment" text, "rated_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "first_responded_at" TIMESTAMP WITH TIME ZONE, "resolved_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL DEFAULT '1', CONSTRAINT "PK_d9a0835407701eb86f874474b7c" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_a8d5171cdff59b4d6fc2c6d092" ON "ticket"  ("number") `);
    await q.query(`CREATE INDEX "IDX_83e1bcf81f879394638b5629f1" ON "ticket"  ("sla_risk_at") `);
    await q.query(`CREATE INDEX "IDX_0d878f7a8832db17ed0f19afa6" ON "ticket"  ("sla_next_alert_at") `);
    await q.query(`CREATE INDEX "IDX_0c5d2812ee6245a19ff9a70ef2" ON "ticket"  ("assignee_id", "status") `);
    await q.query(`CREATE INDEX "IDX_c720cf87ef564eafbab86785b4" ON "ticket"  ("customer_id", "created_at") `);
    await q.query(`CREATE INDEX "IDX_6cceabae48d5f3eaf191990f41" ON "ticket"  ("status", "created_at") `);
    await q.query(`CREATE TABLE "interaction" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "customer_id" uuid NOT NULL, "ticket_id" uuid, "agent_id" uuid, "channel" character varying(16) NOT NULL, "direction" character varying(16) NOT NULL, "reason" character varying(20), "summary" character varying(500) NOT NULL, "body" text, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "duration_seconds" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9204371ccb2c9dab5428b406413" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_9cfaff660dde019e4aed01d3bb" ON "interaction"  ("occurred_at") `);
    await q.query(`CREATE INDEX "IDX_2e4934dac29a51b2807cc7a8de" ON "interaction"  ("customer_id", "occurred_at") `);
    await q.query(`CREATE INDEX "IDX_1224b3e1c3ab33c7bba38546e7" ON "interaction"  ("ticket_id", "occurred_at") `);
    await q.query(`ALTER TABLE "customer" ADD CONSTRAINT "FK_89c75ac9c2774daafad683a09c0" FOREIGN KEY ("service_level_id") REFERENCES "service_level"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "ticket" ADD CONSTRAINT "FK_9a40df465b0e9ef73b469fb289d" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "ticket" ADD CONSTRAINT "FK_2c91a29fccb8c7dd9644bae9bea" FOREIGN KEY ("assignee_id") REFERENCES "agent"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "ticket" ADD CONSTRAINT "FK_3e316cee181e339f7b07c564437" FOREIGN KEY ("service_level_id") REFERENCES "service_level"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "interaction" ADD CONSTRAINT "FK_eef24a9f959ed87ca6f639c6d20" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "interaction" ADD CONSTRAINT "FK_44b63db4668698b5808d76d135d" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "interaction" ADD CONSTRAINT "FK_b0eac28aacb9dbf70d71ec7c9f4" FOREIGN KEY ("agent_id") REFERENCES "agent"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "interaction" DROP CONSTRAINT "FK_b0eac28aacb9dbf70d71ec7c9f4"`);
    await q.query(`ALTER TABLE "interaction" DROP CONSTRAINT "FK_44b63db4668698b5808d76d135d"`);
    await q.query(`ALTER TABLE "interaction" DROP CONSTRAINT "FK_eef24a9f959ed87ca6f639c6d20"`);
    await q.query(`ALTER TABLE "ticket" DROP CONSTRAINT "FK_3e316cee181e339f7b07c564437"`);
    await q.query(`ALTER TABLE "ticket" DROP CONSTRAINT "FK_2c91a29fccb8c7dd9644bae9bea"`);
    await q.query(`ALTER TABLE "ticket" DROP CONSTRAINT "FK_9a40df465b0e9ef73b469fb289d"`);
    await q.query(`ALTER TABLE "customer" DROP CONSTRAINT "FK_89c75ac9c2774daafad683a09c0"`);
    await q.query(`DROP INDEX "public"."IDX_1224b3e1c3ab33c7bba38546e7"`);
    await q.query(`DROP INDEX "public"."IDX_2e4934dac29a51b2807cc7a8de"`);
    await q.query(`DROP INDEX "public"."IDX_9cfaff660dde019e4aed01d3bb"`);
    await q.query(`DROP TABLE "interaction"`);
    await q.query(`DROP INDEX "public"."IDX_6cceabae48d5f3eaf191990f41"`);
    await q.query(`DROP INDEX "public"."IDX_c720cf87ef564eafbab86785b4"`);
    await q.query(`DROP INDEX "public"."IDX_0c5d2812ee6245a19ff9a70ef2"`);
    await q.query(`DROP INDEX "public"."IDX_0d878f7a8832db17ed0f19afa6"`);
    await q.query(`DROP INDEX "public"."IDX_83e1bcf81f879394638b5629f1"`);
    await q.query(`DROP INDEX "public"."IDX_a8d5171cdff59b4d6fc2c6d092"`);
    await q.query(`DROP TABLE "ticket"`);
    await q.query(`DROP INDEX "public"."IDX_89c75ac9c2774daafad683a09c"`);
    await q.query(`DROP INDEX "public"."IDX_fdb2f3ad8115da4c7718109a6e"`);
    await q.query(`DROP TABLE "customer"`);
    await q.query(`DROP INDEX "public"."IDX_f9dc1a66ede0faf585974816b2"`);
    await q.query(`DROP TABLE "service_level"`);
    await q.query(`DROP INDEX "public"."IDX_72d9c713a563e6e92176fe0e44"`);
    await q.query(`DROP TABLE "idempotency_key"`);
    await q.query(`DROP INDEX "public"."IDX_c8e51500f3876fa1bbd4483ecc"`);
    await q.query(`DROP TABLE "agent"`);
    await q.query(`DROP TABLE "event_log_state"`);
    await q.query(`DROP INDEX "public"."IDX_b6586847da9abde35a0046c0ec"`);
    await q.query(`DROP INDEX "public"."IDX_49acae3f98b7d98d23c7e0b544"`);
    await q.query(`DROP TABLE "event_log"`);
  }
}
