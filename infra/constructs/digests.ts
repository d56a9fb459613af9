/**
 * Signed ledger digests (ADR 012): an asymmetric KMS key that signs each jurisdiction's ledger head, a bucket with
 * Object Lock in compliance mode that keeps every signed digest unchangeable, and ledger-digest, which signs every
 * 5 minutes. The API lists digests, serves the public key, and has the ledger signed on demand by invoking
 * ledger-digest (`grantApi`). That function's role is the only principal that may sign: the key policy denies kms:Sign
 * to every other, so someone who can rewrite the table, or grant themselves IAM permissions, or take the API, still
 * cannot sign what they wrote. The bucket's own policy refuses any write that is not a create-if-absent.
 */
import { CfnOutput, Duration, Lazy, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { BOOKMARK_REFUSED_METRIC } from '../../shared/app/digests/bookmark';
import { DIGEST_PREFIX } from '../../shared/adapters/digests/s3';
import type { Alarms } from './alarms';
import { pipelineFunction } from './function';
import { PrivateBucket } from './private-bucket';
import { every } from './schedule';

/**
 * How long a written digest can be neither deleted nor overwritten, by anyone, the account's root user included
 * (Object Lock compliance mode): ten years, as long as the access logs are kept and longer than any audit period
 * finance works to, so the evidence outlives every question asked of the ledger it signs.
 */
export const DIGEST_RETENTION = Duration.days(3650);

/** How often ledger-digest signs; verifiers let entries wait two periods unsigned (the API tells them this one). */
export const DIGEST_PERIOD = Duration.minutes(5);

export interface DigestsProps {
  readonly table: dynamodb.ITableV2;
  readonly alarms: Alarms;
  /** The stack's S3 access log bucket (infra/constructs/payments.ts). */
  readonly accessLogs: s3.IBucket;
}

export class Digests extends Construct {
  readonly key: kms.Key;
  readonly bucket: PrivateBucket;
  /** What a function that signs or reads digests is told (shared/adapters/digests/from-env.ts). */
  readonly environment: Readonly<Record<string, string>>;
  /** The roles the key policy lets sign (ledger-digest's alone); read when the template is written. */
  private readonly signers: string[] = [];
  /** ledger-digest: the API invokes it to sign now. */
  private readonly signer: lambda.IFunction;

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
    this.signer = fn;
    this.allowSigning(fn);
    // Writes digests (created once, If-None-Match) and lists their names, never their contents: the names say where
    // signing really stopped when the table's bookmark cannot be believed (shared/app/digests/bookmark.ts).
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [this.objects()] }));
    this.allowListing(fn);
    this.acknowledgePrefix(fn);
    every(this, 'digest-schedule', DIGEST_PERIOD, fn, 'Every 5 minutes: sign each jurisdiction\'s new ledger entries and keep the digests under Object Lock');
    props.alarms.count('digest-bookmark-refused', 'ledger-digest', BOOKMARK_REFUSED_METRIC, 'ledger-digest refused a digest bookmark (ahead of the head, or where no digest ends): someone moved it, or a fault did');
    this.writeOnceOnly();
    new CfnOutput(Stack.of(this), 'DigestKeyArn', { value: this.key.keyArn, description: 'The KMS key that signs ledger digests (its public key verifies them)' });
    new CfnOutput(Stack.of(this), 'DigestBucketName', { value: this.bucket.bucketName, description: 'Signed ledger digests, under Object Lock' });
  }

  /**
   * The API lists and reads digests (GET /ledger/digests), serves the public key and the period (GET
   * /ledger/digest-key), and has the ledger signed now (POST /ledger/digests) by invoking ledger-digest synchronously:
   * it never signs, and never writes a digest.
   */
  grantApi(fn: lambda.Function): void {
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:GetPublicKey'], resources: [this.key.keyArn] }));
    this.allowListing(fn);
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [this.objects()] }));
    // The function itself, unqualified (as it is invoked): no version, alias or other function.
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.signer.functionArn] }));
    fn.addEnvironment('DIGEST_FUNCTION_NAME', this.signer.functionName);
    fn.addEnvironment('DIGEST_PERIOD_SECONDS', String(DIGEST_PERIOD.toSeconds()));
    this.acknowledgePrefix(fn);
  }

  private allowListing(fn: lambda.Function): void {
    fn.addToRolePolicy(new iam.PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [this.bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': `${DIGEST_PREFIX}*` } },
    }));
  }

  /**
   * Write-once in the bucket's policy, not only in the code: a PutObject without If-None-Match (an overwrite, which
   * would make a new current version over a locked one, or a multipart part) is denied to everyone, whatever their IAM
   * policies allow. S3 checks the header's presence with the s3:if-none-match condition key.
   */
  private writeOnceOnly(): void {
    this.bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'WriteOnceOnly',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:PutObject'],
      resources: [this.bucket.arnForObjects('*')],
      conditions: { Null: { 's3:if-none-match': 'true' } },
    }));
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
    Validations.of(this.roleOf(fn)).acknowledge({
      id: this.bucket.objectsFinding(DIGEST_PREFIX),
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
      description: 'Signs ledger digests (ADR 012): only ledger-digest may sign',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The default policy lets the account's IAM grant this key's use; this explicit Deny wins over any such grant (and
    // over KMS grants), so no principal but ledger-digest's role can sign, whatever its own policies say.
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

  /** Write-once (Object Lock, compliance mode), and private as every bucket of the stack is (infra/constructs/private-bucket.ts). */
  private digestBucket(accessLogs: s3.IBucket): PrivateBucket {
    return new PrivateBucket(this, 'Bucket', { accessLogs: { bucket: accessLogs, prefix: 'digests/' }, objectLock: s3.ObjectLockRetention.compliance(DIGEST_RETENTION) });
  }
}
