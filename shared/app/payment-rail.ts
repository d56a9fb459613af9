/**
 * The payment rail port. Finance's real rail (a bank or treasury interface) is behind this interface; here a
 * simulated rail confirms every payment. Payment is idempotent by instruction id: the same instruction sent twice
 * is one payment with one payment id.
 */
import { createHash } from 'node:crypto';

export interface PaymentInstruction {
  /** One per award: the award id. */
  readonly instructionId: string;
  readonly amountFen: number;
  /** The recipient by id: a credit code or a person's keyed id (the rail is replaced by payee accounts in issue 12). */
  readonly payee: { readonly recipientId: string; readonly name: string };
  readonly payer: string;
}

export interface PaymentRail {
  pay(instruction: PaymentInstruction): Promise<{ paymentId: string }>;
}

export class PaymentRejectedError extends Error {
  override name = 'PaymentRejectedError';
}

/**
 * Confirms each payment with an id derived from the instruction, so a repeat returns the same id without any state.
 * `failures` lets tests make the rail fail the first n attempts of an instruction.
 */
export class SimulatedPaymentRail implements PaymentRail {
  private readonly attempts = new Map<string, number>();

  constructor(private readonly failures: (instruction: PaymentInstruction, attempt: number) => boolean = () => false) {}

  async pay(instruction: PaymentInstruction): Promise<{ paymentId: string }> {
    const attempt = (this.attempts.get(instruction.instructionId) ?? 0) + 1;
    this.attempts.set(instruction.instructionId, attempt);
    if (this.failures(instruction, attempt)) {
      throw new PaymentRejectedError(`simulated rail refused ${instruction.instructionId} (attempt ${attempt})`);
    }
    const digest = createHash('sha256').update(instruction.instructionId).digest('hex').slice(0, 20);
    return { paymentId: `sim-${digest}` };
  }
}
