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
    }
    | { readonly kind: 'set-amount'; readonly jurisdiction: string }
    | { readonly kind: 'record-repayment'; readonly jurisdiction: string }
    | { readonly kind: 'read-ledger' }
    | { readonly kind: 'read-budget'; readonly jurisdiction: string }
    | { readonly kind: 'set-budget'; readonly jurisdiction: string }
    | { readonly kind: 'read-rejections' }
    | { readonly kind: 'read-revocations' }
    | { readonly kind: 'read-policies' };

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

export function isAuditor(principal: Principal): boolean {
  return principal.groups.includes('auditor');
}

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
      if (action.approvedBy.includes(principal.user)) return deny('you already approved this award; dual control needs a different approver');
      return ALLOW;
    case 'set-amount':
      return hasRole(principal, 'officer', action.jurisdiction) ? ALLOW : deny(`setting amounts in ${action.jurisdiction} needs officer:${action.jurisdiction}`);
    case 'record-repayment':
      return hasRole(principal, 'officer', action.jurisdiction)
        ? ALLOW
        : deny(`recording repayments in ${action.jurisdiction} needs officer:${action.jurisdiction}`);
    case 'read-ledger':
      return isAuditor(principal) ? ALLOW : deny('reading the ledger needs auditor');
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
    default: {
      const unreachable: never = action;
      return deny(`unknown action ${JSON.stringify(unreachable)}`);
    }
  }
}
