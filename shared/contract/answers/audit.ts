/** The answers of the audit routes (CONTRACT §3). PLACEHOLDERS: each is declared in this change (issue 23). */
import * as z from 'zod';

export const catalog = () => z.unknown();
export const eventOutcome = () => z.unknown();
export const rejectionsPage = () => z.unknown();
export const revocationsPage = () => z.unknown();
export const verification = () => z.unknown();
