import { Field, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { toGlobalId } from '../../graphql/ids';
import { Node } from '../../graphql/node';
import { LocationKind } from './inventory.enums';

@ObjectType({ implements: Node, description: 'A place stock is kept: warehouse, depot or van' })
@Entity()
export class StockLocation implements Node {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  get nodeId(): string {
    return toGlobalId('StockLocation', this.id);
  }

  @Field({ description: 'Short unique code, upper case (e.g. "WH-NORTH", "VAN-07")' })
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 32 })
  code!: string;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Field(() => LocationKind)
  @Column({ type: 'varchar', length: 16 })
  kind!: LocationKind;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
