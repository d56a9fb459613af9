/**
 * Signed ledger digests (ADR 012): an asymmetric KMS key that signs each jurisdiction's ledger head, a bucket with
 * Object Lock in compliance mode that keeps every signed digest unchangeable, and ledger-digest, which signs every
 * 5 minutes. The API signs on demand (POST /ledger/digests), lists digests and serves the public key (`grantApi`).
 * These two functions' roles are the only principals that may sign: the key policy denies kms:Sign to every other,
 * so someone who can rewrite the table, or grant themselves IAM permissions, still cannot sign what they wrote.
 */
import { CfnOutput, Duration, Lazy, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DIGEST_PREFIX } from '../../shared/digests/s3';
import type { Alarms } from './alarms';
import { pipelineFunction } from './function';
import { every } from './schedule';

/**
 * How long a written digest can be neither deleted nor overwritten, by anyone, the account's root user included
 * (Object Lock compliance mode): ten years, as long as the access logs are kept and longer than any audit period
 * finance works to, so the evidence outlives every question asked of the ledger it signs.
 */
export const DIGEST_RETENTION = Duration.days(3650);

export interface DigestsProps {
  readonly table: dynamodb.ITableV2;
  readonly alarms: Alarms;
  /** The stack's S3 access log bucket (infra/constructs/payments.ts). */
  readonly accessLogs: s3.IBucket;
}

export class Digests extends Construct {
  readonly key: kms.Key;
  readonly bucket: s3.Bucket;
  /** What a function that signs or reads digests is told (functions/digests.ts). */
  readonly environment: Readonly<Record<string, string>>;
  /** The roles the key policy lets sign; read when the template is written. */
  private readonly signers: string[] = [];

  constructor(scope: Construct, id: string, props: DigestsProps) {
    super(scope, id);
    this.key = this.signingKey();
    this.bucket = this.digestBucket(props.accessLogs);
    this.environment = { DIGEST_KEY_ARN: this.key.keyArn, DIGEST_BUCKET: this.bucket.bucketName };
    const fn = pipelineFunction(this, {
      name: 'ledger-digest',
      entry: 'functions/ledger-digest/handler.ts',
      timeout: Duration.seconds(60),
      table: props.table,
      alarms: props.alarms,
      environment: { ...this.environment },
    });
    this.allowSigning(fn);
    // Writes digests (created once, If-None-Match) and nothing else: it never lists or reads one back.
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [this.objects()] }));
    this.acknowledgePrefix(fn);
    every(this, 'digest-schedule', Duration.minutes(5), fn, 'Every 5 minutes: sign each jurisdiction\'s new ledger entries and keep the digests under Object Lock');
    new CfnOutput(Stack.of(this), 'DigestKeyArn', { value: this.key.keyArn, description: 'The KMS key that signs ledger digests (its public key verifies them)' });
    new CfnOutput(Stack.of(this), 'DigestBucketName', { value: this.bucket.bucketName, description: 'Signed ledger digests, under Object Lock' });
  }

  /** The API signs on demand (POST /ledger/digests), lists and reads digests (GET /ledger/digests), serves the public key. */
  grantApi(fn: lambda.Function): void {
    this.allowSigning(fn);
    fn.addToRolePolicy(new iam.PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [this.bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': `${DIGEST_PREFIX}*` } },
    }));
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [this.objects()] }));
    this.acknowledgePrefix(fn);
  }

  private objects(): string {
    return this.bucket.arnForObjects(`${DIGEST_PREFIX}*`);
  }

  /** Sign and read the public key with this key alone; the key policy names the role as one that may sign. */
  private allowSigning(fn: lambda.Function): void {
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:Sign', 'kms:GetPublicKey'], resources: [this.key.keyArn] }));
    this.signers.push(this.roleOf(fn).roleArn);
  }

  private roleOf(fn: lambda.Function): iam.IRole {
    if (fn.role === undefined) throw new Error(`${fn.node.path} has no role to grant`);
    return fn.role;
  }

  private acknowledgePrefix(fn: lambda.Function): void {
    const bucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    Validations.of(this.roleOf(fn)).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${DIGEST_PREFIX}*]`,
      reason: 'Digests are named by the ranges they sign, known only at run time: the digests/ prefix of the one digest bucket is the narrowest grant there is.',
    });
  }

  /**
   * ECDSA P-256 (ES256), for signing only; kept whatever happens to the stack, as verifying old digests needs its
   * public key. Not rotated: KMS rotates no asymmetric key, and a new key would be a new ARN digests name (ADR 012).
   */
  private signingKey(): kms.Key {
    const key = new kms.Key(this, 'SigningKey', {
      keySpec: kms.KeySpec.ECC_NIST_P256,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      description: 'Signs ledger digests (ADR 012): only ledger-digest and the API may sign',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The default policy lets the account's IAM grant this key's use; this explicit Deny wins over any such grant (and
    // over KMS grants), so no principal but the digest signers' roles can sign, whatever its own policies say.
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'OnlyTheDigestSignersSign',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:Sign'],
      resources: ['*'],
      conditions: { ArnNotEquals: { 'aws:PrincipalArn': Lazy.list({ produce: () => this.signers }) } },
    }));
    return key;
  }

  /** Write-once (Object Lock, compliance mode), encrypted, versioned, TLS only, never public, retained, access logged. */
  private digestBucket(accessLogs: s3.IBucket): s3.Bucket {
    return new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(DIGEST_RETENTION),
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'digests/',
    });
  }
}
