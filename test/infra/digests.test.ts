/**
 * Signed ledger digests in AWS (infra/constructs/digests.ts, ADR 012), proven on the synthesised template: the
 * signing key, the write-once bucket (Object Lock, and a bucket policy that refuses any write but a create-if-absent),
 * ledger-digest on its schedule with an alarm on a refused bookmark, and who may sign: ledger-digest's role alone, by
 * its IAM policy and by the key policy's explicit Deny of everyone else. The API has the ledger signed by invoking it.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import { DIGEST_RETENTION } from '../../infra/constructs/digests';
import { BOOKMARK_REFUSED_METRIC } from '../../shared/app/digests/bookmark';

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string };
interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: { AWS: unknown };
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

let resources: Record<string, Resource>;

beforeAll(() => {
  const { stack } = buildApp({ 'aws:cdk:bundling-stacks': [] });
  resources = Template.fromStack(stack).toJSON().Resources as Record<string, Resource>;
}, 120_000);

function only(type: string, where: (r: Resource) => boolean = () => true): [string, Resource] {
  const found = Object.entries(resources).filter(([, r]) => r.Type === type && where(r));
  if (found.length !== 1) throw new Error(`${found.length} resources of ${type}`);
  return found[0] as [string, Resource];
}

const signingKey = () => only('AWS::KMS::Key', (r) => r.Properties.KeyUsage === 'SIGN_VERIFY');
const digestBucket = () => only('AWS::S3::Bucket', (r) => r.Properties.ObjectLockEnabled === true);
const variables = (r: Resource) => (r.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
const fn = (service: string) => only('AWS::Lambda::Function', (r) => variables(r).POWERTOOLS_SERVICE_NAME === service);
const roleOf = (service: string) => (fn(service)[1].Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
const actions = (s: Statement) => [s.Action].flat();

/** Every statement of the IAM policies attached to `roleId`. */
function statementsOf(roleId: string): Statement[] {
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

/** The statements of `service`'s role that name the digest key or bucket, as `actions on resource [condition]`. */
function digestGrants(service: string): string[] {
  const [keyId] = signingKey();
  const [bucketId] = digestBucket();
  return statementsOf(roleOf(service))
    .filter((s) => JSON.stringify(s.Resource).includes(keyId) || JSON.stringify(s.Resource).includes(bucketId))
    .map((s) => {
      const on = JSON.stringify(s.Resource).includes(keyId) ? 'key' : JSON.stringify(s.Resource).includes('/digests/*') ? 'digests/*' : 'bucket';
      return `${actions(s).sort().join(' ')} on ${on}${s.Condition === undefined ? '' : ` if ${JSON.stringify(s.Condition)}`}`;
    })
    .sort();
}

describe('the signing key', () => {
  it('is an ECC P-256 key for signing and verifying only, retained whatever happens to the stack', () => {
    const [, key] = signingKey();
    expect(key.Properties).toMatchObject({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    expect(key.Properties.EnableKeyRotation).toBeUndefined();
    expect([key.DeletionPolicy, key.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
  });

  it('may be used to sign by ledger-digest alone: no other IAM grant, and the key policy denies every other principal', () => {
    const signers = ['ledger-digest'].map(roleOf).sort();
    const granting = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .filter((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement.some((s) => actions(s).some((a) => a === 'kms:Sign' || a === 'kms:*' || a === '*')))
      .map((r) => (r.Properties.Roles as Array<{ Ref: string }>).map((x) => x.Ref))
      .flat()
      .sort();
    expect(granting).toEqual(signers);
    const policy = (signingKey()[1].Properties.KeyPolicy as { Statement: Statement[] }).Statement;
    const deny = policy.filter((s) => s.Effect === 'Deny');
    expect(deny).toEqual([{
      Sid: 'OnlyTheDigestSignersSign',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'kms:Sign',
      Resource: '*',
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': expect.arrayContaining(signers.map((id) => ({ 'Fn::GetAtt': [id, 'Arn'] }))) } },
    }]);
    expect(deny[0]?.Condition?.ArnNotEquals?.['aws:PrincipalArn']).toHaveLength(1);
    // The one Allow is the account's, which lets IAM policies grant the key's use: the Deny above bounds it.
    expect(policy.filter((s) => s.Effect === 'Allow').map((s) => JSON.stringify(s.Principal))).toEqual([expect.stringContaining(':root')]);
  });
});

describe('the digest bucket', () => {
  it('is write-once: Object Lock in compliance mode for ten years', () => {
    const [, bucket] = digestBucket();
    expect(DIGEST_RETENTION.toDays()).toBe(3650);
    expect(bucket.Properties).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 3650 } } },
    });
  });

  it('is encrypted, versioned, TLS only, never public, retained and access logged', () => {
    const [bucketId, bucket] = digestBucket();
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: { DestinationBucketName: { Ref: 'PaymentsAccessLogs264031DF' }, LogFilePrefix: 'digests/' },
    });
    const [, policy] = only('AWS::S3::BucketPolicy', (r) => JSON.stringify(r.Properties.Bucket) === JSON.stringify({ Ref: bucketId }));
    const statements = (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
    expect(statements).toEqual([
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      expect.objectContaining({ Sid: 'WriteOnceOnly' }),
    ]);
  });

  it('refuses, in its bucket policy, every write of a digest that is not a create-if-absent (If-None-Match), whoever sends it', () => {
    const [bucketId] = digestBucket();
    const [, policy] = only('AWS::S3::BucketPolicy', (r) => JSON.stringify(r.Properties.Bucket) === JSON.stringify({ Ref: bucketId }));
    const statements = (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
    expect(statements.find((s) => s.Sid === 'WriteOnceOnly')).toEqual({
      Sid: 'WriteOnceOnly',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:PutObject',
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] },
      Condition: { Null: { 's3:if-none-match': 'true' } },
    });
  });

  it('is reached by ledger-digest and the API alone', () => {
    const [bucketId] = digestBucket();
    const reaching = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.PolicyDocument).includes(bucketId))
      .flatMap((r) => (r.Properties.Roles as Array<{ Ref: string }>).map((x) => x.Ref))
      .sort();
    expect(reaching).toEqual(['ledger-digest', 'api'].map(roleOf).sort());
  });
});

