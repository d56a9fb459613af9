/** A fresh table on the run's DynamoDB Local and a store over it, for integration tests. */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { documentClient, ensureTable, localClient } from '../../infra/local/dynamodb';
import { DEFAULT_APPROVAL_CONFIG } from '../../shared/domain/approval';
import type { Principal } from '../../shared/domain/authz';
import { AwardStore, type StoreOptions } from '../../shared/store/store';

export async function freshStore(options: Partial<Omit<StoreOptions, 'client' | 'tableName'>> = {}) {
  const client = localClient(inject('dynamoEndpoint'));
  const doc = documentClient(client);
  const tableName = `awards-${randomUUID()}`;
  await ensureTable(client, tableName);
  const store = new AwardStore({ client: doc, tableName, approvalConfig: DEFAULT_APPROVAL_CONFIG, ...options });
  return { store, client, doc, tableName };
}

export const people = {
  approver: (jurisdiction: string, user = `approver-${jurisdiction}`): Principal => ({ user, groups: [`approver:${jurisdiction}`] }),
  officer: (jurisdiction: string, user = `officer-${jurisdiction}`): Principal => ({ user, groups: [`officer:${jurisdiction}`] }),
  budgetAdmin: (jurisdiction: string, user = `budget-${jurisdiction}`): Principal => ({ user, groups: [`budget-admin:${jurisdiction}`] }),
  auditor: (user = 'auditor'): Principal => ({ user, groups: ['auditor'] }),
};
