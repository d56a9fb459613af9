/**
 * Least privilege below the table (issue 19, finding 12): the functions that write only their own kind of item may
 * write nothing else, by the partition keys of what they write (`dynamodb:LeadingKeys`). The simulation writes only a
 * simulation's items (`SIM#…`), ledger-digest only its bookmarks (`DIGEST#…`): a compromised what-if cannot touch an
 * award, a budget or the ledger, and the signer cannot rewrite the entries it signs. Proven on the template here, and
 * on the functions' own calls by test/infra/table-access.test.ts (each writes only under its prefixes).
 */
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS, TABLE_ACCESS } from '../../infra/access';
import { buildApp } from '../../infra/app';

type Resource = { Type: string; Properties: Record<string, unknown> };
interface Statement {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

const WRITES = ['dynamodb:PutItem', 'dynamodb:BatchWriteItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'];

let resources: Record<string, Resource>;

beforeAll(() => {
  const { stack } = buildApp({ 'aws:cdk:bundling-stacks': [] });
  resources = Template.fromStack(stack).toJSON().Resources as Record<string, Resource>;
}, 120_000);

function tableStatementsOf(service: string): Statement[] {
  const fn = Object.values(resources).find((r) => r.Type === 'AWS::Lambda::Function' && (r.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables?.POWERTOOLS_SERVICE_NAME === service);
  if (fn === undefined) throw new Error(`no function ${service}`);
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
    .filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
}

describe('the items a function may write, by their partition keys (dynamodb:LeadingKeys)', () => {
  it.each([
    ['simulation', ['SIM#'], ['dynamodb:BatchWriteItem', 'dynamodb:PutItem']],
    ['ledger-digest', ['DIGEST#'], ['dynamodb:PutItem']],
  ])('%s writes only items whose partition key starts with %j', (service, prefixes, writes) => {
    expect(TABLE_ACCESS[service as 'simulation'].writes).toEqual(prefixes);
    const writing = tableStatementsOf(service).filter((s) => [s.Action].flat().some((a) => WRITES.includes(a)));
    expect(writing).toHaveLength(1);
    expect([writing[0]?.Action].flat().sort()).toEqual(writes);
    expect(writing[0]).toMatchObject({ Effect: 'Allow', Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes.map((p) => `${p}*`) } } });
    // A write grant with no condition would let the function write any item: there is none.
    expect(tableStatementsOf(service).filter((s) => s.Condition === undefined).flatMap((s) => [s.Action].flat()).filter((a) => WRITES.includes(a))).toEqual([]);
  });

  it('names a prefix only for functions whose every write is under it (the others write many kinds of item)', () => {
    expect(FUNCTIONS.filter((f) => TABLE_ACCESS[f].writes !== undefined).sort()).toEqual(['ledger-digest', 'simulation']);
  });
});
