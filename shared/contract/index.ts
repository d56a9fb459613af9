/**
 * The HTTP API's contract (CONTRACT.md §3), one module: for every route of the route table (routes.ts), what it
 * accepts (path parameters, query, body: requests.ts) and what it answers (answers/*.ts), as zod schemas. The router
 * checks every answer against it in tests (functions/api/answer-check.ts), `GET /openapi.json` is generated from it
 * (openapi.ts), and the console and the CLI `import type` their shapes from it (docs/architecture.md).
 */
import type * as z from 'zod';
import { errorAnswer } from './common';
import { ROUTE_CONTRACTS, type RouteContract } from './table';
import { API_ROUTES, type AnyRoute, PUBLIC_ROUTES } from './routes';

export type { AnyRoute } from './routes';
export { ROUTE_CONTRACTS } from './table';

/** Every route, the public ones last. */
export const ALL_ROUTES: readonly AnyRoute[] = [...API_ROUTES, ...PUBLIC_ROUTES];

/** What the answer of a route with a JSON body is, for the status it answers. */
export type AnswerOf<R extends AnyRoute, S extends keyof (typeof ROUTE_CONTRACTS)[R]['answers']>
  = (typeof ROUTE_CONTRACTS)[R]['answers'][S] extends (() => infer T) ? (T extends z.ZodType ? z.output<T> : never) : never;

const mediaType = (contentType: string) => contentType.split(';')[0]?.trim().toLowerCase() ?? '';

function problemOf(schema: z.ZodType, body: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return 'the body is not JSON';
  }
  const result = schema.safeParse(value);
  if (result.success) return null;
  return result.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
}

/**
 * How an answer breaks its route's contract, or null when it keeps it: an error status answers the error shape; a
 * JSON answer matches the schema declared for its status; any other answer is one of the route's declared files.
 */
export function checkAnswer(route: AnyRoute, status: number, contentType: string, body: string): string | null {
  const contract: RouteContract = ROUTE_CONTRACTS[route];
  const media = mediaType(contentType);
  if (status >= 400) return media === 'application/json' ? problemOf(errorAnswer(), body) : `an error answered ${media}, not JSON`;
  if (media === 'application/json') {
    const schema = (contract.answers as Partial<Record<number, () => z.ZodType>>)[status];
    return schema === undefined ? `status ${status} is not one it answers with JSON` : problemOf(schema(), body);
  }
  const files: readonly string[] = contract.files ?? [];
  return status === 200 && files.includes(media) ? null : `${status} ${media || 'without a content type'} is not an answer it declares`;
}
