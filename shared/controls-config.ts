/**
 * The controls' configuration as a function reads it from its environment (issue 21). In AWS the stack sets
 * AWARDS_CONTROLS to the JSON of its configuration (infra/topology.ts: 5 working days of publicity for 130000, 130100
 * and 350000, no cap, time limits of 5 and 3 working days). On this machine publicity is off unless AWARDS_PUBLICITY_WORKING_DAYS sets it for all three,
 * and the cap unless AWARDS_RECIPIENT_ANNUAL_CAP_FEN does.
 */
import { type ControlsConfig, ControlsConfigError, type JurisdictionControls, checkControls } from './domain/controls';

const JURISDICTIONS = ['130000', '130100', '350000'] as const;

/**
 * The time limits of the stack's configuration (infra/topology.ts), and of this machine unless AWARDS_APPROVAL_WORKING_DAYS
 * or AWARDS_PAYMENT_WORKING_DAYS set them: approval within 5 working days of recording, payment within 3 of the award
 * becoming payable (ADR 017).
 */
export const STACK_TIME_LIMITS = { approvalWorkingDays: 5, paymentWorkingDays: 3 } as const;

function wholeNumber(name: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new ControlsConfigError(`${name}=${value} is not a whole number`);
  return n;
}

export function controlsFromEnv(env: NodeJS.ProcessEnv = process.env): ControlsConfig {
  const json = env.AWARDS_CONTROLS;
  if (json !== undefined && json !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (cause) {
      throw new ControlsConfigError('AWARDS_CONTROLS is not JSON', { cause });
    }
    const byJurisdiction = parsed as Record<string, Partial<JurisdictionControls>>;
    const full = (c: Partial<JurisdictionControls>): JurisdictionControls => ({
      publicityWorkingDays: c.publicityWorkingDays ?? 0, recipientAnnualCapFen: c.recipientAnnualCapFen ?? null, objectionsTo: c.objectionsTo ?? null,
      approvalWorkingDays: c.approvalWorkingDays ?? 0, paymentWorkingDays: c.paymentWorkingDays ?? 0,
    });
    return checkControls({ byJurisdiction: Object.fromEntries(Object.entries(byJurisdiction).map(([j, c]) => [j, full(c)])) });
  }
  const days = env.AWARDS_PUBLICITY_WORKING_DAYS;
  const cap = env.AWARDS_RECIPIENT_ANNUAL_CAP_FEN;
  const limit = (name: string, fallback: number) => {
    const value = env[name];
    return value === undefined || value === '' ? fallback : wholeNumber(name, value);
  };
  const controls: JurisdictionControls = {
    publicityWorkingDays: days === undefined || days === '' ? 0 : wholeNumber('AWARDS_PUBLICITY_WORKING_DAYS', days),
    recipientAnnualCapFen: cap === undefined || cap === '' ? null : wholeNumber('AWARDS_RECIPIENT_ANNUAL_CAP_FEN', cap),
    objectionsTo: null,
    // The time limits are the stack's unless set (they change no money, only what is reported overdue).
    approvalWorkingDays: limit('AWARDS_APPROVAL_WORKING_DAYS', STACK_TIME_LIMITS.approvalWorkingDays),
    paymentWorkingDays: limit('AWARDS_PAYMENT_WORKING_DAYS', STACK_TIME_LIMITS.paymentWorkingDays),
  };
  return checkControls({ byJurisdiction: Object.fromEntries(JURISDICTIONS.map((j) => [j, controls])) });
}
