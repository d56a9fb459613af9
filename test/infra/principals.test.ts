/**
 * The stack's least privilege, proven on the template: upstream systems through the bus's resource policy (evaluated
 * here as IAM evaluates it: an explicit Deny wins, else an Allow whose conditions hold, else denied), and each
 * function's DynamoDB actions.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DETAIL_TYPES } from '../../shared/domain/vocabulary';
import { FUNCTIONS, TABLE_ACCESS, grantPairs } from '../../infra/access';
import { buildApp } from '../../infra/app';
import { UPSTREAM_SYSTEMS, upstreamSystems } from '../../infra/upstream';

type Resource = { Type: string; Properties: Record<string, unknown> };
interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal: { AWS: unknown };
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, string | string[]>>;
}

let resources: Record<string, Resource>;
let busPolicy: Statement[];

beforeAll(() => {
  const { stack } = buildApp({ 'aws:cdk:bundling-stacks': [] });
  resources = Template.fromStack(stack).toJSON().Resources as Record<string, Resource>;
  const [bus] = Object.values(resources).filter((r) => r.Type === 'AWS::Events::EventBus');
  busPolicy = (bus?.Properties.Policy as { Statement: Statement[] }).Statement;
}, 120_000);

/** IAM's verdict on PutEvents by `principal` for one entry's source and detail-type, under the bus policy alone. */
function verdict(principal: string, source: string, detailType: string): 'allowed' | 'denied' {
  const values: Record<string, string> = { 'events:source': source, 'events:detail-type': detailType };
  const holds = (condition: Statement['Condition']) =>
    Object.entries(condition ?? {}).every(([operator, keys]) =>
      Object.entries(keys).every(([key, expected]) => {
        const list = [expected].flat();
        if (operator === 'StringEquals') return list.includes(values[key] as string);
        if (operator === 'StringNotEquals') return !list.includes(values[key] as string);
        throw new Error(`the evaluator does not know ${operator}`);
      }),
    );
  const applicable = busPolicy.filter((s) => JSON.stringify(s.Principal.AWS) === principal && [s.Action].flat().includes('events:PutEvents') && holds(s.Condition));
  if (applicable.some((s) => s.Effect === 'Deny')) return 'denied';
  return applicable.some((s) => s.Effect === 'Allow') ? 'allowed' : 'denied';
}

function principalOf(systemName: string): string {
  const allow = busPolicy.find((s) => s.Sid === `Upstream${systemName.replace(/[^A-Za-z0-9]/g, '')}Put`);
  if (allow === undefined) throw new Error(`no statement for ${systemName}`);
  return JSON.stringify(allow.Principal.AWS);
}

