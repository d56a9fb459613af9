/**
 * The award pipeline on AWS: an EventBridge bus (archived for replay, its resource policy generated from the table
 * of upstream systems) whose rules, built from the one route table, feed an SQS intake queue; award-intake; the award
 * table; the HTTP API behind a Cognito JWT authorizer; the disbursement queue and disburse; the two sweepers; alarms
 * on failures and on money anomalies; and the event contracts in an EventBridge schema registry.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as eventschemas from 'aws-cdk-lib/aws-eventschemas';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { DETAIL_TYPES } from '../shared/domain/vocabulary';
import { API_ROUTES, PUBLIC_ROUTES } from '../functions/api/routes';
import { catalogJurisdictions } from '../shared/domain/catalog';
import { CATALOG } from '../shared/policies';
import { TABLE_SCHEMA } from '../shared/store/table';
import { type FunctionName, TABLE_ACCESS } from './access';
import { QUEUES, type QueueName, ROUTES } from './topology';
import { type UpstreamSystem, upstreamSystems } from './upstream';

const ROOT = join(import.meta.dirname, '..');
const METRICS_NAMESPACE = 'AwardPipeline';

/** The roles of CONTRACT §2, as Cognito groups, for every jurisdiction the catalog pays in. */
export function roleGroups(): string[] {
  return [...catalogJurisdictions(CATALOG).flatMap((j) => [`approver:${j}`, `officer:${j}`, `budget-admin:${j}`]), 'auditor'];
}

type Queues = Record<QueueName, { queue: sqs.Queue; dlq: sqs.Queue }>;

