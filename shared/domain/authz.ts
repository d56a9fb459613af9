/**
 * Authorization as a pure function of (principal, action, target): roles are JWT groups (CONTRACT.md §2):
 * `approver:<j>`, `officer:<j>`, `budget-admin:<j>`, `auditor`. A person acts only within the jurisdictions their
 * groups name; auditors read everything and change nothing.
 */
export interface Principal {
  readonly user: string;
  readonly groups: readonly string[];
}

export type Role = 'approver' | 'officer' | 'budget-admin';

export type Action
  = | { readonly kind: 'read-award'; readonly jurisdiction: string }
    | {
      readonly kind: 'decide';
      readonly jurisdiction: string;
      readonly amountSetBy: string | null;
      readonly approvedBy: readonly string[];
      /** Who released the award's hold, if it was held: they do not then approve it themselves. */
      readonly releasedBy: string | null;
    }
    | { readonly kind: 'set-amount'; readonly jurisdiction: string }
    | { readonly kind: 'record-repayment'; readonly jurisdiction: string }
    /** Version 3: release an award on hold (the decider adds: not by the officer who placed it). */
    | { readonly kind: 'release-hold'; readonly jurisdiction: string }
    // Version 3 (issue 21): an officer's hold, objections, the credit list.
    | { readonly kind: 'hold'; readonly jurisdiction: string }
    | { readonly kind: 'object'; readonly jurisdiction: string }
    | { readonly kind: 'import-credit-list' }
    | { readonly kind: 'read-credit-list' }
    | { readonly kind: 'read-ledger' }
    // Version 3 (issue 22): budget execution and the overdue list of a jurisdiction.
    | { readonly kind: 'read-reports'; readonly jurisdiction: string }
    | { readonly kind: 'read-budget'; readonly jurisdiction: string }
    | { readonly kind: 'set-budget'; readonly jurisdiction: string }
    | { readonly kind: 'read-rejections' }
    | { readonly kind: 'read-revocations' }
    | { readonly kind: 'read-policies' }
    // Version 2, payments (CONTRACT §3).
    | { readonly kind: 'read-payee'; readonly jurisdiction: string }
    | { readonly kind: 'run-payments'; readonly jurisdiction: string }
    | { readonly kind: 'read-payment-file'; readonly jurisdiction: string }
    | { readonly kind: 'import-bank-file' }
    /** A bank file's progress (GET /bank-files/{messageId}): files name awards of any jurisdiction, as imports do. */
    | { readonly kind: 'read-bank-file' }
    /** Exceptions of a jurisdiction, or (null) those that matched no award. */
    | { readonly kind: 'read-exceptions'; readonly jurisdiction: string | null }
    | { readonly kind: 'resolve-exception'; readonly jurisdiction: string | null }
    // Version 2, what-if: run over some jurisdictions (null: all of them), read one that `startedBy` ran.
    | { readonly kind: 'run-simulation'; readonly jurisdictions: readonly string[] | null }
    | { readonly kind: 'read-simulation'; readonly startedBy: string };

export type Authorization = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const ALLOW: Authorization = { ok: true };
const deny = (reason: string): Authorization => ({ ok: false, reason });

export function hasRole(principal: Principal, role: Role, jurisdiction: string): boolean {
  return principal.groups.includes(`${role}:${jurisdiction}`);
}

/**
 * Who sees a person's identity number whole: an officer of the jurisdiction that pays them (CONTRACT §1), who needs
 * it to pay; everyone else (approvers, auditors, officers elsewhere) sees it masked.
 */
export function seesIdNumbers(principal: Principal, jurisdiction: string): boolean {
  return hasRole(principal, 'officer', jurisdiction);
}

/** Who sees a payee's account number whole: an officer of its jurisdiction, who pays it (CONTRACT §3). */
export function seesAccountNumbers(principal: Principal, jurisdiction: string): boolean {
  return hasRole(principal, 'officer', jurisdiction);
}

export function isAuditor(principal: Principal): boolean {
  return principal.groups.includes('auditor');
}

