/**
 * Accepted events, kept (issue 14): every event intake accepted, with its detail as received (identity numbers
 * masked, the person's keyed id beside it), bounded in size, so history can be replayed (what-if) and an award's
 * evidence can show the event it came from. Keyed by event id; gsi1 lists them by the China-time month they were
 * received (`ACCEPTED#<YYYY-MM>`, `<receivedAt>#<eventId>`), so a period is a few bounded queries.
 */
import * as z from 'zod';
import { lazy } from '../lazy';
import type { StoreCore } from './core';
import { type Item, readItem } from './items';

/** A detail larger than this is kept cut (and says so): what-if then skips it with the reason. */
export const ACCEPTED_DETAIL_CHARS_MAX = 32 * 1024;

export interface AcceptedEvent {
  readonly eventId: string;
  readonly source: string;
  readonly detailType: string;
  readonly receivedAt: string;
  /** The recipient's id as the store knows it (a credit code, or a person's keyed id); null when the detail has none. */
  readonly recipientId: string | null;
  /** The detail as received, JSON text, identity numbers masked; cut to ACCEPTED_DETAIL_CHARS_MAX when `truncated`. */
  readonly detail: string;
  readonly truncated: boolean;
}

export const acceptedKeys = {
  event: (eventId: string) => ({ pk: `ACCEPTED#${eventId}`, sk: 'EVENT' }),
  /** The gsi1 partition of a month (YYYY-MM, China time). */
  month: (yearMonth: string) => `ACCEPTED#${yearMonth}`,
};

const schema = lazy(() => z.object({
  eventId: z.string(), source: z.string(), detailType: z.string(), receivedAt: z.string(),
  recipientId: z.string().nullable(), detail: z.string(), truncated: z.boolean(),
}));

export const parseAcceptedEvent = (item: Item): AcceptedEvent => readItem(schema(), item, 'accepted event');

export async function getAcceptedEvent(core: StoreCore, eventId: string): Promise<AcceptedEvent | null> {
  if (eventId.length === 0 || eventId.length > 128) return null;
  const item = await core.get(acceptedKeys.event(eventId));
  return item === null ? null : parseAcceptedEvent(item);
}
