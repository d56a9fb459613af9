/**
 * Facts in: the EventBridge bus (archived for replay; its resource policy generated from the table of upstream
 * systems), rules built from the one route table into the intake queue, award-intake in batches, the budget sweeper
 * that serves awards left waiting for budget, the event contracts in a schema registry, and the alarms on what
 * intake counts (conflicting repeats, refused revocations, contention).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as eventschemas from 'aws-cdk-lib/aws-eventschemas';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DETAIL_TYPES } from '../../shared/domain/vocabulary';
import { OVERDUE_TASK, QUEUES, ROUTES } from '../topology';
import { type UpstreamSystem, upstreamSystems } from '../upstream';
import type { Alarms } from './alarms';
import { ROOT, grantPersonKey, pipelineFunction } from './function';
import { type WorkingQueue, workingQueue } from './queue';
import { every } from './schedule';

export interface IntakeProps {
  readonly table: dynamodb.ITableV2;
  readonly alarms: Alarms;
  /** Upstream system name → the principal ARN that may put its facts (context `upstreamPrincipals`). */
  readonly upstreamPrincipals: Record<string, string>;
  /** The person key (ADR 009): award-intake keys people's ids with it. */
  readonly personKey: secretsmanager.ISecret;
}

export class Intake extends Construct {
  readonly bus: events.EventBus;
  readonly queue: WorkingQueue;

  constructor(scope: Construct, id: string, props: IntakeProps) {
    super(scope, id);
    const { table, alarms } = props;
    this.queue = workingQueue(this, 'intake', alarms);
    this.bus = this.eventBus(props.upstreamPrincipals);
    this.routes(alarms);
    this.schemaRegistry();

    const intake = pipelineFunction(this, {
      name: 'award-intake',
      entry: 'functions/award-intake/handler.ts',
      timeout: Duration.seconds(QUEUES.intake.functionTimeoutSeconds),
      table,
      alarms,
      environment: { PERSON_KEY_SECRET_ARN: props.personKey.secretArn },
    });
    grantPersonKey(intake, props.personKey);
    intake.addEventSource(
      new SqsEventSource(this.queue.queue, {
        batchSize: QUEUES.intake.batchSize,
        maxBatchingWindow: Duration.seconds(QUEUES.intake.maxBatchingWindowSeconds),
        maxConcurrency: QUEUES.intake.maxConcurrency,
        reportBatchItemFailures: true,
      }),
    );
    // Serves awards left waiting for budget that a rejection or revocation released before the process died.
    const budgetSweeper = pipelineFunction(this, { name: 'budget-sweeper', entry: 'functions/budget-sweeper/handler.ts', timeout: Duration.seconds(60), table, alarms });
    every(this, 'budget-sweep-schedule', Duration.minutes(5), budgetSweeper, 'Every 5 minutes: serve awards waiting for budget that is available');
    // Issue 22: once a day, the time limits (approval within N working days, payment within M): any award past one alarms.
    every(this, 'overdue-check-schedule', Duration.days(1), budgetSweeper, 'Once a day: count the awards past their time limit (超期未办)', OVERDUE_TASK);
    alarms.daily('overdue-awards', 'budget-sweeper', 'OverdueAwards', 'Awards are past their time limit (approval or payment, in working days): see GET /reports/overdue and the console\'s 报表 page');

    // Money anomalies: each is a person's question to answer, not a failure a retry will fix.
    alarms.count('conflicting-repeats', 'award-intake', 'ConflictingRepeats', 'A repeat of a fact computed other awards than its first arrival: the upstream systems disagree about the fact (nothing was paid again)');
    alarms.count('revocations-refused', 'award-intake', 'RevocationsRefused', 'A revocation from a source other than the one that sent the fact was refused');
    alarms.count('award-intake-contention', 'award-intake', 'ContentionExhausted', 'award-intake lost races on one ledger past its retry budget: the write was not made and will be retried');
  }

  private eventBus(principals: Record<string, string>): events.EventBus {
    const stack = Stack.of(this);
    // A name of its own, so the bus's policy can name the bus without referring to itself.
    const busName = `${stack.stackName}-facts`;
    const bus = new events.EventBus(this, 'Bus', { eventBusName: busName, description: 'Facts from upstream systems (CONTRACT.md §1)' });
    const busArn = stack.formatArn({ service: 'events', resource: 'event-bus', resourceName: busName });
    const policy = new iam.PolicyDocument({ statements: upstreamSystems(principals).flatMap((system) => this.upstreamStatements(system, busArn)) });
    (bus.node.defaultChild as events.CfnEventBus).policy = policy.toJSON();
    bus.archive('Archive', { description: 'Every quality.* event, for replay', eventPattern: { source: events.Match.prefix('quality.') }, retention: Duration.days(365) });
    new CfnOutput(stack, 'BusName', { value: bus.eventBusName, description: 'PutEvents to this bus (EventBusName)' });
    return bus;
  }

