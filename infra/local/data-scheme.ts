/**
 * The local data directory outlives the code that wrote it. Award ids and fact keys derive from the canonical
 * identity of a fact, and a fact's key holds the revocations that arrived before it (ADR 006); data written under an
 * earlier scheme would let the same fact be recorded again under a new id or miss a revocation, so a store written
 * before is refused at start, with what to do, rather than used.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../shared/store/table';
import { LocalStackError } from './http';

/**
 * 2: canonical identities (CONTRACT §1, version 2). 3: revocations kept on fact keys; ledger entries by time and award.
 * 4: recipients by id (a credit code or a person's keyed id, ADR 009) in awards, the ledger and its indexes.
 * 5: facts known by what they are about (CONTRACT §6: a base by its name, a pilot by level and project, …), so an award
 * id of scheme 4 names another fact than the same id would now.
 */
export const DATA_SCHEME = 5;

export async function assertDataScheme(doc: DynamoDBDocumentClient, table: string, jurisdictions: readonly string[], where: string): Promise<void> {
  const meta = await doc.send(new GetCommand({ TableName: table, Key: keys.meta(), ConsistentRead: true }));
  const scheme = meta.Item?.scheme;
  if (scheme === DATA_SCHEME) return;
  const older = scheme !== undefined || (await holdsData(doc, table, jurisdictions));
  if (older) {
    throw new LocalStackError(
      `${where} was written by an earlier version (data scheme ${String(scheme ?? 1)}; this version needs ${DATA_SCHEME}, docs/adr/006): `
      + 'the same fact could be recorded twice across it. Move it away (or start with --in-memory).',
    );
  }
  await doc.send(new PutCommand({ TableName: table, Item: { ...keys.meta(), itemType: 'meta', scheme: DATA_SCHEME }, ConditionExpression: 'attribute_not_exists(pk)' }));
}

/** Every store the local stack ever wrote holds a budget: it allocates the defaults at its first start. */
async function holdsData(doc: DynamoDBDocumentClient, table: string, jurisdictions: readonly string[]): Promise<boolean> {
  for (const jurisdiction of jurisdictions) {
    const out = await doc.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.budgetPartition(jurisdiction) }, Limit: 1 }));
    if ((out.Items ?? []).length > 0) return true;
  }
  return false;
}
