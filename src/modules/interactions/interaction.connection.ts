import { connectionType } from '../../graphql/pagination';
import { Interaction } from './interaction.entity';

export const InteractionConnection = connectionType('Interaction', Interaction);
