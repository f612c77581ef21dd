import { Field, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, UpdateDateColumn } from 'typeorm';

/**
 * The bookkeeping columns entities share, declared once: `Created` for rows written once,
 * `Timestamped` for rows that change, `Versioned` for rows clients edit with `expectedVersion`.
 * (TypeORM makes no table of a base without @Entity; type-graphql emits no type nothing refers to.)
 */
@ObjectType()
export abstract class Created {
  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

@ObjectType()
export abstract class Timestamped extends Created {
  @Field()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/**
 * `version` starts at 1; every update sets it to the locked row's version + 1, after
 * lockVersioned (src/modules/common/versioned.ts) has checked the client's expectedVersion.
 */
@ObjectType()
export abstract class Versioned extends Timestamped {
  @Field(() => Int)
  @Column({ type: 'int', default: 1 })
  version!: number;
}
