import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { toGlobalId } from '../../graphql/ids';
import { Node } from '../../graphql/node';
import { Channel, CustomerTier } from '../common/enums';
import { ServiceLevel } from '../sla/service-level.entity';
import { Versioned } from '../common/timestamps';

@ObjectType({ implements: Node })
@Entity()
export class Customer extends Versioned implements Node {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  get nodeId(): string {
    return toGlobalId('Customer', this.id);
  }

  @Field()
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Field()
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 40, nullable: true })
  phone!: string | null;

  @Field(() => CustomerTier)
  @Column({ type: 'varchar', length: 16, default: CustomerTier.STANDARD })
  tier!: CustomerTier;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 200, nullable: true })
  organization!: string | null;

  @Field(() => Channel, { nullable: true })
  @Column({ type: 'varchar', length: 16, nullable: true })
  preferredChannel!: Channel | null;

  @Field(() => String, { nullable: true, description: 'BCP 47 language tag, e.g. "en" or "de-AT"' })
  @Column({ type: 'varchar', length: 35, nullable: true })
  language!: string | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  serviceLevelId!: string | null;

  @ManyToOne(() => ServiceLevel, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'service_level_id' })
  serviceLevelRef?: Relation<ServiceLevel>;
}
