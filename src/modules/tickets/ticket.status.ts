import { TicketStatus as S } from '../common/enums';

/** The ticket status machine: the only moves there are. */
export const TRANSITIONS: Record<S, readonly S[]> = {
  [S.NEW]: [S.OPEN, S.PENDING, S.ON_HOLD, S.RESOLVED],
  [S.OPEN]: [S.PENDING, S.ON_HOLD, S.RESOLVED],
  [S.PENDING]: [S.OPEN, S.RESOLVED],
  [S.ON_HOLD]: [S.OPEN, S.RESOLVED],
  [S.RESOLVED]: [S.OPEN, S.CLOSED],
  [S.CLOSED]: [],
};

export const canMove = (from: S, to: S) => TRANSITIONS[from].includes(to);
