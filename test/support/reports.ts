/**
 * What the awards' own states say the accounts hold, for comparing with the budget-execution report (which is built
 * from the ledger's entries): two roads to one figure, so a test of the report is not the report's own arithmetic.
 */
import type { Award } from '../../shared/domain/awards';
import type { Positions } from '../../shared/domain/execution';
import { RESERVED_STATUSES } from '../../shared/domain/lifecycle';

export function positionsOfAwards(awards: readonly Award[]): Positions {
  const p = { reservedFen: 0, inTransitFen: 0, disbursedFen: 0, receivableFen: 0 };
  for (const a of awards) {
    const amount = a.amountFen ?? 0;
    // An objection keeps the approved award's reservation while it is decided (issue 21); other holds release it.
    if (RESERVED_STATUSES.has(a.status) || (a.status === 'ON_HOLD' && a.hold?.reason === 'OBJECTION')) p.reservedFen += amount;
    else if (a.status === 'PAYING') p.inTransitFen += amount;
    else if (a.status === 'DISBURSED') p.disbursedFen += amount;
    else if (a.status === 'CLAWBACK_DUE') p.receivableFen += amount - a.repaidFen;
  }
  return p;
}
