/**
 * Money out (ADR 010): the payments bucket (pain.001 files the payment run writes under `outbound/`, the bank's
 * answers dropped under `inbound/`), payment-run on a schedule, bank-inbound on every file that lands in `inbound/`,
 * and the alarms finance needs: a payment returned by the bank, a reconciliation exception, a bank file refused.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { INBOUND_PREFIX, OFFICER_INBOUND_PREFIX, OUTBOUND_PREFIX } from '../../shared/payment-layout';
import type { Alarms } from './alarms';
import { pipelineFunction } from './function';
import { PrivateBucket } from './private-bucket';
import { every } from './schedule';

export interface PaymentsProps {
  readonly table: dynamodb.ITableV2;
  readonly alarms: Alarms;
}

export class Payments extends Construct {
  readonly bucket: PrivateBucket;
  /** The stack's S3 access log bucket: the payments bucket's, the digest bucket's and the console buckets' (by prefix). */
  readonly accessLogs: PrivateBucket;

  constructor(scope: Construct, id: string, props: PaymentsProps) {
    super(scope, id);
    const { table, alarms } = props;
    [this.bucket, this.accessLogs] = this.paymentsBucket();
    const run = pipelineFunction(this, { name: 'payment-run', entry: 'functions/payment-run/handler.ts', timeout: Duration.seconds(120), table, alarms, environment: { PAYMENTS_BUCKET: this.bucket.bucketName } });
    // Writes files (created once, If-None-Match), outbound only; reads one back only to tell an OPEN batch whose file
    // was stored before a crash from one whose file never was (review M5, shared/app/payments/filing.ts).
    run.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject'], resources: [this.bucket.arnForObjects(`${OUTBOUND_PREFIX}*`)] }));
    every(this, 'payment-schedule', Duration.minutes(5), run, 'Every 5 minutes: claim payable awards into payment batches and write their pain.001 files');

    const inbound = pipelineFunction(this, { name: 'bank-inbound', entry: 'functions/bank-inbound/handler.ts', timeout: Duration.seconds(120), table, alarms });
    inbound.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [this.bucket.arnForObjects(`${INBOUND_PREFIX}*`)] }));
    // S3 tells EventBridge of every new object (set on the bucket itself: no notifications custom resource, no managed
    // policy); a rule sends those under inbound/ to bank-inbound. The dead-letter queue keeps notices EventBridge could
    // not deliver; a function error is retried by Lambda and then logged, counted and alarmed (Errors), the file
    // staying in the bucket for POST /bank-files.
    new events.Rule(this, 'inbound-files', {
      description: 'A bank file (pain.002, camt.054, camt.053) dropped under inbound/: reconcile it',
      eventPattern: { source: ['aws.s3'], detailType: ['Object Created'], detail: { bucket: { name: [this.bucket.bucketName] }, object: { key: [{ prefix: INBOUND_PREFIX }] } } },
      targets: [new eventTargets.LambdaFunction(inbound, { retryAttempts: 2, deadLetterQueue: this.undeliverable(alarms) })],
    });

    // The API writes and reads payment files too: acknowledged for the whole stack.
    Validations.of(Stack.of(this)).acknowledge(
      { id: this.bucket.objectsFinding(OUTBOUND_PREFIX), reason: 'Payment files are named by their batch at run time: the outbound/ prefix of the one payments bucket is the narrowest grant there is.' },
      { id: this.bucket.objectsFinding(INBOUND_PREFIX), reason: 'Bank files are named by the bank: bank-inbound reads only the inbound/ prefix of the one payments bucket.' },
      { id: this.bucket.objectsFinding(OFFICER_INBOUND_PREFIX), reason: 'Officers\' queued bank files are named by their message id and hash: the API writes only under inbound/officers/ of the one payments bucket, and reads nothing there.' },
    );
    // Bank files arrive by the bucket (bank-inbound) or by an officer (the API): either way finance hears of them.
    for (const service of ['bank-inbound', 'api'] as const) {
      alarms.count(`payments-returned-${service}`, service, 'PaymentsReturned', 'The bank returned or rejected a payment (e.g. AC04 closed account): fix the payee and retry, or void');
      alarms.count(`reconciliation-exceptions-${service}`, service, 'ReconciliationExceptions', 'A bank answer matched no paying award, another amount, or a second confirmation: resolve it');
    }
    alarms.count('awards-unpayable', 'payment-run', 'AwardsUnpayable', 'An approved award cannot be written into a valid payment file (a name or reference a bank file cannot carry): fix it');
    // An answer settled a payment of a batch whose file the bank never had: the rest were filed without it (review M5).
    for (const service of ['payment-run', 'api'] as const) {
      alarms.count(`payments-left-out-${service}`, service, 'PaymentsLeftOutOfFile', 'A payment was settled by a bank answer before its batch\'s file was written: it was left out of the file; find who imported that answer');
    }
    alarms.count('bank-files-refused', 'bank-inbound', 'BankFilesRefused', 'A bank file did not validate against its ISO 20022 schema: nothing changed; ask the bank for a valid file');
    // A message id another file (other content or type) already holds: someone reused a real id, or the bank did. The
    // file is refused whole and kept as a BANK_MESSAGE_CONFLICT exception; either way a person must look (CONTRACT §6).
    for (const service of ['bank-inbound', 'api'] as const) {
      alarms.count(`bank-message-conflicts-${service}`, service, 'BankMessageConflicts', 'A bank file reuses the message id of another file already imported: refused, nothing changed; compare both with the bank');
    }
    alarms.count('bank-files-unfinished', 'bank-inbound', 'BankFilesUnfinished', 'A large bank file was not reconciled in one invocation: its place is kept and Lambda retries it; if the retries end, copy the same file to inbound/ again');
    alarms.count('payment-run-contention', 'payment-run', 'ContentionExhausted', 'payment-run lost races on one ledger past its retry budget: the next run claims the batch again');
  }

  /** Notices of bank files bank-inbound failed on after its retries: kept 14 days, alarmed (the file itself stays in S3). */
  private undeliverable(alarms: Alarms): sqs.Queue {
    const queue = new sqs.Queue(this, 'undelivered-bank-files', { retentionPeriod: Duration.days(14), enforceSSL: true, encryption: sqs.QueueEncryption.SQS_MANAGED });
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself a dead-letter queue: the EventBridge rule sends the notices of bank files it could not deliver to it (cdk-nag only recognises SQS redrive).',
    });
    alarms.alarm('undelivered-bank-files-depth', queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }), 'Bank files bank-inbound could not be invoked for: reconcile them with POST /bank-files');
    return queue;
  }

  /**
   * The stack's access log bucket (S3 delivers server access logs by ACL grant), and the payments bucket, its access
   * logged there; S3 tells EventBridge of every new payments object (for bank-inbound's rule).
   */
  private paymentsBucket(): [PrivateBucket, PrivateBucket] {
    const logs = new PrivateBucket(this, 'AccessLogs', { logs: true });
    const bucket = new PrivateBucket(this, 'Bucket', { accessLogs: { bucket: logs, prefix: 'payments/' } });
    (bucket.node.defaultChild as s3.CfnBucket).addPropertyOverride('NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled', true);
    return [bucket, logs];
  }
}
