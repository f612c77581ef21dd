import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { toGlobalId } from '../../graphql/ids';
import { Node } from '../../graphql/node';
import { Role } from '../common/enums';
import { Created } from '../common/timestamps';

@ObjectType({ implements: Node, description: 'A member of staff' })
@Entity()
export class Agent extends Created implements Node {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  get nodeId(): string {
    return toGlobalId('Agent', this.id);
  }

  @Field()
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Field()
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Field(() => Role)
  @Column({ type: 'varchar', length: 16 })
  role!: Role;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 100, nullable: true })
  team!: string | null;

  @Field()
  @Column({ type: 'boolean', default: true })
  active!: boolean;
}