  /**
   * An upstream system may put only its own sources and detail-types: an Allow with both conditions, and two
   * explicit Denies (any other source; any other detail-type) that hold even if the principal's own IAM policy
   * allows PutEvents everywhere.
   */
  private upstreamStatements(system: UpstreamSystem, busArn: string): iam.PolicyStatement[] {
    const principal = new iam.ArnPrincipal(system.principal ?? this.upstreamRole(system, busArn).roleArn);
    const base = { principals: [principal], actions: ['events:PutEvents'], resources: [busArn] };
    const id = system.name.replace(/[^A-Za-z0-9]/g, '');
    return [
      new iam.PolicyStatement({ ...base, sid: `Upstream${id}Put`, conditions: { StringEquals: { 'events:source': system.sources, 'events:detail-type': system.detailTypes } } }),
      new iam.PolicyStatement({ ...base, sid: `Upstream${id}OwnSources`, effect: iam.Effect.DENY, conditions: { StringNotEquals: { 'events:source': system.sources } } }),
      new iam.PolicyStatement({ ...base, sid: `Upstream${id}OwnDetailTypes`, effect: iam.Effect.DENY, conditions: { StringNotEquals: { 'events:detail-type': system.detailTypes } } }),
    ];
  }

  /** A system with no principal of its own gets a role in this account, with the same limits in its own policy. */
  private upstreamRole(system: UpstreamSystem, busArn: string): iam.Role {
    // IAM descriptions take Latin-1 only: the Chinese name of the department stays in infra/upstream.ts.
    const description = `Upstream system ${system.name}: ${system.description.replace(/\s*\([^)]*[^\x20-\x7e][^)]*\)/g, '')}`;
    const role = new iam.Role(this, `upstream-${system.name}`, { assumedBy: new iam.AccountRootPrincipal(), description });
    role.addToPolicy(
      new iam.PolicyStatement({ actions: ['events:PutEvents'], resources: [busArn], conditions: { StringEquals: { 'events:source': system.sources, 'events:detail-type': system.detailTypes } } }),
    );
    new CfnOutput(Stack.of(this), `UpstreamRole${system.name.replace(/[^A-Za-z0-9]/g, '')}`, { value: role.roleArn, description: `Assume this role to send ${system.name} facts` });
    return role;
  }

  /** One rule per route of the route table; what EventBridge cannot deliver after its retries is kept, and alarmed. */
  private routes(alarms: Alarms): void {
    const undeliverable = new sqs.Queue(this, 'undeliverable-events', { retentionPeriod: Duration.days(14), enforceSSL: true, encryption: sqs.QueueEncryption.SQS_MANAGED });
    Validations.of(undeliverable).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself a dead-letter queue: the EventBridge rule targets send undeliverable events to it (cdk-nag only recognises SQS redrive).',
    });
    alarms.alarm('undeliverable-depth', undeliverable.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }), 'Events EventBridge could not deliver');
    for (const route of ROUTES) {
      new events.Rule(this, `route-${route.detailType}`, {
        eventBus: this.bus,
        description: `${route.detailType} from quality.* to the ${route.queue} queue`,
        eventPattern: { source: events.Match.prefix(route.sourcePrefix), detailType: [route.detailType] },
        targets: [new eventTargets.SqsQueue(this.queue.queue, { deadLetterQueue: undeliverable, retryAttempts: 20, maxEventAge: Duration.hours(24) })],
      });
    }
  }

  private schemaRegistry(): void {
    const registry = new eventschemas.CfnRegistry(this, 'SchemaRegistry', {
      registryName: `${Stack.of(this).stackName}-events`,
      description: 'The event contracts of the award pipeline (docs/events/, generated from the zod contracts)',
    });
    for (const detailType of DETAIL_TYPES) {
      new eventschemas.CfnSchema(this, `schema-${detailType}`, {
        registryName: registry.attrRegistryName,
        schemaName: `quality@${detailType}`,
        type: 'JSONSchemaDraft4',
        content: readFileSync(join(ROOT, 'docs/events', `${detailType}.json`), 'utf8'),
        description: `The ${detailType} event`,
      });
    }
    new CfnOutput(Stack.of(this), 'SchemaRegistryName', { value: registry.attrRegistryName });
  }
}
