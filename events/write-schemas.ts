/** `npm run schemas`: writes events/schemas/<DetailType>.json from the zod contracts. */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderJsonSchemas } from './json-schema';

const dir = join(import.meta.dirname, 'schemas');
mkdirSync(dir, { recursive: true });
const files = renderJsonSchemas();
for (const stale of readdirSync(dir)) if (!files.has(stale)) rmSync(join(dir, stale));
for (const [name, text] of files) writeFileSync(join(dir, name), text);
console.log(`wrote ${files.size} schemas to ${dir}`);
