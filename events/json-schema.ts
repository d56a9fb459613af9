/**
 * JSON Schema (draft-04, the dialect EventBridge's schema registry takes as JSONSchemaDraft4) of each detail-type's
 * delivered event, generated from the zod contracts so the two
 * cannot drift. `npm run schemas` writes them to docs/events/; a test fails when the files are stale. The CDK
 * stack registers them in an EventBridge schema registry for the upstream engineers.
 */
import * as z from 'zod';
import { DETAIL_TYPES, type DetailType, detailSchemas } from './contracts';

export function eventJsonSchema(detailType: DetailType): Record<string, unknown> {
  const detail = z.toJSONSchema(detailSchemas[detailType], { io: 'input', target: 'draft-04' });
  delete detail.$schema;
  return {
    $schema: 'http://json-schema.org/draft-04/schema#',
    id: `https://award-pipeline/events/${detailType}.json`,
    title: detailType,
    description: `An EventBridge event of detail-type ${detailType}, as delivered to targets (CONTRACT.md §1).`,
    type: 'object',
    required: ['source', 'detail-type', 'detail'],
    properties: {
      'id': { type: 'string', minLength: 1, maxLength: 128 },
      'source': { type: 'string', pattern: '^quality\\.[a-z0-9][a-z0-9.-]{0,120}$' },
      'detail-type': { type: 'string', enum: [detailType] },
      'time': { type: 'string', format: 'date-time' },
      detail,
    },
  };
}

/** File name to file text, exactly as `npm run schemas` writes them. */
export function renderJsonSchemas(): Map<string, string> {
  return new Map(DETAIL_TYPES.map((t) => [`${t}.json`, `${JSON.stringify(eventJsonSchema(t), null, 2)}\n`]));
}