export class AwardPipelineStack extends Stack {
  private readonly table: dynamodb.TableV2;
  private readonly alarmTopic: sns.Topic;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.table = this.awardTable();
    this.alarmTopic = this.alarmChannel();
    const queues = this.queues();
    const bus = this.eventsIn(queues);
    const fns = this.functions(queues);
    this.httpApi(fns.api);
    this.alarms(queues);
    new CfnOutput(this, 'BusName', { value: bus.eventBusName, description: 'PutEvents to this bus (EventBusName)' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    this.acknowledgements();
  }

  // ------------------------------------------------------------------------------------------ data

  private awardTable(): dynamodb.TableV2 {
    return new dynamodb.TableV2(this, 'Table', {
      partitionKey: { name: TABLE_SCHEMA.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_SCHEMA.sortKey, type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      globalSecondaryIndexes: TABLE_SCHEMA.indexes.map((index) => ({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      })),
    });
  }

  // ------------------------------------------------------------------------------------------ queues

  private queues(): Queues {
    const queues = {} as Queues;
    for (const [name, spec] of Object.entries(QUEUES) as Array<[QueueName, (typeof QUEUES)[QueueName]]>) {
      const dlq = new sqs.Queue(this, `${name}-dlq`, { retentionPeriod: Duration.days(14), enforceSSL: true, encryption: sqs.QueueEncryption.SQS_MANAGED });
      const queue = new sqs.Queue(this, `${name}-queue`, {
        visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
        retentionPeriod: Duration.days(14),
        deadLetterQueue: { queue: dlq, maxReceiveCount: spec.maxReceiveCount },
        enforceSSL: true,
        encryption: sqs.QueueEncryption.SQS_MANAGED,
      });
      queues[name] = { queue, dlq };
    }
    return queues;
  }

  // ------------------------------------------------------------------------------------------ events in

  private eventsIn(queues: Queues): events.EventBus {
    // A name of its own, so the bus's policy can name the bus without referring to itself.
    const busName = `${this.stackName}-facts`;
    const bus = new events.EventBus(this, 'Bus', { eventBusName: busName, description: 'Facts from upstream systems (CONTRACT.md §1)' });
    const busArn = this.formatArn({ service: 'events', resource: 'event-bus', resourceName: busName });
    const systems = upstreamSystems((this.node.tryGetContext('upstreamPrincipals') as Record<string, string> | undefined) ?? {});
    const policy = new iam.PolicyDocument({ statements: systems.flatMap((system) => this.upstreamStatements(system, busArn)) });
    (bus.node.defaultChild as events.CfnEventBus).policy = policy.toJSON();

    bus.archive('Archive', { description: 'Every quality.* event, for replay', eventPattern: { source: events.Match.prefix('quality.') }, retention: Duration.days(365) });
    // Events EventBridge could not deliver to the intake queue after its retries: kept, and alarmed.
    const undeliverable = new sqs.Queue(this, 'undeliverable-events', { retentionPeriod: Duration.days(14), enforceSSL: true, encryption: sqs.QueueEncryption.SQS_MANAGED });
    Validations.of(undeliverable).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself a dead-letter queue: the EventBridge rule targets send undeliverable events to it (cdk-nag only recognises SQS redrive).',
    });
    this.alarm('undeliverable-depth', undeliverable.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }), 'Events EventBridge could not deliver');
    for (const route of ROUTES) {
      new events.Rule(this, `route-${route.detailType}`, {
        eventBus: bus,
        description: `${route.detailType} from quality.* to the ${route.queue} queue`,
        eventPattern: { source: events.Match.prefix(route.sourcePrefix), detailType: [route.detailType] },
        targets: [new eventTargets.SqsQueue(queues[route.queue].queue, { deadLetterQueue: undeliverable, retryAttempts: 20, maxEventAge: Duration.hours(24) })],
      });
    }
    this.schemaRegistry();
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
    const role = new iam.Role(this, `upstream-${system.name}`, { assumedBy: new iam.AccountRootPrincipal(), description: `Upstream system ${system.name}: ${system.description}` });
    role.addToPolicy(
      new iam.PolicyStatement({ actions: ['events:PutEvents'], resources: [busArn], conditions: { StringEquals: { 'events:source': system.sources, 'events:detail-type': system.detailTypes } } }),
    );
    new CfnOutput(this, `UpstreamRole${system.name.replace(/[^A-Za-z0-9]/g, '')}`, { value: role.roleArn, description: `Assume this role to send ${system.name} facts` });
    return role;
  }

  private schemaRegistry(): void {
    const registry = new eventschemas.CfnRegistry(this, 'SchemaRegistry', {
      registryName: `${this.stackName}-events`,
      description: 'The event contracts of the award pipeline (events/schemas/, generated from the zod contracts)',
    });
    for (const detailType of DETAIL_TYPES) {
      new eventschemas.CfnSchema(this, `schema-${detailType}`, {
        registryName: registry.attrRegistryName,
        schemaName: `quality@${detailType}`,
        type: 'JSONSchemaDraft4',
        content: readFileSync(join(ROOT, 'events/schemas', `${detailType}.json`), 'utf8'),
        description: `The ${detailType} event`,
      });
    }
    new CfnOutput(this, 'SchemaRegistryName', { value: registry.attrRegistryName });
  }

  // ------------------------------------------------------------------------------------------ functions

  /** One function with its own role, log group and exactly the table access TABLE_ACCESS gives it. */
  private fn(name: FunctionName, entry: string, timeout: Duration, environment: Record<string, string>): NodejsFunction {
    const logGroup = new logs.LogGroup(this, `${name}-logs`, { retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    // A role of its own, writing only to its own log group (no AWSLambdaBasicExecutionRole and its logs:* on *).
    const role = new iam.Role(this, `${name}-role`, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    // A log group's ARN (Fn::GetAtt Arn) already covers its streams ("log-group:NAME:*").
    role.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
    const f = new NodejsFunction(this, name, {
      entry: join(ROOT, entry),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout,
      role,
      logGroup,
      tracing: lambda.Tracing.ACTIVE,
      depsLockFilePath: join(ROOT, 'package-lock.json'),
      projectRoot: ROOT,
      environment: {
        TABLE_NAME: this.table.tableName,
        POWERTOOLS_SERVICE_NAME: name,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        NODE_OPTIONS: '--enable-source-maps',
        ...environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        minify: true,
        // Source maps for stack traces (NODE_OPTIONS --enable-source-maps), without the sources in them: a third of
        // the size, and a faster cold start (bench/REPORT.md).
        sourceMap: true,
        sourcesContent: false,
        target: 'node22',
        mainFields: ['module', 'main'],
        // Some dependencies (the X-Ray SDK) are CommonJS and call require: give the ESM bundle one.
        banner: 'import { createRequire as topLevelCreateRequire } from \'module\'; const require = topLevelCreateRequire(import.meta.url);',
      },
    });
    const access = TABLE_ACCESS[name];
    // Exact ARNs of the table and of each index it queries: no resource wildcard.
    const resources = [...(access.table ? [this.table.tableArn] : []), ...access.indexes.map((index) => `${this.table.tableArn}/index/${index}`)];
    f.addToRolePolicy(new iam.PolicyStatement({ actions: access.actions.map((a) => `dynamodb:${a}`), resources }));
    this.alarm(`${name}-errors`, f.metricErrors({ period: Duration.minutes(1) }), `Errors of ${name}`);
    return f;
  }

  private functions(queues: Queues) {
    const intake = this.fn('award-intake', 'functions/award-intake/handler.ts', Duration.seconds(QUEUES.intake.functionTimeoutSeconds), {});
    intake.addEventSource(
      new SqsEventSource(queues.intake.queue, {
        batchSize: QUEUES.intake.batchSize,
        maxBatchingWindow: Duration.seconds(QUEUES.intake.maxBatchingWindowSeconds),
        maxConcurrency: QUEUES.intake.maxConcurrency,
        reportBatchItemFailures: true,
      }),
    );
    const disburse = this.fn('disburse', 'functions/disburse/handler.ts', Duration.seconds(QUEUES.disbursement.functionTimeoutSeconds), {
      DELIVERIES_MAX: String(QUEUES.disbursement.maxReceiveCount),
    });
    disburse.addEventSource(
      new SqsEventSource(queues.disbursement.queue, {
        batchSize: QUEUES.disbursement.batchSize,
        maxConcurrency: QUEUES.disbursement.maxConcurrency,
        reportBatchItemFailures: true,
      }),
    );
    const api = this.fn('api', 'functions/api/handler.ts', Duration.seconds(10), { DISBURSEMENT_QUEUE_URL: queues.disbursement.queue.queueUrl });
    queues.disbursement.queue.grantSendMessages(api);

    // Re-queues awards left APPROVED without a payment (the API enqueues after the approval commits).
    const disburseSweeper = this.fn('disburse-sweeper', 'functions/disburse/sweeper-handler.ts', Duration.seconds(60), {
      DISBURSEMENT_QUEUE_URL: queues.disbursement.queue.queueUrl,
      SWEEP_GRACE_SECONDS: '600',
    });
    queues.disbursement.queue.grantSendMessages(disburseSweeper);
    this.schedule('sweep-schedule', Duration.minutes(10), disburseSweeper, 'Every 10 minutes: re-queue awards approved over 10 minutes ago and not yet paid');
    // Serves awards left waiting for budget that a rejection or revocation released before the process died.
    const budgetSweeper = this.fn('budget-sweeper', 'functions/budget-sweeper/handler.ts', Duration.seconds(60), {});
    this.schedule('budget-sweep-schedule', Duration.minutes(5), budgetSweeper, 'Every 5 minutes: serve awards waiting for budget that is available');
    return { intake, disburse, api, disburseSweeper, budgetSweeper };
  }

  private schedule(id: string, every: Duration, target: lambda.IFunction, description: string): void {
    new events.Rule(this, id, { description, schedule: events.Schedule.rate(every), targets: [new eventTargets.LambdaFunction(target, { retryAttempts: 2 })] });
  }

  // ------------------------------------------------------------------------------------------ people and the HTTP API

  private httpApi(api: lambda.IFunction): void {
    const userPool = new cognito.UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { sms: false, otp: true },
      passwordPolicy: { minLength: 14, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
    });
    for (const group of roleGroups()) {
      new cognito.CfnUserPoolGroup(this, `group-${group.replace(':', '-')}`, { userPoolId: userPool.userPoolId, groupName: group, description: `Role ${group} (CONTRACT.md §2)` });
    }
    const client = userPool.addClient('ApiClient', {
      authFlows: { userSrp: true },
      generateSecret: false,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      preventUserExistenceErrors: true,
    });
    const authorizer = new HttpJwtAuthorizer('Jwt', `https://cognito-idp.${this.region}.amazonaws.com/${userPool.userPoolId}`, { jwtAudience: [client.userPoolClientId] });
    const httpApi = new apigw.HttpApi(this, 'Api', { description: 'Finance and auditors (CONTRACT.md §3)', defaultAuthorizer: authorizer });
    const integration = new HttpLambdaIntegration('ApiIntegration', api);
    const addRoute = (routeKey: string, isPublic: boolean) => {
      const [method, path] = routeKey.split(' ') as [string, string];
      httpApi.addRoutes({ path, methods: [method as apigw.HttpMethod], integration, ...(isPublic ? { authorizer: new apigw.HttpNoneAuthorizer() } : {}) });
    };
    for (const route of API_ROUTES) addRoute(route, false);
    for (const route of PUBLIC_ROUTES) addRoute(route, true);
    const accessLogs = new logs.LogGroup(this, 'api-access-logs', { retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    const stage = httpApi.defaultStage?.node.defaultChild as apigw.CfnStage;
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        user: '$context.authorizer.claims.sub',
        routeKey: '$context.routeKey',
        status: '$context.status',
        latency: '$context.responseLatency',
        error: '$context.error.message',
      }),
    };
    stage.defaultRouteSettings = { throttlingBurstLimit: 100, throttlingRateLimit: 50 };
    new CfnOutput(this, 'ApiUrl', { value: httpApi.apiEndpoint, description: 'The HTTP API (AWARDS_API_URL)' });
    new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: client.userPoolClientId });
  }

  // ------------------------------------------------------------------------------------------ alarms

  private alarmChannel(): sns.Topic {
    const alarmKey = new kms.Key(this, 'AlarmKey', { enableKeyRotation: true, description: 'Encrypts the alarm topic' });
    const topic = new sns.Topic(this, 'Alarms', { masterKey: alarmKey, enforceSSL: true });
    alarmKey.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    return topic;
  }

  private alarm(id: string, metric: cloudwatch.IMetric, description: string): void {
    new cloudwatch.Alarm(this, id, {
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    }).addAlarmAction(new cwActions.SnsAction(this.alarmTopic));
  }

  /** A count the functions emit with Powertools (dimension `service`, the function's name). */
  private count(service: FunctionName, metricName: string): cloudwatch.Metric {
    return new cloudwatch.Metric({ namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { service }, statistic: 'Sum', period: Duration.minutes(1) });
  }

  private alarms(queues: Queues): void {
    for (const [name, { dlq }] of Object.entries(queues)) {
      this.alarm(`${name}-dlq-depth`, dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }), `Messages in the ${name} dead-letter queue`);
    }
    // Money anomalies: each is a person's question to answer, not a failure a retry will fix.
    this.alarm('conflicting-repeats', this.count('award-intake', 'ConflictingRepeats'), 'A repeat of a fact computed other awards than its first arrival: the upstream systems disagree about the fact (nothing was paid again)');
    this.alarm('revocations-refused', this.count('award-intake', 'RevocationsRefused'), 'A revocation from a source other than the one that sent the fact was refused');
    this.alarm('api-server-errors', this.count('api', 'ServerErrors'), 'The HTTP API answered 5xx (a caught error is still an error)');
    for (const service of ['award-intake', 'api', 'disburse'] as const) {
      this.alarm(`${service}-contention`, this.count(service, 'ContentionExhausted'), `${service} lost races on one ledger past its retry budget: the write was not made and will be retried`);
    }
  }

  // ------------------------------------------------------------------------------------------ cdk-nag

  private acknowledgements(): void {
    Validations.of(this).acknowledge(
      { id: 'AwsSolutions-IAM5[Resource::*]', reason: 'X-Ray (Tracing.ACTIVE) requires xray:PutTraceSegments and PutTelemetryRecords on *; no narrower resource exists.' },
      { id: 'AwsSolutions-L1', reason: 'The functions target Node.js 22, the runtime the code is built (esbuild target node22) and tested for; a runtime upgrade is a deliberate change.' },
    );
    for (const route of PUBLIC_ROUTES) {
      Validations.of(this).acknowledge({ id: 'AwsSolutions-APIG4', reason: `${route} is the unauthenticated health check of CONTRACT §3; every other route uses the JWT authorizer.` });
    }
  }
}
