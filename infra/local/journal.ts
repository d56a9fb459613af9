/**
 * The local bus's journal (persisted mode only): every accepted event is appended and fsynced before PutEvents
 * answers, so an event the bus accepted survives a stop, as EventBridge's archive keeps it. At start, the journal
 * is read back and events that have no outcome yet are replayed.
 *
 * A stop in the middle of an append leaves a torn last line: a write the bus never acknowledged. It is cut off at
 * start (kept aside in `<journal>.torn` for a person to read), so the next append starts on a line of its own and no
 * later event is glued to the torn one. Never fatal.
 */
import { appendFileSync, closeSync, existsSync, fsyncSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';

export interface JournalRepair {
  /** Bytes cut from the end of the journal (a torn last line), 0 when it was whole. */
  readonly tornBytes: number;
  /** Lines before the last that are not JSON: skipped and kept aside, never fatal. */
  readonly damagedLines: number;
}

export class Journal {
  private readonly fd: number;

  private constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
  }

  /** Repairs a torn end, then opens the journal for appending. */
  static open(path: string): { journal: Journal; repair: JournalRepair; events: Array<Record<string, unknown>> } {
    const { events, repair } = Journal.readAndRepair(path);
    return { journal: new Journal(path), repair, events };
  }

  append(events: readonly unknown[]): void {
    if (events.length === 0) return;
    writeSync(this.fd, events.map((e) => `${JSON.stringify(e)}\n`).join(''));
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }

  private static readAndRepair(path: string): { events: Array<Record<string, unknown>>; repair: JournalRepair } {
    if (!existsSync(path)) return { events: [], repair: { tornBytes: 0, damagedLines: 0 } };
    const bytes = readFileSync(path);
    // Everything after the last newline is an append that never finished.
    const end = bytes.lastIndexOf(0x0a) + 1;
    const tornBytes = bytes.length - end;
    if (tornBytes > 0) {
      appendFileSync(`${path}.torn`, bytes.subarray(end));
      truncateSync(path, end);
    }
    const events: Array<Record<string, unknown>> = [];
    let damagedLines = 0;
    for (const line of bytes.subarray(0, end).toString('utf8').split('\n')) {
      if (line.trim().length === 0) continue;
      const whole = parseEvent(line);
      if (whole !== null) {
        events.push(whole);
        continue;
      }
      // A torn write with a later event glued to it (by a version that did not repair), or a line altered by hand:
      // keep it aside, rescue the whole event at its end if there is one, and go on.
      damagedLines += 1;
      appendFileSync(`${path}.torn`, `${line}\n`);
      const rescued = salvage(line);
      if (rescued !== null) events.push(rescued);
    }
    return { events, repair: { tornBytes, damagedLines } };
  }
}

/** How the bus writes every event: `version` first. */
const EVENT_START = '{"version":';

function parseEvent(text: string): Record<string, unknown> | null {
  try {
    const event = JSON.parse(text) as unknown;
    return typeof event === 'object' && event !== null && !Array.isArray(event) ? (event as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The whole event at the end of a line whose start is a torn write: the last place an event starts that parses. */
function salvage(line: string): Record<string, unknown> | null {
  for (let at = line.lastIndexOf(EVENT_START); at > 0; at = line.lastIndexOf(EVENT_START, at - 1)) {
    const event = parseEvent(line.slice(at));
    if (event !== null) return event;
  }
  return null;
}
