import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Inventory1795652608132 implements MigrationInterface {
  name = 'Inventory1795652608132';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "part" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "sku" character varying(40) NOT NULL, "name" character varying(200) NOT NULL, "description" text, "unit_cost" numeric(14,4) NOT NULL, "lead_time_days" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_2d76cab9fc4b3bc0fff2d4bdb9" CHECK ("lead_time_days" IS NULL OR ("lead_time_days" >= 0 AND "lead_time_days" <= 3650)), CONSTRAINT "CHK_5e45f7a4f5e52b9bb373997b91" CHECK ("unit_cost" >= 0), CONSTRAINT "PK_58888debdf048d2dfe459aa59da" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_ac4265e9c4ebcc156515fb6b3d" ON "part"  ("sku") `);
    await q.query(`CREATE TABLE "stock_location" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(32) NOT NULL, "name" character varying(200) NOT NULL, "kind" character varying(16) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_adf770067d0df1421f525fa25cc" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_eb4dd13579b6026ed0449f7a24" ON "stock_location"  ("code") `);
    await q.query(`CREATE TABLE "stock_level" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "part_id" uuid NOT NULL, "location_id" uuid NOT NULL, "on_hand" integer NOT NULL DEFAULT '0', "reserved" integer NOT NULL DEFAULT '0', "reorder_point" integer NOT NULL DEFAULT '0', "reorder_quantity" integer NOT NULL DEFAULT '0', "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_c8488bb71f9125da97e6334c03" CHECK ("reorder_quantity" >= 0), CONSTRAINT "CHK_b9ca2aab25840596a663a2a822" CHECK ("reorder_point" >= 0), CONSTRAINT "CHK_d23eb7161d1bb8a6cacff663a7" CHECK ("reserved" >= 0 AND "reserved" <= "on_hand"), CONSTRAINT "CHK_479b5e0b3f26001efeb184da0e" CHECK ("on_hand" >= 0), CONSTRAINT "PK_88ff7d9dfb57dc9d435e365eb69" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_ba5ec2d0b4110a8f0323a22114" ON "stock_level"  ("location_id") `);
    await q.query(`CREATE UNIQUE INDEX "IDX_d050947ae2cef20a43b5696043" ON "stock_level"  ("part_id", "location_id") `);
    await q.query(`CREATE TABLE "part_reservation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "ticket_id" uuid NOT NULL, "part_id" uuid NOT NULL, "location_id" uuid NOT NULL, "stock_level_id" uuid NOT NULL, "quantity" integer NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'RESERVED', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "settled_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_339468779d6fcded9530c17d75" CHECK ("quantity" > 0), CONSTRAINT "PK_a7c861a74cace9437dfbf4df39c" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_1b50873aeb71efc6475d6fcf7b" ON "part_reservation"  ("stock_level_id", "status") `);
    await q.query(`CREATE INDEX "IDX_ccbb266b17ab2e92110e8e170d" ON "part_reservation"  ("ticket_id", "created_at") `);
    await q.query(`CREATE TABLE "stock_movement" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seq" BIGSERIAL NOT NULL, "stock_level_id" uuid NOT NULL, "part_id" uuid NOT NULL, "location_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "quantity" integer NOT NULL, "on_hand_after" integer NOT NULL, "reserved_after" integer NOT NULL, "ticket_id" uuid, "reservation_id" uuid, "reference" character varying(200), "note" text, "actor" character varying(200), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_48f4227304a630dae158e876f0" CHECK ("on_hand_after" >= 0 AND "reserved_after" >= 0 AND "reserved_after" <= "on_hand_after"), CONSTRAINT "CHK_a8a94d25c332e8c913c07581f8" CHECK ("quantity" <> 0), CONSTRAINT "PK_9fe1232f916686ae8cf00294749" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_5debcc5f9d870e266a9af9b424" ON "stock_movement"  ("seq") `);
    await q.query(`CREATE INDEX "IDX_4aaf98243774cef8aa20f55729" ON "stock_movement"  ("created_at") `);
    await q.query(`CREATE INDEX "IDX_e5ae6cc9500f71c5b08504cb89" ON "stock_movement"  ("ticket_id") `);
    await q.query(`CREATE INDEX "IDX_29541ca4dd86385499c6619344" ON "stock_movement"  ("location_id", "seq") `);
    await q.query(`CREATE INDEX "IDX_cefd5eaa49d9778aff0eca0834" ON "stock_movement"  ("part_id", "seq") `);
    await q.query(`CREATE INDEX "IDX_3c7037fad82faf430436de9bf3" ON "stock_movement"  ("stock_level_id", "seq") `);
    await q.query(`ALTER TABLE "stock_level" ADD CONSTRAINT "FK_01f197fc956e649bbfc4c8ba662" FOREIGN KEY ("part_id") REFERENCES "part"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "stock_level" ADD CONSTRAINT "FK_ba5ec2d0b4110a8f0323a221148" FOREIGN KEY ("location_id") REFERENCES "stock_location"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "part_reservation" ADD CONSTRAINT "FK_4fd7775ae4d9a3a20e8ff51e89e" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "part_reservation" ADD CONSTRAINT "FK_d366d547e61957766e16f811f2f" FOREIGN KEY ("part_id") REFERENCES "part"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "part_reservation" ADD CONSTRAINT "FK_70c96c2eda1b976709da0d6ce26" FOREIGN KEY ("location_id") REFERENCES "stock_location"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "part_reservation" ADD CONSTRAINT "FK_08afbf705d1a8fdba41c3da9ceb" FOREIGN KEY ("stock_level_id") REFERENCES "stock_level"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "stock_movement" ADD CONSTRAINT "FK_f2f311a48e603e7f7d5ee717bad" FOREIGN KEY ("stock_level_id") REFERENCES "stock_level"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "stock_movement" ADD CONSTRAINT "FK_d6bf199a063ef22296c9ae5ecc8" FOREIGN KEY ("part_id") REFERENCES "part"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "stock_movement" ADD CONSTRAINT "FK_6f840e8e32d559958687b94f709" FOREIGN KEY ("location_id") REFERENCES "stock_location"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "stock_movement" ADD CONSTRAINT "FK_e5ae6cc9500f71c5b08504cb89b" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "stock_movement" ADD CONSTRAINT "FK_e2a65e32bf7c8e8491d77d29908" FOREIGN KEY ("reservation_id") REFERENCES "part_reservation"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "stock_movement" DROP CONSTRAINT "FK_e2a65e32bf7c8e8491d77d29908"`);
    await q.query(`ALTER TABLE "stock_movement" DROP CONSTRAINT "FK_e5ae6cc9500f71c5b08504cb89b"`);
    await q.query(`ALTER TABLE "stock_movement" DROP CONSTRAINT "FK_6f840e8e32d559958687b94f709"`);
    await q.query(`ALTER TABLE "stock_movement" DROP CONSTRAINT "FK_d6bf199a063ef22296c9ae5ecc8"`);
    await q.query(`ALTER TABLE "stock_movement" DROP CONSTRAINT "FK_f2f311a48e603e7f7d5ee717bad"`);
    await q.query(`ALTER TABLE "part_reservation" DROP CONSTRAINT "FK_08afbf705d1a8fdba41c3da9ceb"`);
    await q.query(`ALTER TABLE "part_reservation" DROP CONSTRAINT "FK_70c96c2eda1b976709da0d6ce26"`);
    await q.query(`ALTER TABLE "part_reservation" DROP CONSTRAINT "FK_d366d547e61957766e16f811f2f"`);
    await q.query(`ALTER TABLE "part_reservation" DROP CONSTRAINT "FK_4fd7775ae4d9a3a20e8ff51e89e"`);
    await q.query(`ALTER TABLE "stock_level" DROP CONSTRAINT "FK_ba5ec2d0b4110a8f0323a221148"`);
    await q.query(`ALTER TABLE "stock_level" DROP CONSTRAINT "FK_01f197fc956e649bbfc4c8ba662"`);
    await q.query(`DROP INDEX "public"."IDX_3c7037fad82faf430436de9bf3"`);
    await q.query(`DROP INDEX "public"."IDX_cefd5eaa49d9778aff0eca0834"`);
    await q.query(`DROP INDEX "public"."IDX_29541ca4dd86385499c6619344"`);
    await q.query(`DROP INDEX "public"."IDX_e5ae6cc9500f71c5b08504cb89"`);
    await q.query(`DROP INDEX "public"."IDX_4aaf98243774cef8aa20f55729"`);
    await q.query(`DROP INDEX "public"."IDX_5debcc5f9d870e266a9af9b424"`);
    await q.query(`DROP TABLE "stock_movement"`);
    await q.query(`DROP INDEX "public"."IDX_ccbb266b17ab2e92110e8e170d"`);
    await q.query(`DROP INDEX "public"."IDX_1b50873aeb71efc6475d6fcf7b"`);
    await q.query(`DROP TABLE "part_reservation"`);
    await q.query(`DROP INDEX "public"."IDX_d050947ae2cef20a43b5696043"`);
    await q.query(`DROP INDEX "public"."IDX_ba5ec2d0b4110a8f0323a22114"`);
    await q.query(`DROP TABLE "stock_level"`);
    await q.query(`DROP INDEX "public"."IDX_eb4dd13579b6026ed0449f7a24"`);
    await q.query(`DROP TABLE "stock_location"`);
    await q.query(`DROP INDEX "public"."IDX_ac4265e9c4ebcc156515fb6b3d"`);
    await q.query(`DROP TABLE "part"`);
  }
}
