/** A function run on a fixed rate by an EventBridge schedule, retried twice when an invocation fails. */
import type { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

export function every(
  scope: Construct,
  id: string,
  rate: Duration,
  target: lambda.IFunction,
  description: string,
  input?: Record<string, unknown>,
): void {
  const event = input === undefined ? {} : { event: events.RuleTargetInput.fromObject(input) };
  const lambdaTarget = new eventTargets.LambdaFunction(target, { retryAttempts: 2, ...event });
  new events.Rule(scope, id, { description, schedule: events.Schedule.rate(rate), targets: [lambdaTarget] });
}
