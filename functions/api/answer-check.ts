/**
 * Every answer against the contract (shared/contract). Where the check is enforced (AWARDS_CHECK_ANSWERS=1, as in
 * every test), a JSON answer whose body does not match its route's declared schema for its status is a 500 naming
 * what differs, so a route cannot drift from the contract unnoticed. Elsewhere (AWS) it is observed: the answer goes
 * out as it is, a 500 on every page over one extra field being worse, but it is logged (route, status and what
 * differs, never the body) and counted (AnswersOffContract, alarmed), so drift is never silent (attack review of
 * issue 23, L1). The contract declares shapes; who sees a number whole is the views' rule (views.ts, redaction).
 */
import { appendFileSync } from 'node:fs';
import { type AnyRoute, checkAnswer } from '../../shared/contract';
import type { Response } from './http';
import { redactIdNumbers } from '../../shared/domain/person';

export type AnswerCheck = 'enforce' | 'observe';

export const answerCheckMode = (): AnswerCheck => (process.env.AWARDS_CHECK_ANSWERS === '1' ? 'enforce' : 'observe');

/** What an observed answer that breaks the contract is told to: the log and the metric. */
export type OffContract = (found: { route: AnyRoute; status: number; problem: string }) => void;

/** The answer; where the check is enforced, a 500 saying how it breaks the contract. */
export function checkedAnswer(route: AnyRoute, response: Response, mode: AnswerCheck, offContract: OffContract): Response {
  const record = process.env.AWARDS_RECORD_ANSWERS;
  if (record !== undefined && record !== '') appendFileSync(record, `${JSON.stringify({ route, status: response.statusCode, headers: response.headers, body: response.body })}\n`);
  const status = response.statusCode ?? 200;
  const problem = checkAnswer(route, status, String(response.headers?.['content-type'] ?? ''), response.body ?? '');
  if (problem === null) return response;
  if (mode === 'observe') {
    offContract({ route, status, problem: redactIdNumbers(problem) });
    return response;
  }
  return {
    statusCode: 500,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ error: { code: 'INTERNAL', message: `the answer of ${route} breaks the contract: ${problem}` } }),
  };
}