describe('ledger-digest', () => {
  it('signs with the key, writes digests/ and lists their names (where signing really stopped): no read, no other key or bucket', () => {
    expect(digestGrants('ledger-digest')).toEqual([
      'kms:GetPublicKey kms:Sign on key',
      's3:ListBucket on bucket if {"StringLike":{"s3:prefix":"digests/*"}}',
      's3:PutObject on digests/*',
    ]);
    const others = statementsOf(roleOf('ledger-digest')).flatMap(actions).filter((a) => !a.startsWith('dynamodb:') && !a.startsWith('logs:') && !a.startsWith('xray:'));
    expect(others.sort()).toEqual(['kms:GetPublicKey', 'kms:Sign', 's3:ListBucket', 's3:PutObject']);
  });

  it('is told the key and the bucket', () => {
    const [keyId] = signingKey();
    const [bucketId] = digestBucket();
    expect(variables(fn('ledger-digest')[1])).toMatchObject({ DIGEST_KEY_ARN: { 'Fn::GetAtt': [keyId, 'Arn'] }, DIGEST_BUCKET: { Ref: bucketId } });
  });

  it('runs every 5 minutes, retried twice', () => {
    const [fnId] = fn('ledger-digest');
    const [, rule] = only('AWS::Events::Rule', (r) => JSON.stringify(r.Properties.Targets ?? []).includes(`"${fnId}"`));
    expect(rule.Properties).toMatchObject({ ScheduleExpression: 'rate(5 minutes)', Targets: [expect.objectContaining({ RetryPolicy: { MaximumRetryAttempts: 2 } })] });
  });

  it('alarms on its errors', () => {
    const [fnId] = fn('ledger-digest');
    const [, alarm] = only('AWS::CloudWatch::Alarm', (r) => r.Properties.MetricName === 'Errors' && JSON.stringify(r.Properties.Dimensions).includes(`"${fnId}"`));
    expect(alarm.Properties).toMatchObject({ Threshold: 1, AlarmActions: [expect.any(Object)] });
  });

  it('alarms when a run refuses a digest bookmark (moved ahead of the head, or to where no digest ends)', () => {
    const [, alarm] = only('AWS::CloudWatch::Alarm', (r) => r.Properties.MetricName === BOOKMARK_REFUSED_METRIC);
    expect(alarm.Properties).toMatchObject({
      Namespace: 'AwardPipeline',
      Dimensions: [{ Name: 'service', Value: 'ledger-digest' }],
      Statistic: 'Sum',
      Period: 60,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [expect.any(Object)],
    });
  });
});

describe('the API and digests', () => {
  it('is told the key, the bucket, the function that signs and the period it signs on', () => {
    const [keyId] = signingKey();
    const [bucketId] = digestBucket();
    const [digestFnId] = fn('ledger-digest');
    expect(variables(fn('api')[1])).toMatchObject({
      DIGEST_KEY_ARN: { 'Fn::GetAtt': [keyId, 'Arn'] },
      DIGEST_BUCKET: { Ref: bucketId },
      DIGEST_FUNCTION_NAME: { Ref: digestFnId },
      DIGEST_PERIOD_SECONDS: '300',
    });
  });

  it('reads the public key, lists and reads digests/ only, and never signs or writes a digest', () => {
    expect(digestGrants('api')).toEqual([
      'kms:GetPublicKey on key',
      's3:GetObject on digests/*',
      's3:ListBucket on bucket if {"StringLike":{"s3:prefix":"digests/*"}}',
    ]);
  });

  it('has the ledger signed now by invoking ledger-digest, and no other function', () => {
    const [digestFnId] = fn('ledger-digest');
    const invoking = statementsOf(roleOf('api')).filter((s) => actions(s).some((a) => a.startsWith('lambda:')));
    // The function itself (unqualified, as it is invoked): no version or alias, and no other function.
    expect(invoking).toEqual([{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [digestFnId, 'Arn'] } }]);
  });
});
