/**
 * Every S3 bucket of the stack is a PrivateBucket (infra/constructs/private-bucket.ts), proven on the synthesised
 * template: each has every public access block on, a bucket policy that denies any request without TLS, SSE-S3
 * encryption, versioning, and is retained; each but the access log bucket itself logs its access there. Then what
 * differs from bucket to bucket (object ownership for the log buckets, lifecycle rules, Object Lock) is as each needs,
 * and the construct alone, on a bare stack, applies the same hardening whatever options it is given.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import { DIGEST_RETENTION } from '../../infra/constructs/digests';
import { LOG_RETENTION, PrivateBucket } from '../../infra/constructs/private-bucket';

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string };

/** The stack's buckets by logical id (kept from before PrivateBucket: a changed id would replace a deployed bucket). */
const ACCESS_LOGS = 'PaymentsAccessLogs264031DF';
const BUCKETS = {
  [ACCESS_LOGS]: { logs: true, prefix: undefined },
  PaymentsBucketEB303F27: { logs: false, prefix: 'payments/' },
  DigestsBucket7909429A: { logs: false, prefix: 'digests/' },
  ConsoleSite26539DB4: { logs: false, prefix: 'console/' },
  ConsoleCdnLogs32B3D1BE: { logs: true, prefix: 'console-cdn-logs/' },
} as const;

let stack: Stack;
let template: Template;

/** The statement every bucket policy of the stack must hold: any request to the bucket or its objects without TLS is denied. */
function sslOnly(id: string) {
  const arn = { 'Fn::GetAtt': [id, 'Arn'] };
  return {
    Action: 's3:*',
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Resource: [arn, { 'Fn::Join': ['', [arn, '/*']] }],
  };
}

/** The hardening PrivateBucket applies to every bucket, as the template says it. */
function expectHardened(t: Template, id: string): void {
  const bucket = t.findResources('AWS::S3::Bucket')[id] as Resource | undefined;
  expect(bucket, id).toBeDefined();
  expect(bucket?.Properties, id).toMatchObject({
    PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    VersioningConfiguration: { Status: 'Enabled' },
  });
  expect([bucket?.DeletionPolicy, bucket?.UpdateReplacePolicy], id).toEqual(['Retain', 'Retain']);
  const policies = Object.values(t.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: id } } })) as Resource[];
  expect(policies, id).toHaveLength(1);
  const statements = (policies[0]?.Properties.PolicyDocument as { Statement: unknown[] }).Statement;
  expect(statements, id).toContainEqual(sslOnly(id));
}

describe('the stack\'s buckets', () => {
  // Here, not for the file: a stack cdk-nag refuses (as it refuses a bucket without TLS only) fails these alone.
  beforeAll(() => {
    ({ stack } = buildApp({ 'aws:cdk:bundling-stacks': [] }));
    template = Template.fromStack(stack);
  }, 120_000);

  it('are all PrivateBuckets, the five the stack has, with the logical ids they had', () => {
    const made = stack.node.findAll().filter((c): c is s3.Bucket => c instanceof s3.Bucket);
    expect(made.filter((b) => !(b instanceof PrivateBucket)).map((b) => b.node.path)).toEqual([]);
    expect(Object.keys(template.findResources('AWS::S3::Bucket')).sort()).toEqual(Object.keys(BUCKETS).sort());
  });

  it.each(Object.keys(BUCKETS))('%s blocks public access, allows TLS only, is encrypted, versioned and retained', (id) => {
    expectHardened(template, id);
  });

  it.each(Object.entries(BUCKETS))('%s logs its access to the access log bucket (but that one itself), ACLs off unless it receives logs', (id, { logs, prefix }) => {
    const { Properties: p } = template.findResources('AWS::S3::Bucket')[id] as Resource;
    expect(p.LoggingConfiguration).toEqual(prefix === undefined ? undefined : { DestinationBucketName: { Ref: ACCESS_LOGS }, LogFilePrefix: prefix });
    expect(p.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: logs ? 'BucketOwnerPreferred' : 'BucketOwnerEnforced' }] });
    if (logs) expect(p.LifecycleConfiguration).toEqual({ Rules: [{ ExpirationInDays: LOG_RETENTION.toDays(), Status: 'Enabled' }] });
  });

  it('keeps what differs: Object Lock on the digests alone, the console site\'s old versions for 90 days, the payments bucket telling EventBridge', () => {
    const buckets = template.findResources('AWS::S3::Bucket') as Record<string, Resource>;
    const locked = Object.entries(buckets).filter(([, r]) => r.Properties.ObjectLockEnabled !== undefined).map(([id]) => id);
    expect(locked).toEqual(['DigestsBucket7909429A']);
    expect(buckets.DigestsBucket7909429A?.Properties.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Days: DIGEST_RETENTION.toDays(), Mode: 'COMPLIANCE' } },
    });
    expect(buckets.ConsoleSite26539DB4?.Properties.LifecycleConfiguration).toEqual({ Rules: [{ NoncurrentVersionExpiration: { NoncurrentDays: 90 }, Status: 'Enabled' }] });
    for (const id of ['PaymentsBucketEB303F27', 'DigestsBucket7909429A']) expect(buckets[id]?.Properties.LifecycleConfiguration, id).toBeUndefined();
    expect(buckets.PaymentsBucketEB303F27?.Properties.NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
  });
});

describe('PrivateBucket alone', () => {
  it('hardens a bucket given no options, and one given every option, the same way', () => {
    const bare = new Stack(new App(), 'Bare');
    const logs = new PrivateBucket(bare, 'Logs', { logs: true });
    new PrivateBucket(bare, 'Plain');
    new PrivateBucket(bare, 'Everything', {
      accessLogs: { bucket: logs, prefix: 'everything/' },
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      objectLock: s3.ObjectLockRetention.governance(Duration.days(1)),
    });
    const t = Template.fromStack(bare);
    const ids = Object.keys(t.findResources('AWS::S3::Bucket'));
    expect(ids).toHaveLength(3);
    for (const id of ids) expectHardened(t, id);
  });

  it('names the cdk-nag finding a grant on its objects raises, by the bucket\'s logical id', () => {
    const bare = new Stack(new App(), 'Bare');
    const bucket = new PrivateBucket(bare, 'Files');
    const id = bare.getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
    expect(bucket.objectsFinding('outbound/')).toBe(`AwsSolutions-IAM5[Resource::<${id}.Arn>/outbound/*]`);
    expect(bucket.objectsFinding()).toBe(`AwsSolutions-IAM5[Resource::<${id}.Arn>/*]`);
  });
});
