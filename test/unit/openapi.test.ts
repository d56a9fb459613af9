import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { ALL_ROUTES, ROUTE_CONTRACTS, checkAnswer } from '../../shared/contract';
import { openApiDocument, openApiText } from '../../shared/contract/openapi';
import { createRouter } from '../../functions/api/app';
import { type OffContract, answerCheckMode, checkedAnswer } from '../../functions/api/answer-check';

type Operation = {
  parameters: Array<{ name: string; in: string }>;
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
};

const doc = openApiDocument() as { paths: Record<string, Record<string, Operation>> };
const operationOf = (route: string): Operation | undefined => {
  const [method = '', path = ''] = route.split(' ');
  return doc.paths[path]?.[method.toLowerCase()];
};

describe('the OpenAPI 3.1 document (GET /openapi.json)', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('has every route of the route table, with its path parameters, query, body and answers', () => {
    expect(ALL_ROUTES.length).toBeGreaterThan(40);
    for (const route of ALL_ROUTES) {
      const op = operationOf(route);
      expect(op, route).toBeDefined();
      if (op === undefined) continue;
      const contract = ROUTE_CONTRACTS[route];
      const inPath = [...route.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(op.parameters.filter((p) => p.in === 'path').map((p) => p.name), route).toEqual(inPath);
      if ('query' in contract) expect(op.parameters.filter((p) => p.in === 'query').length, route).toBeGreaterThan(0);
      if ('body' in contract) expect(op.requestBody?.content['application/json']?.schema, route).toBeDefined();
      for (const status of Object.keys(contract.answers)) {
        const schema = op.responses[status]?.content?.['application/json']?.schema;
        // An answer is declared, not "anything": a schema with a type or a choice of shapes.
        expect(schema, `${route} ${status}`).toBeDefined();
        const declared = Object.keys(schema ?? {}).some((k) => ['type', 'anyOf', 'oneOf', 'allOf', '$ref'].includes(k));
        expect(declared, `${route} ${status} declares its shape`).toBe(true);
      }
      if ('files' in contract) for (const type of contract.files) expect(op.responses['200']?.content?.[type], `${route} ${type}`).toBeDefined();
      expect(op.responses['4XX'], route).toBeDefined();
    }
    expect(Object.values(doc.paths).flatMap((p) => Object.keys(p)).length).toBe(ALL_ROUTES.length);
  });

  it('is docs/openapi.json, as `npm run schemas` writes it (run it after changing the contract)', () => {
    expect(readFileSync(join(import.meta.dirname, '../../docs/openapi.json'), 'utf8')).toBe(openApiText());
  });

  it('is served by the API to anyone, and keeps its own contract', async () => {
    // The public routes touch none of the router's dependencies: any property read answers a function that does nothing.
    const nothing: unknown = new Proxy(() => nothing, { get: () => nothing, apply: () => nothing });
    const route = createRouter(nothing as Parameters<typeof createRouter>[0]);
    const event = { routeKey: 'GET /openapi.json', requestContext: { requestId: 'r1', authorizer: undefined }, headers: {} };
    const answer = await route(event as unknown as Parameters<typeof route>[0]);
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(String(answer.body))).toEqual(doc);
    expect(checkAnswer('GET /openapi.json', 200, 'application/json; charset=utf-8', String(answer.body))).toBeNull();
  });
});

describe('checkAnswer (the router\'s check of every answer in tests)', () => {
  it('takes an answer that keeps the contract and names how one breaks it', () => {
    expect(checkAnswer('GET /health', 200, 'application/json', '{"status":"ok"}')).toBeNull();
    expect(checkAnswer('GET /health', 200, 'application/json', '{"status":"ok","extra":1}')).toMatch(/extra/);
    expect(checkAnswer('GET /health', 201, 'application/json', '{"status":"ok"}')).toMatch(/status 201/);
    expect(checkAnswer('GET /health', 404, 'application/json', '{"error":{"code":"NOT_FOUND","message":"x"}}')).toBeNull();
    expect(checkAnswer('GET /health', 500, 'application/json', '{"error":"x"}')).not.toBeNull();
    expect(checkAnswer('GET /health', 200, 'text/csv', 'a,b')).toMatch(/not an answer it declares/);
    expect(checkAnswer('GET /ledger', 200, 'text/csv; charset=utf-8', 'a,b')).toBeNull();
    expect(checkAnswer('GET /payment-batches/{batchId}/file', 200, 'application/xml; charset=utf-8', '<x/>')).toBeNull();
  });
});

describe('the router\'s answer check', () => {
  const json = { 'content-type': 'application/json; charset=utf-8' };
  const unexpected: OffContract = (found) => {
    throw new Error(`not observed where enforced: ${JSON.stringify(found)}`);
  };

  it('is enforced in every test run, and turns an answer that breaks the contract into a 500 naming the field', () => {
    expect(answerCheckMode()).toBe('enforce');
    const kept = { statusCode: 200, headers: json, body: '{"status":"ok"}' };
    expect(checkedAnswer('GET /health', kept, 'enforce', unexpected)).toBe(kept);
    const broken = checkedAnswer('GET /health', { statusCode: 200, headers: json, body: '{"status":"fine"}' }, 'enforce', unexpected);
    expect(broken.statusCode).toBe(500);
    expect(JSON.parse(String(broken.body))).toEqual({ error: { code: 'INTERNAL', message: expect.stringMatching(/GET \/health breaks the contract: status: /) } });
  });

  it('observed (as in AWS), lets the answer out as the route made it, and reports what differs, never the body (attack review of issue 23, L1)', () => {
    const found: Parameters<OffContract>[0][] = [];
    const answer = { statusCode: 200, headers: json, body: '{"status":"fine"}' };
    expect(checkedAnswer('GET /health', answer, 'observe', (f) => found.push(f))).toBe(answer);
    expect(found).toEqual([{ route: 'GET /health', status: 200, problem: expect.stringMatching(/^status: /) }]);
    const fine = { statusCode: 200, headers: json, body: '{"status":"ok"}' };
    expect(checkedAnswer('GET /health', fine, 'observe', (f) => found.push(f))).toBe(fine);
    expect(found).toHaveLength(1);
  });
});
