/**
 * Money out (ADR 010): the payments bucket (pain.001 files the payment run writes under `outbound/`, the bank's
 * answers dropped under `inbound/`), payment-run on a schedule, bank-inbound on every file that lands in `inbound/`,
 * and the alarms finance needs: a payment returned by the bank, a reconciliation exception, a bank file refused.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { S3EventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { INBOUND_PREFIX, OUTBOUND_PREFIX } from '../../shared/payment-layout';
import type { Alarms } from './alarms';
import { pipelineFunction } from './function';
import { every } from './schedule';

export interface PaymentsProps {
  readonly table: dynamodb.ITableV2;
  readonly alarms: Alarms;
}

export class Payments extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: PaymentsProps) {
    super(scope, id);
    const { table, alarms } = props;
    this.bucket = this.paymentsBucket();
    const run = pipelineFunction(this, { name: 'payment-run', entry: 'functions/payment-run/handler.ts', timeout: Duration.seconds(120), table, alarms, environment: { PAYMENTS_BUCKET: this.bucket.bucketName } });
    // Writes files, and reads them back to complete a batch: outbound only.
    run.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject'], resources: [this.bucket.arnForObjects(`${OUTBOUND_PREFIX}*`)] }));
    every(this, 'payment-schedule', Duration.minutes(5), run, 'Every 5 minutes: claim payable awards into payment batches and write their pain.001 files');

    const inbound = pipelineFunction(this, { name: 'bank-inbound', entry: 'functions/bank-inbound/handler.ts', timeout: Duration.seconds(120), table, alarms });
    inbound.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [this.bucket.arnForObjects(`${INBOUND_PREFIX}*`)] }));
    inbound.addEventSource(new S3EventSource(this.bucket, { events: [s3.EventType.OBJECT_CREATED], filters: [{ prefix: INBOUND_PREFIX }] }));

    alarms.count('payments-returned', 'bank-inbound', 'PaymentsReturned', 'The bank returned or rejected a payment (e.g. AC04 closed account): fix the payee and retry, or void');
    alarms.count('reconciliation-exceptions', 'bank-inbound', 'ReconciliationExceptions', 'A bank answer matched no paying award, another amount, or a second confirmation: resolve it in the console');
    alarms.count('bank-files-refused', 'bank-inbound', 'BankFilesRefused', 'A bank file did not validate against its ISO 20022 schema: nothing changed; ask the bank for a valid file');
    alarms.count('payment-run-contention', 'payment-run', 'ContentionExhausted', 'payment-run lost races on one ledger past its retry budget: the next run claims the batch again');
  }

  /** Encrypted, versioned, TLS only, no public access, kept whatever happens to the stack, with its access logged. */
  private paymentsBucket(): s3.Bucket {
    const logs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(3650) }],
    });
    return new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'payments/',
    });
  }
}
