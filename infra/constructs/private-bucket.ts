/**
 * The one way this stack makes an S3 bucket: private (every public access block on, and ACLs off unless the bucket
 * receives logs delivered by ACL grant), encrypted (SSE-S3), TLS only (the bucket policy denies any request without
 * it), versioned, retained whatever happens to the stack, and its own access logged to the stack's access log bucket.
 * Retained: a versioned bucket with objects cannot be deleted by CloudFormation without an auto-delete custom resource
 * (one more function, with delete rights on the bucket), and what the buckets hold (payment files, digests, logs) is
 * evidence. Only what really differs from bucket to bucket is an option: where its access is logged, whether it holds
 * logs, its lifecycle rules, Object Lock. A subclass of s3.Bucket, so a bucket keeps its construct id and logical id.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/** How long logs are kept before they expire: ten years, as long as a digest is locked (infra/constructs/digests.ts). */
export const LOG_RETENTION = Duration.days(3650);

export interface PrivateBucketProps {
  /**
   * Where this bucket's own access is logged: the stack's access log bucket, under `prefix` (e.g. `payments/`).
   * Omitted only by that log bucket itself, the target of every other bucket's logs (as cdk-nag recognises).
   */
  readonly accessLogs?: { readonly bucket: s3.IBucket; readonly prefix: string };
  /**
   * The bucket receives logs a service delivers by ACL grant (S3 server access logs, CloudFront standard logs): ACLs
   * stay usable (BUCKET_OWNER_PREFERRED rather than BUCKET_OWNER_ENFORCED) and the logs expire after LOG_RETENTION.
   */
  readonly logs?: boolean;
  /** Lifecycle rules of the bucket's own (a log bucket's expiration comes first). */
  readonly lifecycleRules?: s3.LifecycleRule[];
  /** Object Lock's default retention: where given, the bucket is made with Object Lock (it cannot be turned on later). */
  readonly objectLock?: s3.ObjectLockRetention;
}

export class PrivateBucket extends s3.Bucket {
  constructor(scope: Construct, id: string, props: PrivateBucketProps = {}) {
    const lifecycleRules = [...(props.logs === true ? [{ expiration: LOG_RETENTION }] : []), ...(props.lifecycleRules ?? [])];
    super(scope, id, {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: props.logs === true ? s3.ObjectOwnership.BUCKET_OWNER_PREFERRED : s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      ...(props.objectLock === undefined ? {} : { objectLockEnabled: true, objectLockDefaultRetention: props.objectLock }),
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: props.accessLogs?.bucket,
      serverAccessLogsPrefix: props.accessLogs?.prefix,
      lifecycleRules: lifecycleRules.length === 0 ? undefined : lifecycleRules,
    });
  }

  /**
   * The cdk-nag finding a grant on this bucket's objects under `prefix` raises (AwsSolutions-IAM5 on
   * `<bucket>.Arn/<prefix>*`), to acknowledge with the reason the wildcard is the narrowest grant there is.
   */
  objectsFinding(prefix = ''): string {
    return `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.node.defaultChild as s3.CfnBucket)}.Arn>/${prefix}*]`;
  }
}