/** The jurisdictions a principal is an officer of. */
export function officerJurisdictions(principal: Principal): string[] {
  return principal.groups.flatMap((g) => /^officer:(\d{6})$/.exec(g)?.[1] ?? []);
}

/** An officer of `jurisdiction`, or of any jurisdiction when it is null (an exception that matched no award). */
const officerOf = (principal: Principal, jurisdiction: string | null) =>
  jurisdiction === null ? officerJurisdictions(principal).length > 0 : hasRole(principal, 'officer', jurisdiction);

/** The jurisdictions whose awards a principal may read: all for an auditor, else those of their roles. */
export function readableJurisdictions(principal: Principal): 'all' | string[] {
  if (isAuditor(principal)) return 'all';
  const jurisdictions = principal.groups
    .map((g) => /^(approver|officer):(\d{6})$/.exec(g)?.[2])
    .filter((j): j is string => j !== undefined);
  return [...new Set(jurisdictions)].sort();
}

export function authorize(principal: Principal, action: Action): Authorization {
  if (principal.user.length === 0) return deny('no user');
  switch (action.kind) {
    case 'read-award':
      return isAuditor(principal) || hasRole(principal, 'approver', action.jurisdiction) || hasRole(principal, 'officer', action.jurisdiction)
        ? ALLOW
        : deny(`reading awards of ${action.jurisdiction} needs approver:${action.jurisdiction}, officer:${action.jurisdiction} or auditor`);
    case 'decide':
      if (!hasRole(principal, 'approver', action.jurisdiction)) {
        return deny(`deciding awards of ${action.jurisdiction} needs approver:${action.jurisdiction}`);
      }
      if (action.amountSetBy === principal.user) return deny('you set the amount of this award; another approver must decide it');
      if (action.releasedBy === principal.user) return deny('you released this award\'s hold; another approver must decide it');
      if (action.approvedBy.includes(principal.user)) return deny('you already approved this award; dual control needs a different approver');
      return ALLOW;
    case 'set-amount':
      return hasRole(principal, 'officer', action.jurisdiction) ? ALLOW : deny(`setting amounts in ${action.jurisdiction} needs officer:${action.jurisdiction}`);
    case 'record-repayment':
      return hasRole(principal, 'officer', action.jurisdiction)
        ? ALLOW
        : deny(`recording repayments in ${action.jurisdiction} needs officer:${action.jurisdiction}`);
    case 'release-hold':
      return hasRole(principal, 'officer', action.jurisdiction) ? ALLOW : deny(`releasing a hold in ${action.jurisdiction} needs officer:${action.jurisdiction}`);
    case 'hold':
      return hasRole(principal, 'officer', action.jurisdiction) ? ALLOW : deny(`holding an award of ${action.jurisdiction} needs officer:${action.jurisdiction}`);
    case 'object':
      return hasRole(principal, 'officer', action.jurisdiction) ? ALLOW : deny(`recording or deciding objections in ${action.jurisdiction} needs officer:${action.jurisdiction}`);
    case 'import-credit-list':
      return officerJurisdictions(principal).length > 0 ? ALLOW : deny('importing credit-list entries needs an officer group');
    case 'read-credit-list':
      return isAuditor(principal) || officerJurisdictions(principal).length > 0 ? ALLOW : deny('reading the credit list needs an officer group or auditor');
    case 'read-ledger':
      return isAuditor(principal) ? ALLOW : deny('reading the ledger needs auditor');
    case 'read-reports':
      return isAuditor(principal) || (['approver', 'officer', 'budget-admin'] as const).some((r) => hasRole(principal, r, action.jurisdiction))
        ? ALLOW
        : deny(`the reports of ${action.jurisdiction} need approver:${action.jurisdiction}, officer:${action.jurisdiction}, budget-admin:${action.jurisdiction} or auditor`);
    case 'read-budget':
      return isAuditor(principal) || hasRole(principal, 'approver', action.jurisdiction) || hasRole(principal, 'budget-admin', action.jurisdiction)
        ? ALLOW
        : deny(`reading the budget of ${action.jurisdiction} needs approver:${action.jurisdiction}, budget-admin:${action.jurisdiction} or auditor`);
    case 'set-budget':
      return hasRole(principal, 'budget-admin', action.jurisdiction)
        ? ALLOW
        : deny(`setting the budget of ${action.jurisdiction} needs budget-admin:${action.jurisdiction}`);
    case 'read-rejections':
      return isAuditor(principal) ? ALLOW : deny('reading quarantined events needs auditor');
    case 'read-revocations':
      return isAuditor(principal) ? ALLOW : deny('reading revocations needs auditor');
    case 'read-policies':
      return ALLOW;
    case 'run-simulation':
      return authorizeSimulation(principal, action.jurisdictions);
    case 'read-simulation':
      return isAuditor(principal) || principal.user === action.startedBy ? ALLOW : deny('a simulation is read by whoever started it, or an auditor');
    default:
      return authorizePayments(principal, action);
  }
}

