/**
 * Every answer against the contract (shared/contract): where the check is on (AWARDS_CHECK_ANSWERS=1, as in every
 * test), a JSON answer whose body does not match its route's declared schema for its status is a 500 naming what
 * differs, so a route cannot drift from the contract unnoticed. Off in AWS: the check costs a parse per answer.
 */
import { appendFileSync } from 'node:fs';
import { type AnyRoute, checkAnswer } from '../../shared/contract';
import type { Response } from './http';

export const answersChecked = (): boolean => process.env.AWARDS_CHECK_ANSWERS === '1';

/** The answer, or a 500 saying how it breaks the contract. */
export function checkedAnswer(route: AnyRoute, response: Response, check: boolean): Response {
  const record = process.env.AWARDS_RECORD_ANSWERS;
  if (record !== undefined && record !== '') appendFileSync(record, `${JSON.stringify({ route, status: response.statusCode, headers: response.headers, body: response.body })}\n`);
  if (!check) return response;
  const problem = checkAnswer(route, response.statusCode ?? 200, String(response.headers?.['content-type'] ?? ''), response.body ?? '');
  if (problem === null) return response;
  return {
    statusCode: 500,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ error: { code: 'INTERNAL', message: `the answer of ${route} breaks the contract: ${problem}` } }),
  };
}
