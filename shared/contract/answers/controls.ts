/** The answers of the controls routes (CONTRACT §3). PLACEHOLDERS: each is declared in this change (issue 23). */
import * as z from 'zod';

export const creditImport = () => z.unknown();
export const creditListsPage = () => z.unknown();
export const notice = () => z.unknown();
