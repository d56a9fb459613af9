/**
 * Alarms: one encrypted SNS topic every alarm notifies, and the two kinds of alarm the pipeline raises: on a
 * metric AWS emits (errors, dead-letter depth) and on a count the functions emit with Powertools (money anomalies,
 * contention, 5xx). Any count of one or more in a minute alarms: each is a person's question to answer.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { FunctionName } from '../access';

export const METRICS_NAMESPACE = 'AwardPipeline';

export class Alarms extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const key = new kms.Key(this, 'AlarmKey', { enableKeyRotation: true, description: 'Encrypts the alarm topic' });
    this.topic = new sns.Topic(this, 'Alarms', { masterKey: key, enforceSSL: true });
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
  }

  /** An alarm when `metric` reaches one in a period; no data is not a breach. */
  alarm(id: string, metric: cloudwatch.IMetric, description: string): void {
    new cloudwatch.Alarm(this, id, {
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    }).addAlarmAction(new cwActions.SnsAction(this.topic));
  }

  /**
   * An alarm on a count a function emits once a day (the overdue check, issue 22): summed over a day, so the alarm
   * stays raised until the next day's check finds none, instead of for the one minute the count was emitted in.
   */
  daily(id: string, service: FunctionName, metricName: string, description: string): void {
    const metric = new cloudwatch.Metric({ namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { service }, statistic: 'Sum', period: Duration.days(1) });
    this.alarm(id, metric, description);
  }

  /** An alarm on a count a function emits (namespace AwardPipeline, dimension `service`, the function's name). */
  count(id: string, service: FunctionName, metricName: string, description: string): void {
    const metric = new cloudwatch.Metric({ namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { service }, statistic: 'Sum', period: Duration.minutes(1) });
    this.alarm(id, metric, description);
  }
}
