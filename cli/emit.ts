/**
 * `awards emit FILE…`: sends events with PutEvents, as an upstream system does: `source`, `detail-type` and
 * `detail` of each event (the bus assigns the id). Locally to AWARDS_EVENTS_URL (default http://127.0.0.1:4010);
 * with AWARDS_BUS_NAME set, to that bus in AWS with the SDK's usual credentials.
 */
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { readEventFile } from './event-files';
import { CliError } from './http';

export interface RawEvent {
  source: string;
  raw: unknown;
}

/** The events of the files, unvalidated (the pipeline validates); a line that is not JSON stops the command first. */
export function rawEvents(files: readonly string[]): RawEvent[] {
  const items = files.flatMap((file) => readEventFile('emit', file));
  const broken = items.find((item) => 'broken' in item);
  if (broken !== undefined && 'broken' in broken) {
    throw new CliError(`emit: ${broken.source} is not JSON (${broken.error}); nothing was sent`, 2);
  }
  return items as RawEvent[];
}

function entryOf(event: RawEvent): PutEventsRequestEntry {
  const raw = (event.raw ?? {}) as Record<string, unknown>;
  return {
    Source: typeof raw.source === 'string' ? raw.source : undefined,
    DetailType: typeof raw['detail-type'] === 'string' ? raw['detail-type'] : undefined,
    Detail: JSON.stringify(raw.detail ?? null),
    ...(process.env.AWARDS_BUS_NAME ? { EventBusName: process.env.AWARDS_BUS_NAME } : {}),
  };
}

function client(): EventBridgeClient {
  if (process.env.AWARDS_BUS_NAME) return new EventBridgeClient({});
  return new EventBridgeClient({
    endpoint: (process.env.AWARDS_EVENTS_URL ?? 'http://127.0.0.1:4010').replace(/\/$/, ''),
    region: process.env.AWS_REGION ?? 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

export interface EmitResult {
  source: string;
  eventId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
}

function progress(done: number, total: number): void {
  if (!process.stderr.isTTY || total <= 10) return;
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`);
}

export async function emit(events: readonly RawEvent[]): Promise<EmitResult[]> {
  const eb = client();
  const results: EmitResult[] = [];
  for (let i = 0; i < events.length; i += 10) {
    const chunk = events.slice(i, i + 10);
    let out;
    try {
      out = await eb.send(new PutEventsCommand({ Entries: chunk.map(entryOf) }));
    } catch (cause) {
      const where = process.env.AWARDS_BUS_NAME ? `bus ${process.env.AWARDS_BUS_NAME}` : (process.env.AWARDS_EVENTS_URL ?? 'http://127.0.0.1:4010');
      throw new CliError(`PutEvents to ${where} failed after ${results.length} event(s) were sent: ${(cause as Error).message}; is \`npm start\` running?`, 2);
    }
    chunk.forEach((event, j) => {
      const entry = out.Entries?.[j];
      results.push({ source: event.source, eventId: entry?.EventId ?? null, errorCode: entry?.ErrorCode ?? null, errorMessage: entry?.ErrorMessage ?? null });
    });
    progress(results.length, events.length);
  }
  eb.destroy();
  return results;
}
