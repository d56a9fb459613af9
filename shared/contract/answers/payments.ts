/** The answers of the payments routes (CONTRACT §3). PLACEHOLDERS: each is declared in this change (issue 23). */
import * as z from 'zod';

export const bankFile = () => z.unknown();
export const bankFileQueued = () => z.unknown();
export const batchesPage = () => z.unknown();
export const exception = () => z.unknown();
export const exceptionsPage = () => z.unknown();
export const payee = () => z.unknown();
export const paymentRun = () => z.unknown();
