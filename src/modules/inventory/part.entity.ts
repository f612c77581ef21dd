import { Field, Int, ObjectType } from 'type-graphql';
import { Check, Column, Entity, Index, PrimaryGeneratedColumn, type ValueTransformer } from 'typeorm';
import { toGlobalId } from '../../graphql/ids';
import { Node } from '../../graphql/node';
import { DecimalScalar } from '../../graphql/scalars';
import { Timestamped } from '../common/timestamps';

/** numeric comes back from pg as a string ("12.5000"); show it with at least two decimals ("12.50"). */
export const decimalTransformer: ValueTransformer = {
  to: (v: unknown) => v,
  from: (v: unknown) => (typeof v === 'string' ? formatDecimal(v) : v),
};

export function formatDecimal(v: string): string {
  const m = /^(-?\d+)(?:\.(\d*))?$/.exec(v);
  if (!m) return v;
  let frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length < 2) frac = frac.padEnd(2, '0');
  return `${m[1]}.${frac}`;
}

@ObjectType({ implements: Node, description: 'A repair part in the catalogue' })
@Entity()
@Check(`"unit_cost" >= 0`)
@Check(`"lead_time_days" IS NULL OR ("lead_time_days" >= 0 AND "lead_time_days" <= 3650)`)
export class Part extends Timestamped implements Node {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  get nodeId(): string {
    return toGlobalId('Part', this.id);
  }

  @Field({ description: 'Stock-keeping unit, unique, upper case (e.g. "PMP-DW-1043")' })
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 40 })
  sku!: string;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Field(() => DecimalScalar, { description: 'What one unit costs us' })
  @Column({ type: 'numeric', precision: 14, scale: 4, transformer: decimalTransformer })
  unitCost!: string;

  @Field(() => Int, { nullable: true, description: 'Days from ordering to delivery' })
  @Column({ type: 'int', nullable: true })
  leadTimeDays!: number | null;
}
