/**
 * `GET /openapi.json`: the contract (table.ts) as an OpenAPI 3.1 document, built on first request from the same zod
 * schemas the router checks answers against (zod's JSON Schema, draft 2020-12, which OpenAPI 3.1 uses). Requests are
 * described as they are sent (zod's input side), answers as they arrive (its output side).
 */
import * as z from 'zod';
import { errorAnswer } from './common';
import { PATH_PARAMETERS } from './requests';
import { type AnyRoute, PUBLIC_ROUTES } from './routes';
import { ROUTE_CONTRACTS, type RouteContract, TAGS } from './table';

type Json = Record<string, unknown>;

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output'): Json => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;
  return rest;
};

const binary = { type: 'string', contentMediaType: 'application/octet-stream' };

function parameters(route: AnyRoute, contract: RouteContract): Json[] {
  const path = route.slice(route.indexOf(' ') + 1);
  const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as keyof typeof PATH_PARAMETERS);
  const found: Json[] = inPath.map((name) => ({ name, in: 'path', required: true, schema: jsonSchema(PATH_PARAMETERS[name](), 'input') }));
  if (contract.query === undefined) return found;
  const query = jsonSchema(contract.query(), 'input');
  const required = new Set((query.required as string[] | undefined) ?? []);
  for (const [name, schema] of Object.entries((query.properties ?? {}) as Record<string, Json>)) {
    found.push({ name, in: 'query', required: required.has(name), schema });
  }
  return found;
}

function answers(contract: RouteContract): Json {
  const out: Json = {};
  for (const [status, schema] of Object.entries(contract.answers as Record<string, () => z.ZodType>)) {
    out[status] = { description: status === '202' ? 'accepted: follow the `location` header' : 'the answer', content: { 'application/json': { schema: jsonSchema(schema(), 'output') } } };
  }
  if (contract.files !== undefined) {
    const files = Object.fromEntries(contract.files.map((type) => [type, { schema: binary }]));
    const ok = out['200'] as { content?: Json } | undefined;
    out['200'] = ok === undefined ? { description: 'the file', content: files } : { ...ok, content: { ...ok.content, ...files } };
  }
  out['4XX'] = { $ref: '#/components/responses/Error' };
  out['5XX'] = { $ref: '#/components/responses/Error' };
  return out;
}

function operation(route: AnyRoute): Json {
  const contract: RouteContract = ROUTE_CONTRACTS[route];
  const op: Json = {
    operationId: route.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, ''),
    summary: contract.summary,
    tags: [contract.tag],
    parameters: parameters(route, contract),
    responses: answers(contract),
  };
  if (contract.body !== undefined) op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(contract.body(), 'input') } } };
  if (contract.rawBody !== undefined) op.requestBody = { required: true, content: Object.fromEntries(contract.rawBody.map((type) => [type, { schema: { type: 'string' } }])) };
  if ((PUBLIC_ROUTES as readonly string[]).includes(route)) op.security = [];
  return op;
}

let built: Json | undefined;

/** The OpenAPI 3.1 document of the HTTP API (built once). */
export function openApiDocument(): Json {
  if (built !== undefined) return built;
  const paths: Record<string, Json> = {};
  for (const route of Object.keys(ROUTE_CONTRACTS) as AnyRoute[]) {
    const [method = '', path = ''] = route.split(' ');
    paths[path] = { ...paths[path], [method.toLowerCase()]: operation(route) };
  }
  built = {
    openapi: '3.1.0',
    info: {
      title: 'award-pipeline HTTP API',
      version: '3',
      summary: 'Quality-award policies turned into money paid correctly: awards, approval, controls, payment, ledger, reports.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    tags: TAGS.map((name) => ({ name })),
    security: [{ jwt: [] }],
    paths,
    components: {
      securitySchemes: { jwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A Cognito access token; its groups (approver:J, officer:J, auditor, …) decide what it may do.' } },
      responses: { Error: { description: 'the contract\'s error shape', content: { 'application/json': { schema: jsonSchema(errorAnswer(), 'output') } } } },
    },
  };
  return built;
}

/** The document as docs/openapi.json holds it (`npm run schemas`). */
export const openApiText = (): string => `${JSON.stringify(openApiDocument(), null, 2)}\n`;
