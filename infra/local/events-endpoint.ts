/**
 * The local EventBridge endpoint: `AWSEvents.PutEvents` in the JSON protocol the SDK speaks. Each entry is checked
 * as EventBridge checks it (one at a time: a bad entry fails with EventBridge's own error code and the rest are
 * accepted), given an id and a time, journalled, and routed to its queue by the stack's route table.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type QueueName, routeOf } from '../topology';
import { BodyTooLargeError, readBody, send } from './http';
import type { Journal } from './journal';
import { LIMITS } from '../../shared/limits';

export interface EventsEndpointOptions {
  readonly journal: Journal | null;
  /** Delivers accepted events to their queue, many in one request. */
  readonly enqueue: (queue: QueueName, events: ReadonlyArray<Record<string, unknown>>) => Promise<void>;
  readonly account: string;
  readonly region: string;
  readonly log: (line: string) => void;
}

type Entry = Record<string, unknown>;
type Result = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

const JSON_11 = { 'content-type': 'application/x-amz-json-1.1' };

/**
 * The size EventBridge charges an entry against its 256 KB limit: Time counts 14 bytes when given; Source,
 * DetailType, Detail and each Resource their UTF-8 bytes (EventBridge user guide, "Calculating PutEvents event entry
 * size").
 */
export function entrySize(entry: Entry): number {
  const bytes = (value: unknown) => (typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : 0);
  const resources = Array.isArray(entry.Resources) ? entry.Resources.reduce((sum: number, r) => sum + bytes(r), 0) : 0;
  return (entry.Time === undefined || entry.Time === null ? 0 : 14) + bytes(entry.Source) + bytes(entry.DetailType) + bytes(entry.Detail) + resources;
}

export function putEventsListener(options: EventsEndpointOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void answer(options, req, res).catch((error: Error) => {
      options.log(`events endpoint: ${error.message}`);
      if (!res.headersSent) send(res, 500, JSON.stringify({ __type: 'InternalException', message: error.message }), JSON_11);
    });
  };
}

async function answer(options: EventsEndpointOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const target = String(req.headers['x-amz-target'] ?? '');
  if (req.method !== 'POST' || target !== 'AWSEvents.PutEvents') {
    return send(res, 400, JSON.stringify({ __type: 'UnknownOperationException', message: `only AWSEvents.PutEvents is served here, not '${target}'` }), JSON_11);
  }
  let input: { Entries?: Entry[] };
  try {
    input = JSON.parse(await readBody(req, LIMITS.local.putEventsRequestBytesMax)) as typeof input;
  } catch (error) {
    const status = error instanceof BodyTooLargeError ? 413 : 400;
    return send(res, status, JSON.stringify({ __type: 'ValidationException', message: (error as Error).message }), JSON_11);
  }
  const entries = Array.isArray(input.Entries) ? input.Entries : [];
  if (entries.length === 0 || entries.length > LIMITS.local.putEventsEntriesMax) {
    return send(res, 400, JSON.stringify({ __type: 'ValidationException', message: `Entries must hold 1 to ${LIMITS.local.putEventsEntriesMax} events` }), JSON_11);
  }
  const results: Result[] = [];
  const accepted: Array<{ event: Entry; queue: QueueName | null }> = [];
  for (const entry of entries) {
    const checked = check(entry);
    if ('ErrorCode' in checked) {
      results.push(checked);
      continue;
    }
    const event = envelope(options, entry, checked.detail, checked.time);
    const route = routeOf({ source: entry.Source, detailType: entry.DetailType });
    if (route === null) options.log(`event ${String(event.id)} (${String(entry.Source)} ${String(entry.DetailType)}) matches no rule: accepted and not delivered, as EventBridge does`);
    accepted.push({ event, queue: route?.queue ?? null });
    results.push({ EventId: String(event.id) });
  }
  options.journal?.append(accepted.map((a) => a.event));
  const byQueue = new Map<QueueName, Entry[]>();
  for (const { event, queue } of accepted) if (queue !== null) byQueue.set(queue, [...(byQueue.get(queue) ?? []), event]);
  for (const [queue, events] of byQueue) await options.enqueue(queue, events);
  const failed = results.filter((r) => 'ErrorCode' in r).length;
  send(res, 200, JSON.stringify({ FailedEntryCount: failed, Entries: results }), JSON_11);
}

function check(entry: Entry): { detail: Record<string, unknown>; time: Date } | { ErrorCode: string; ErrorMessage: string } {
  const size = entrySize(entry);
  if (size > LIMITS.local.putEventsEntryBytesMax) {
    return { ErrorCode: 'InvalidArgument', ErrorMessage: `Event size of ${size} bytes is over the limit of ${LIMITS.local.putEventsEntryBytesMax} bytes (256 KB)` };
  }
  if (typeof entry.Source !== 'string' || typeof entry.DetailType !== 'string') {
    return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameters Source and DetailType are required' };
  }
  let detail: unknown;
  try {
    detail = typeof entry.Detail === 'string' ? JSON.parse(entry.Detail) : undefined;
  } catch {
    detail = undefined;
  }
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) {
    return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed: it must be a JSON object' };
  }
  const time = timeOf(entry);
  if (time === null) return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Time is not a timestamp' };
  return { detail: detail as Record<string, unknown>, time };
}

/** The SDK sends Time as epoch seconds (the JSON protocol's timestamp); a hand-written request may send ISO text. */
function timeOf(entry: Entry): Date | null {
  if (entry.Time === undefined || entry.Time === null) return new Date();
  const time = typeof entry.Time === 'number' ? new Date(entry.Time * 1_000) : typeof entry.Time === 'string' ? new Date(entry.Time) : new Date(Number.NaN);
  return Number.isNaN(time.getTime()) ? null : time;
}

function envelope(options: EventsEndpointOptions, entry: Entry, detail: Record<string, unknown>, time: Date): Entry {
  return {
    'version': '0',
    'id': randomUUID(),
    'detail-type': entry.DetailType,
    'source': entry.Source,
    'account': options.account,
    'time': time.toISOString(),
    'region': options.region,
    'resources': Array.isArray(entry.Resources) ? entry.Resources : [],
    detail,
  };
}
