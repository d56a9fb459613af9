/** The public routes' answers: the health check, and the OpenAPI document (checked whole in test/unit/openapi.test.ts). */
import * as z from 'zod';

export const healthAnswer = () => z.strictObject({ status: z.literal('ok') });
export const openApiAnswer = () => z.looseObject({ openapi: z.literal('3.1.0'), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) });
