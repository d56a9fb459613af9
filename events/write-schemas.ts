/**
 * `npm run schemas`: writes the project's interfaces as documents: docs/events/<DetailType>.json from the event
 * contracts (zod), and docs/openapi.json, the HTTP API's OpenAPI 3.1 document, from its contract (shared/contract).
 * Tests fail when either is stale.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApiText } from '../shared/contract/openapi';
import { renderJsonSchemas } from './json-schema';

const docs = join(import.meta.dirname, '../docs');
const dir = join(docs, 'events');
mkdirSync(dir, { recursive: true });
const files = renderJsonSchemas();
for (const stale of readdirSync(dir)) if (!files.has(stale)) rmSync(join(dir, stale));
for (const [name, text] of files) writeFileSync(join(dir, name), text);
writeFileSync(join(docs, 'openapi.json'), openApiText());
console.log(`wrote ${files.size} event schemas to ${dir} and the OpenAPI document to ${join(docs, 'openapi.json')}`);
