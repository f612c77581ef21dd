import { Field, ID, InterfaceType } from 'type-graphql';

/** Every entity type implements Node; `node(id)` resolves any of them. */
@InterfaceType({
  resolveType: (value: object) => value.constructor.name,
})
export abstract class Node {
  @Field(() => ID, { name: 'id', description: 'Opaque global id' })
  nodeId!: string;
}
