/**
 * The smallest ZIP writer an xlsx package needs (APPNOTE 6.3.10, no dependency): a local header and the data for each
 * entry, then the central directory and the end record. An entry is deflated (node:zlib) when that makes it smaller and
 * stored otherwise; CRC-32 is zlib's. No ZIP64, so an archive stays under 4 GiB and 65,535 entries, far beyond what a
 * Lambda answer may carry. Every entry bears the same fixed time (1980-01-01 00:00, the first DOS time), so the same
 * files always make the same bytes and a file's digest says what it holds, not when it was written.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import { LIMITS } from '../../limits';

/** One file of the archive: a relative path with `/` separators, and its bytes. */
export interface ZipEntry {
  readonly name: string;
  readonly data: Uint8Array;
}

const METHOD_STORE = 0;
const METHOD_DEFLATE = 8;
/** 2.0: the version that introduced DEFLATE, all a reader needs here. */
const VERSION = 20;
/** Bit 11: the name is UTF-8 (harmless for the ASCII names of an xlsx package, right for any other). */
const FLAG_UTF8 = 0x0800;
/** 1980-01-01 00:00 in DOS date and time: day 1, month 1, year 0 since 1980; midnight is 0. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const DOS_TIME = 0;

interface Packed {
  readonly name: Buffer;
  readonly method: number;
  readonly crc: number;
  readonly size: number;
  readonly body: Buffer;
  readonly offset: number;
}

/** The archive of `entries`, in their order. */
export function zip(entries: readonly ZipEntry[]): Buffer {
  if (entries.length > LIMITS.zip.entriesMax) throw new RangeError(`a ZIP without ZIP64 holds at most ${LIMITS.zip.entriesMax} entries, not ${entries.length}`);
  const names = new Set<string>();
  const parts: Buffer[] = [];
  const packed: Packed[] = [];
  let offset = 0;
  for (const entry of entries) {
    if (entry.name === '' || entry.name.startsWith('/') || entry.name.includes('\\') || names.has(entry.name)) {
      throw new RangeError(`a ZIP entry needs a unique relative name with / separators, not ${JSON.stringify(entry.name)}`);
    }
    names.add(entry.name);
    const one = pack(entry, offset);
    const header = localHeader(one);
    parts.push(header, one.body);
    packed.push(one);
    offset += header.length + one.body.length;
  }
  const directory = Buffer.concat(packed.map(centralHeader));
  const end = endRecord(packed.length, directory.length, offset);
  if (offset + directory.length + end.length > LIMITS.zip.bytesMax) throw new RangeError('a ZIP without ZIP64 stays under 4 GiB');
  return Buffer.concat([...parts, directory, end]);
}

function pack(entry: ZipEntry, offset: number): Packed {
  const data = Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength);
  if (data.length > LIMITS.zip.bytesMax) throw new RangeError(`the ZIP entry ${entry.name} is over 4 GiB`);
  const deflated = deflateRawSync(data);
  const method = deflated.length < data.length ? METHOD_DEFLATE : METHOD_STORE;
  const body = method === METHOD_DEFLATE ? deflated : data;
  return { name: Buffer.from(entry.name, 'utf8'), method, crc: crc32(data), size: data.length, body, offset };
}

/** The fields a local header and a central header share, from "version needed" to "file name length". */
function common(one: Packed): Buffer {
  const b = Buffer.alloc(26);
  b.writeUInt16LE(VERSION, 0);
  b.writeUInt16LE(FLAG_UTF8, 2);
  b.writeUInt16LE(one.method, 4);
  b.writeUInt16LE(DOS_TIME, 6);
  b.writeUInt16LE(DOS_DATE, 8);
  b.writeUInt32LE(one.crc >>> 0, 10);
  b.writeUInt32LE(one.body.length, 14);
  b.writeUInt32LE(one.size, 18);
  b.writeUInt16LE(one.name.length, 22);
  b.writeUInt16LE(0, 24); // no extra field
  return b;
}

function localHeader(one: Packed): Buffer {
  const signature = Buffer.alloc(4);
  signature.writeUInt32LE(0x04034b50, 0);
  return Buffer.concat([signature, common(one), one.name]);
}

function centralHeader(one: Packed): Buffer {
  const head = Buffer.alloc(6);
  head.writeUInt32LE(0x02014b50, 0);
  head.writeUInt16LE(VERSION, 4); // made by: MS-DOS attributes, version 2.0
  const tail = Buffer.alloc(14);
  // comment length, disk number, internal and external attributes: all 0; then where the local header starts.
  tail.writeUInt32LE(one.offset, 10);
  return Buffer.concat([head, common(one), tail, one.name]);
}

function endRecord(count: number, directoryBytes: number, directoryOffset: number): Buffer {
  const b = Buffer.alloc(22);
  b.writeUInt32LE(0x06054b50, 0);
  // this disk and the directory's disk: 0
  b.writeUInt16LE(count, 8);
  b.writeUInt16LE(count, 10);
  b.writeUInt32LE(directoryBytes, 12);
  b.writeUInt32LE(directoryOffset, 16);
  // no comment
  return b;
}
