/**
 * Starts one DynamoDB Local (in memory, on a free port) for the whole test run; each test file makes its own table.
 * The globalSetup of the projects that need it (store, stack; not unit or browser). Each project loads this module
 * afresh, so the one instance is kept on globalThis (the main vitest process) and stopped when the last project is done.
 */
import type { TestProject } from 'vitest/node';
import { type DynamoLocal, startDynamoLocal } from '../../infra/local/dynamodb';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

interface Shared {
  dynamo: Promise<DynamoLocal>;
  users: number;
}

const KEY = Symbol.for('award-pipeline.test.dynamo-local');
const holder = globalThis as typeof globalThis & { [KEY]?: Shared };

export default async function setup(project: TestProject) {
  const shared = (holder[KEY] ??= { dynamo: startDynamoLocal(), users: 0 });
  shared.users += 1;
  let dynamo: DynamoLocal;
  try {
    dynamo = await shared.dynamo;
  } catch (error) {
    if (--shared.users === 0) delete holder[KEY];
    throw error;
  }
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return async () => {
    if (--shared.users > 0) return;
    delete holder[KEY];
    await dynamo.stop();
  };
}
