/**
 * One measurement of the digest checker's memory (issue 24), run by bench/digests.ts in a child process of its own
 * (`node --expose-gc --import tsx bench/digest-memory.ts ENTRIES`), so that nothing else lives in its heap: a synthetic
 * ledger of ENTRIES entries, every one signed (bench/digest-ledger.ts), verified by checkDigests as the CLI does. After
 * each page of entries the heap is collected and measured; the figure is the most it held above what it held before
 * the check began. It prints one line of JSON.
 */
import assert from 'node:assert/strict';
import { checkDigests } from '../shared/domain/digest-check';
import { SYNTHETIC_JURISDICTION, syntheticLedger } from './digest-ledger';

const gc = (globalThis as { gc?: () => void }).gc;
assert.ok(gc !== undefined, 'run with node --expose-gc');
const count = Number(process.argv[2]);
assert.ok(Number.isSafeInteger(count) && count > 0, 'the number of entries');

const ledger = await syntheticLedger(count);
/** About a hundred measurements, whatever the size: a full collection is not free. */
const every = Math.max(1, Math.floor(count / 1000 / 100));
const heap = () => {
  gc();
  return process.memoryUsage().heapUsed;
};
const before = heap();
let heldBytesMax = 0;
let hashesMax = 0;
let pages = 0;
const verdict = await checkDigests(SYNTHETIC_JURISDICTION, ledger.source, {
  now: new Date(),
  periodSeconds: 60,
  retained: (held) => {
    hashesMax = held.hashesMax;
    pages += 1;
    if (pages % every === 0) heldBytesMax = Math.max(heldBytesMax, heap() - before);
  },
});
assert.ok(verdict.ok, `the synthetic ledger verifies: ${JSON.stringify(verdict)}`);
console.log(JSON.stringify({ entries: count, digests: verdict.digests, heldBytesMax, hashesMax }));
