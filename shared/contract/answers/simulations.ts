/** The answers of the simulations routes (CONTRACT §3). PLACEHOLDERS: each is declared in this change (issue 23). */
import * as z from 'zod';

export const simulation = () => z.unknown();
export const started = () => z.unknown();
