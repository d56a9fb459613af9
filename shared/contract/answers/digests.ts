/** The answers of the digests routes (CONTRACT §3). PLACEHOLDERS: each is declared in this change (issue 23). */
import * as z from 'zod';

export const digestsPage = () => z.unknown();
export const keys = () => z.unknown();
export const runs = () => z.unknown();
