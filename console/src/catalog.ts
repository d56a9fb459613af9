/** The policy catalog, read once per tab (it changes only with a deployment). */
import { get } from './api';
import type { Policy } from './types';

let policies: Promise<readonly Policy[]> | null = null;

export function loadPolicies(): Promise<readonly Policy[]> {
  policies ??= get<{ policies: Policy[] }>('/policies').then((r) => r.policies, (error: Error) => {
    policies = null;
    throw error;
  });
  return policies;
}