/** The jurisdictions a principal may simulate over: those where they approve, pay or hold the budget. */
export function simulationJurisdictions(principal: Principal): string[] {
  const jurisdictions = principal.groups.map((g) => /^(approver|officer|budget-admin):(\d{6})$/.exec(g)?.[2]).filter((j): j is string => j !== undefined);
  return [...new Set(jurisdictions)].sort();
}

/** Finance simulates within its own jurisdictions; an auditor anywhere (a what-if writes nothing to the ledger). */
function authorizeSimulation(principal: Principal, jurisdictions: readonly string[] | null): Authorization {
  if (isAuditor(principal)) return ALLOW;
  if (jurisdictions === null) return deny('simulating every jurisdiction needs auditor');
  const own = simulationJurisdictions(principal);
  const foreign = jurisdictions.filter((j) => !own.includes(j));
  if (jurisdictions.length === 0 || foreign.length > 0) {
    return deny(`simulating ${foreign.join(', ') || 'no jurisdiction'} needs approver, officer or budget-admin of it, or auditor`);
  }
  return ALLOW;
}

/** The payment actions of version 2 (ADR 010): officers act; approvers and auditors read what they must. */
type PaymentAction = Extract<Action, { kind: 'read-payee' | 'run-payments' | 'read-payment-file' | 'import-bank-file' | 'read-bank-file' | 'read-exceptions' | 'resolve-exception' }>;

function authorizePayments(principal: Principal, action: PaymentAction): Authorization {
  switch (action.kind) {
    case 'read-payee':
      return isAuditor(principal) || hasRole(principal, 'officer', action.jurisdiction) || hasRole(principal, 'approver', action.jurisdiction)
        ? ALLOW
        : deny(`reading payees of ${action.jurisdiction} needs officer:${action.jurisdiction}, approver:${action.jurisdiction} or auditor`);
    case 'run-payments':
      return hasRole(principal, 'officer', action.jurisdiction) ? ALLOW : deny(`running payments of ${action.jurisdiction} needs officer:${action.jurisdiction}`);
    case 'read-payment-file':
      return isAuditor(principal) || hasRole(principal, 'officer', action.jurisdiction)
        ? ALLOW
        : deny(`payment files of ${action.jurisdiction} are for officer:${action.jurisdiction} and auditors`);
    case 'import-bank-file':
      return officerJurisdictions(principal).length > 0 ? ALLOW : deny('importing bank files needs an officer group');
    case 'read-bank-file':
      return officerJurisdictions(principal).length > 0 || isAuditor(principal) ? ALLOW : deny('reading a bank file\'s progress needs an officer group or auditor');
    case 'read-exceptions':
      return isAuditor(principal) || officerOf(principal, action.jurisdiction)
        ? ALLOW
        : deny(`reading exceptions of ${action.jurisdiction ?? 'no jurisdiction'} needs an officer of it or auditor`);
    case 'resolve-exception':
      return officerOf(principal, action.jurisdiction) ? ALLOW : deny(`resolving exceptions of ${action.jurisdiction ?? 'no jurisdiction'} needs an officer of it`);
    default: {
      const unreachable: never = action;
      return deny(`unknown action ${JSON.stringify(unreachable)}`);
    }
  }
}