describe('upstream systems are principals', () => {
  const sources = [...new Set(UPSTREAM_SYSTEMS.flatMap((s) => s.sources)), 'quality.other'];

  it('gives every upstream system of the table its own principal in the bus policy', () => {
    const principals = UPSTREAM_SYSTEMS.map((s) => principalOf(s.name));
    expect(new Set(principals).size).toBe(UPSTREAM_SYSTEMS.length);
  });

  it.each(UPSTREAM_SYSTEMS.map((s) => [s.name, s] as const))('%s may put only its own sources and detail-types', (_name, system) => {
    const principal = principalOf(system.name);
    let allowed = 0;
    for (const source of sources) {
      for (const detailType of DETAIL_TYPES) {
        const own = system.sources.includes(source) && (system.detailTypes as readonly string[]).includes(detailType);
        expect(verdict(principal, source, detailType), `${system.name}: ${source} ${detailType}`).toBe(own ? 'allowed' : 'denied');
        if (own) allowed += 1;
      }
    }
    expect(allowed).toBe(system.sources.length * system.detailTypes.length);
  });

  it('cannot put another system’s source, even with a detail-type it may send', () => {
    const standards = principalOf('standards');
    expect(verdict(standards, 'quality.industry', 'AchievementRevoked')).toBe('denied');
    expect(verdict(standards, 'quality.standards', 'AchievementRevoked')).toBe('allowed');
    expect(verdict(principalOf('science'), 'quality.science', 'CentreApproved')).toBe('denied');
  });

  it('denies explicitly, so a broad IAM policy of the principal’s own cannot widen it', () => {
    for (const system of UPSTREAM_SYSTEMS) {
      const denies = busPolicy.filter((s) => s.Effect === 'Deny' && JSON.stringify(s.Principal.AWS) === principalOf(system.name));
      expect(denies.map((d) => Object.keys(d.Condition?.StringNotEquals ?? {})).flat().sort()).toEqual(['events:detail-type', 'events:source']);
    }
  });

  it('takes a deployment’s principals from context, and refuses a name the table does not have', () => {
    const { stack } = buildApp({ 'aws:cdk:bundling-stacks': [], 'upstreamPrincipals': { science: 'arn:aws:iam::210987654321:role/kjt-publisher' } });
    const [bus] = Object.values(Template.fromStack(stack).toJSON().Resources as Record<string, Resource>).filter((r) => r.Type === 'AWS::Events::EventBus');
    const statements = (bus?.Properties.Policy as { Statement: Statement[] }).Statement.filter((s) => s.Sid?.startsWith('Upstreamscience'));
    expect(statements.map((s) => s.Principal.AWS)).toEqual(Array(3).fill('arn:aws:iam::210987654321:role/kjt-publisher'));
    expect(() => upstreamSystems({ treasury: 'arn:aws:iam::1:role/x' })).toThrow(/names no upstream system: treasury/);
  });
});

describe('each function gets only the DynamoDB actions it uses', () => {
  /** Every DynamoDB action granted to the role of the function named `name`, each with where: the table or an index. */
  function granted(name: string): string[] {
    const [fnId, fn] = Object.entries(resources).find(([, r]) => r.Type === 'AWS::Lambda::Function' && (r.Properties.Environment as { Variables: Record<string, string> } | undefined)?.Variables?.POWERTOOLS_SERVICE_NAME === name) ?? [];
    if (fn === undefined || fnId === undefined) throw new Error(`no function ${name}`);
    const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const statements = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
      .filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
    const where = (resource: unknown) => /\/index\/([A-Za-z0-9-]+)/.exec(JSON.stringify(resource))?.[1] ?? 'table';
    return statements.flatMap((s) => [s.Action].flat().flatMap((a) => [s.Resource].flat().map((r) => `${a.replace('dynamodb:', '')} on ${where(r)}`))).sort();
  }

  it.each(FUNCTIONS.map((f) => [f]))('%s', (name) => {
    expect(granted(name)).toEqual(grantPairs(TABLE_ACCESS[name]).map(({ action, on }) => `${action} on ${on}`).sort());
  });

  it('bank-inbound neither lists nor deletes, the payment run queries only indexes, and nothing but intake updates items', () => {
    // Reads in batches since issue 19 (one read per award a bank file names): still no Query, Delete or Update.
    expect(granted('bank-inbound')).toEqual(['BatchGetItem on table', 'GetItem on table', 'PutItem on table']);
    expect(granted('payment-run').filter((g) => g.startsWith('Query'))).toEqual(['Query on gsi1', 'Query on gsi3']);
    expect(FUNCTIONS.filter((f) => TABLE_ACCESS[f].actions.includes('UpdateItem'))).toEqual(['award-intake']);
    expect(FUNCTIONS.filter((f) => TABLE_ACCESS[f].actions.includes('DeleteItem')).sort()).toEqual(['api', 'award-intake', 'budget-sweeper']);
  });

  it('ledger-digest reads its bookmark and the ledger, and writes only its bookmark: no index, no delete, no update', () => {
    expect(granted('ledger-digest')).toEqual(['GetItem on table', 'PutItem on table', 'Query on table']);
  });
});
