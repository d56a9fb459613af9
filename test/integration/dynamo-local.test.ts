/**
 * DynamoDB Local holds the ledger and people's identity numbers: on this machine it listens on the loopback address
 * only, like the local stack's API and events ports (issue 19, finding 11), and sends nothing anywhere.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startDynamoLocal } from '../../infra/local/dynamodb';

/** The local addresses listening on `port`, from the kernel's own tables (`/proc/net/tcp` and `tcp6`). */
function listeners(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const found: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      // State 0A is LISTEN.
      if (local === undefined || state !== '0A') continue;
      const [address, p] = local.split(':');
      if (p === hexPort && address !== undefined) found.push(address);
    }
  }
  return found;
}

// 127.0.0.1, ::1 and ::ffff:127.0.0.1 as the kernel writes them (IPv4 in host byte order).
const LOOPBACK = new Set(['0100007F', '00000000000000000000000001000000', '0000000000000000FFFF00000100007F']);

describe('DynamoDB Local on this machine', () => {
  it('listens on 127.0.0.1 only, never on every interface', async () => {
    const dynamo = await startDynamoLocal();
    try {
      const port = Number(new URL(dynamo.endpoint).port);
      const addresses = listeners(port);
      expect(addresses.length).toBeGreaterThan(0);
      expect(addresses.filter((a) => !LOOPBACK.has(a))).toEqual([]);
    } finally {
      await dynamo.stop();
    }
  });
});
