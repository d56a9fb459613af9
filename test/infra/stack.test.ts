import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DETAIL_TYPES } from '../../events/contracts';
import { API_ROUTES, PUBLIC_ROUTES } from '../../shared/contract/routes';
import { buildApp } from '../../infra/app';
import { roleGroups } from '../../infra/stack';
import { FUNCTIONS } from '../../infra/access';
import { QUEUES } from '../../infra/topology';
import { controlsFromEnv } from '../../shared/controls-config';

/** Template tests skip bundling (the synth test bundles for real). */
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

let template: Template;
type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
let resources: Record<string, Resource>;

beforeAll(() => {
  const { stack } = buildApp(NO_BUNDLING);
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources as Record<string, Resource>;
}, 120_000);

const ofType = (type: string) => Object.values(resources).filter((r) => r.Type === type);

/** A pipeline function (infra/constructs/function.ts) names its service; CDK's custom-resource handlers do not. */
const isPipelineFunction = (r: Resource) =>
  r.Type === 'AWS::Lambda::Function' && (r.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables?.POWERTOOLS_SERVICE_NAME !== undefined;

/**
 * The policies of every role but the console upload handler's, whose grants BucketDeployment writes (s3:GetObject*,
 * s3:List*, cloudfront:CreateInvalidation on *): test/infra/console.test.ts bounds those, and cdk-nag's
 * acknowledgements name each one.
 */
function ownPolicies(): Resource[] {
  const [, upload] = Object.entries(resources).find(([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith('CustomCDKBucketDeployment')) ?? [];
  const uploadRole = JSON.stringify([{ Ref: (upload?.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0] }]);
  return ofType('AWS::IAM::Policy').filter((p) => JSON.stringify(p.Properties.Roles) !== uploadRole);
}

/** The logical id of the function whose service name is `name`. */
function logicalIdOf(name: string): string {
  const found = Object.entries(resources).find(([, r]) => r.Type === 'AWS::Lambda::Function' && (r.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables?.POWERTOOLS_SERVICE_NAME === name);
  if (found === undefined) throw new Error(`no function ${name}`);
  return found[0];
}

describe('the table', () => {
  it('keeps the ledger: point-in-time recovery, deletion protection, retained on stack deletion', () => {
    const [table] = ofType('AWS::DynamoDB::GlobalTable');
    expect(table?.DeletionPolicy).toBe('Retain');
    expect(table?.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      Replicas: [expect.objectContaining({ DeletionProtectionEnabled: true, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
      SSESpecification: { SSEEnabled: true },
    });
    expect((table?.Properties.GlobalSecondaryIndexes as Array<{ IndexName: string }>).map((i) => i.IndexName)).toEqual(['gsi1', 'gsi2', 'gsi3']);
  });
});

describe('events in', () => {
  it('archives every quality.* event for replay', () => {
    template.hasResourceProperties('AWS::Events::Archive', { EventPattern: { source: [{ prefix: 'quality.' }] }, RetentionDays: 365 });
  });

  it('routes every detail-type from quality.* to the intake queue, with a dead-letter queue for undeliverable events', () => {
    const rules = ofType('AWS::Events::Rule').filter((r) => JSON.stringify(r.Properties.EventPattern ?? null).includes('quality.'));
    expect(rules.map((r) => (r.Properties.EventPattern as { 'detail-type': string[] })['detail-type'][0]).sort()).toEqual([...DETAIL_TYPES].sort());
    for (const rule of rules) {
      expect(rule.Properties.EventPattern).toMatchObject({ source: [{ prefix: 'quality.' }] });
      expect(rule.Properties.Targets).toEqual([expect.objectContaining({ DeadLetterConfig: expect.any(Object), RetryPolicy: expect.any(Object) })]);
    }
  });

  it('registers the JSON Schema of every detail-type, exactly as in docs/events/', () => {
    const schemas = ofType('AWS::EventSchemas::Schema');
    expect(schemas).toHaveLength(DETAIL_TYPES.length);
    for (const detailType of DETAIL_TYPES) {
      const schema = schemas.find((s) => s.Properties.SchemaName === `quality@${detailType}`);
      expect(schema?.Properties.Type).toBe('JSONSchemaDraft4');
      expect(schema?.Properties.Content).toBe(readFileSync(join(import.meta.dirname, '../../docs/events', `${detailType}.json`), 'utf8'));
    }
  });
});

describe('queues and functions', () => {
  it('gives every working queue a dead-letter queue, encryption and TLS-only access', () => {
    const queues = ofType('AWS::SQS::Queue');
    expect(queues).toHaveLength(6); // intake, its DLQ, undeliverable events, undelivered bank-file notices, simulations, its DLQ
    for (const queue of queues) expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    const redriven = queues.filter((q) => q.Properties.RedrivePolicy !== undefined);
    expect(redriven.map((q) => (q.Properties.RedrivePolicy as { maxReceiveCount: number }).maxReceiveCount)).toEqual([5, 3]);
    // One policy per queue, each refusing plain HTTP: a queue without one fails here, as does a policy-less stack.
    const policies = Object.values(resources).filter((r) => r.Type === 'AWS::SQS::QueuePolicy');
    const policed = policies.flatMap((p) => (p.Properties.Queues as Array<{ Ref: string }>).map((q) => q.Ref)).sort();
    const queueIds = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::SQS::Queue').map(([id]) => id).sort();
    expect(policed).toEqual(queueIds);
    for (const policy of policies) {
      const denies = (policy.Properties.PolicyDocument as { Statement: Array<{ Effect: string; Condition?: unknown }> }).Statement.filter((st) => st.Effect === 'Deny');
      expect(denies).toEqual([expect.objectContaining({ Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]);
    }
  });

  it('drives intake and simulations with partial batch responses and a bounded batch and concurrency', () => {
    const mappings = ofType('AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(2);
    for (const mapping of mappings) expect(mapping.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(mappings.map((m) => [m.Properties.BatchSize, (m.Properties.ScalingConfig as { MaximumConcurrency: number }).MaximumConcurrency])).toEqual([
      [QUEUES.intake.batchSize, QUEUES.intake.maxConcurrency],
      [QUEUES.simulations.batchSize, QUEUES.simulations.maxConcurrency],
    ]);
  });

  it('runs an ESM function per name of infra/access.ts on Node.js 22 with tracing, each with its own log group', () => {
    const functions = ofType('AWS::Lambda::Function').filter(isPipelineFunction);
    expect(functions).toHaveLength(FUNCTIONS.length);
    for (const f of functions) {
      expect(f.Properties).toMatchObject({ Runtime: 'nodejs22.x', TracingConfig: { Mode: 'Active' }, Architectures: ['arm64'] });
      expect(f.Properties.LoggingConfig).toMatchObject({ LogGroup: expect.any(Object) });
    }
  });
});

describe('least privilege', () => {
  const statements = () =>
    ownPolicies().flatMap((p) => (p.Properties.PolicyDocument as { Statement: Array<{ Action: string | string[]; Resource: unknown }> }).Statement);

  it('grants no wildcard action anywhere (but BucketDeployment\'s own grants to the console upload)', () => {
    const actions = statements().flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(actions.length).toBeGreaterThan(10);
    expect(actions.filter((a) => a.includes('*') && a !== 'kms:GenerateDataKey*')).toEqual([]);
  });

  it('names the table and each index exactly, and uses Resource * only for X-Ray (but the console upload\'s invalidation)', () => {
    for (const statement of statements()) {
      const resources = JSON.stringify(statement.Resource);
      if (resources === '"*"') {
        expect([statement.Action].flat().every((a) => a.startsWith('xray:'))).toBe(true);
      }
      if ([statement.Action].flat().some((a) => a.startsWith('dynamodb:'))) expect(resources).not.toContain('index/*');
    }
  });

  it('uses no AWS managed policy on the function roles', () => {
    for (const role of ofType('AWS::IAM::Role')) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });
});

describe('the person key (ADR 009)', () => {
  it('is one generated secret, retained, read only by award-intake and the API, with GetSecretValue alone', () => {
    const secrets = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::SecretsManager::Secret');
    expect(secrets).toHaveLength(1);
    const [[secretId, secret]] = secrets as [[string, Resource]];
    expect(secret.DeletionPolicy).toBe('Retain');
    expect(secret.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64 });
    const readers = ofType('AWS::IAM::Policy').filter((p) => JSON.stringify(p.Properties.PolicyDocument).includes('secretsmanager:'));
    const statements = readers.flatMap((p) => (p.Properties.PolicyDocument as { Statement: Array<{ Action: unknown; Resource: unknown }> }).Statement)
      .filter((st) => JSON.stringify(st.Action).includes('secretsmanager:'));
    expect(statements).toEqual([
      expect.objectContaining({ Action: 'secretsmanager:GetSecretValue', Resource: { Ref: secretId } }),
      expect.objectContaining({ Action: 'secretsmanager:GetSecretValue', Resource: { Ref: secretId } }),
    ]);
    const named = Object.values(resources)
      .filter(isPipelineFunction)
      .filter((r) => (r.Properties.Environment as { Variables: Record<string, unknown> }).Variables.PERSON_KEY_SECRET_ARN !== undefined)
      .map((r) => (r.Properties.Environment as { Variables: Record<string, unknown> }).Variables.POWERTOOLS_SERVICE_NAME)
      .sort();
    expect(named).toEqual(['api', 'award-intake']);
  });
});

describe('people and the HTTP API', () => {
  it('has a Cognito group for every role of every jurisdiction, and MFA', () => {
    expect(ofType('AWS::Cognito::UserPoolGroup').map((g) => g.Properties.GroupName).sort()).toEqual(roleGroups().sort());
    expect(roleGroups()).toContain('approver:130100');
    template.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'ON' });
  });

  it('puts a JWT authorizer on every route but /health, with access logs and throttling', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'] });
    const routes = ofType('AWS::ApiGatewayV2::Route');
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual([...API_ROUTES, ...PUBLIC_ROUTES].sort());
    for (const route of routes) {
      const expected = (PUBLIC_ROUTES as readonly string[]).includes(route.Properties.RouteKey as string) ? 'NONE' : 'JWT';
      expect(route.Properties.AuthorizationType ?? 'NONE', String(route.Properties.RouteKey)).toBe(expected);
    }
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      DefaultRouteSettings: { ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 },
    });
  });

  it('alarms on every dead-letter queue and on function errors', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm');
    expect(alarms.filter((a) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible')).toHaveLength(4);
    expect(alarms.filter((a) => a.Properties.MetricName === 'Errors')).toHaveLength(FUNCTIONS.length);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toHaveLength(1);
  });

  it('runs payments every 5 minutes, serves waiting queues every 5, and signs the ledger every 5', () => {
    for (const fn of ['payment-run', 'budget-sweeper', 'ledger-digest']) {
      template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(5 minutes)', Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalIdOf(fn), 'Arn'] } })] });
    }
  });

  it.each([
    ['a repeat whose awards differ from the first arrival', 'ConflictingRepeats', 'award-intake'],
    ['a refused revocation', 'RevocationsRefused', 'award-intake'],
    ['any 5xx of the API', 'ServerErrors', 'api'],
    ['an API answer off its contract', 'AnswersOffContract', 'api'],
    ['intake losing races past its retry budget', 'ContentionExhausted', 'award-intake'],
    ['the API losing races past its retry budget', 'ContentionExhausted', 'api'],
    ['a payment run losing races past its retry budget', 'ContentionExhausted', 'payment-run'],
    ['a payment returned by the bank', 'PaymentsReturned', 'bank-inbound'],
    ['an open reconciliation exception', 'ReconciliationExceptions', 'bank-inbound'],
    ['a payment returned, in a file an officer posted', 'PaymentsReturned', 'api'],
    ['a reconciliation exception, in a file an officer posted', 'ReconciliationExceptions', 'api'],
    ['an approved award whose payment cannot be written into a file', 'AwardsUnpayable', 'payment-run'],
    ['a bank file that does not validate', 'BankFilesRefused', 'bank-inbound'],
    ['a bank message id reused by a file of other content, from the bucket', 'BankMessageConflicts', 'bank-inbound'],
    ['a bank message id reused by a file of other content, posted by an officer', 'BankMessageConflicts', 'api'],
    ['a large bank file bank-inbound could not finish in one invocation', 'BankFilesUnfinished', 'bank-inbound'],
    ['a payment left out of its batch\'s file, settled before the file was written (payment run)', 'PaymentsLeftOutOfFile', 'payment-run'],
    ['a payment left out of its batch\'s file, settled before the file was written (an officer\'s run)', 'PaymentsLeftOutOfFile', 'api'],
  ])('alarms on a money anomaly: %s', (_what, metricName, service) => {
    const matching = ofType('AWS::CloudWatch::Alarm').filter(
      (a) => a.Properties.MetricName === metricName && JSON.stringify(a.Properties.Dimensions) === JSON.stringify([{ Name: 'service', Value: service }]),
    );
    expect(matching).toHaveLength(1);
    expect(matching[0]?.Properties).toMatchObject({ Namespace: 'AwardPipeline', Statistic: 'Sum', Threshold: 1, Period: 60, AlarmActions: [expect.any(Object)] });
  });

  it('checks the time limits once a day and alarms on any overdue award, summed over the day (issue 22)', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 day)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalIdOf('budget-sweeper'), 'Arn'] }, Input: JSON.stringify({ task: 'overdue' }) })],
    });
    const overdue = ofType('AWS::CloudWatch::Alarm').filter((a) => a.Properties.MetricName === 'OverdueAwards');
    expect(overdue).toHaveLength(1);
    expect(overdue[0]?.Properties).toMatchObject({
      Namespace: 'AwardPipeline', Statistic: 'Sum', Threshold: 1, Period: 86_400, Dimensions: [{ Name: 'service', Value: 'budget-sweeper' }], AlarmActions: [expect.any(Object)],
    });
  });

  it('outputs the bus name and the API URL', () => {
    const outputs = Object.keys(template.toJSON().Outputs as object);
    expect(outputs).toEqual(expect.arrayContaining(['BusName', 'ApiUrl', 'UserPoolId', 'UserPoolClientId', 'DigestKeyArn', 'DigestBucketName']));
  });
});

describe('payments (ADR 010)', () => {
  it('keeps payment files in one bucket: encrypted, versioned, TLS only, never public, retained, access logged', () => {
    const bucket = resources.PaymentsBucketEB303F27 as Resource;
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: { DestinationBucketName: { Ref: 'PaymentsAccessLogs264031DF' } },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: 'PaymentsBucketEB303F27' },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('reconciles every bank file dropped under inbound/, and grants each function only its prefix', () => {
    expect(ofType('Custom::S3BucketNotifications')).toHaveLength(0);
    const bucket = resources.PaymentsBucketEB303F27 as Resource;
    expect(bucket.Properties.NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'source': ['aws.s3'], 'detail-type': ['Object Created'], 'detail': { bucket: { name: [{ Ref: 'PaymentsBucketEB303F27' }] }, object: { key: [{ prefix: 'inbound/' }] } } },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalIdOf('bank-inbound'), 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 2 }, DeadLetterConfig: Match.anyValue() })],
    });
    // Every grant on the payments bucket, by the function holding it (the console's buckets are test/infra/console.test.ts's).
    // Review H3: the API writes officers' queued files under inbound/officers/ only, never the bank's inbound/; review M5:
    // payment-run reads outbound/ back, to tell a batch whose file was stored before a crash from one whose file never was.
    const serviceOfRole = new Map(ofType('AWS::Lambda::Function').filter(isPipelineFunction).map((f) => [
      (f.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0],
      (f.Properties.Environment as { Variables: Record<string, string> }).Variables.POWERTOOLS_SERVICE_NAME,
    ]));
    const s3Grants = ofType('AWS::IAM::Policy').flatMap((p) => {
      const service = ((p.Properties.Roles ?? []) as Array<{ Ref: string }>).map((r) => serviceOfRole.get(r.Ref) ?? r.Ref).join(',');
      return (p.Properties.PolicyDocument as { Statement: Array<{ Action: string | string[]; Resource: unknown }> }).Statement.map((st) => ({ service, st }));
    })
      .filter(({ st }) => [st.Action].flat().some((a) => a.startsWith('s3:')) && JSON.stringify(st.Resource).includes('PaymentsBucket'))
      .map(({ service, st }) => [service, [st.Action].flat().sort().join(' '), JSON.stringify(st.Resource)]);
    expect(s3Grants.map(([service, actions, resource]) => `${service}: ${actions} ${/(outbound|inbound)\/(officers\/)?\*/.exec(resource ?? '')?.[0] ?? resource}`).sort()).toEqual([
      'api: s3:GetObject s3:PutObject outbound/*',
      'api: s3:PutObject inbound/officers/*',
      'bank-inbound: s3:GetObject inbound/*',
      'payment-run: s3:GetObject s3:PutObject outbound/*',
    ]);
  });
});

describe('resources that hold data or history', () => {
  // A changed logical id makes CloudFormation replace the resource: the table, a queue with its messages, the user
  // pool with its people, a log group with its history, the distribution and Cognito domain with the addresses users
  // know. A refactor must keep these ids (ADR 008).
  it.each([
    ['AWS::DynamoDB::GlobalTable', ['TableCD117FA1']],
    [
      'AWS::SQS::Queue',
      [
        'Intakeintakedlq815D7D26', 'Intakeintakequeue52BE4940', 'Intakeundeliverableevents0C3806A4', 'PaymentsundeliveredbankfilesD94B7B78',
        'Simulationssimulationsdlq239600F5', 'Simulationssimulationsqueue56984588',
      ],
    ],
    ['AWS::S3::Bucket', ['PaymentsAccessLogs264031DF', 'PaymentsBucketEB303F27', 'ConsoleSite26539DB4', 'ConsoleCdnLogs32B3D1BE', 'DigestsBucket7909429A']],
    ['AWS::SecretsManager::Secret', ['PersonKey12C7366D']],
    ['AWS::Events::EventBus', ['IntakeBus81FDE4B9']],
    ['AWS::Events::Archive', ['IntakeBusArchive86E60022']],
    ['AWS::Cognito::UserPool', ['ApiUsers862F2BE7']],
    ['AWS::Cognito::UserPoolDomain', ['ApiUsersConsoleDomainFEAFEC23']],
    ['AWS::CloudFront::Distribution', ['ConsoleDistribution022D3262']],
    ['AWS::KMS::Key', ['AlarmsAlarmKeyEEC3C293', 'DigestsSigningKey91C3C6EE']],
    [
      'AWS::Logs::LogGroup',
      [
        'ApiapilogsD48E7299', 'Apiapiaccesslogs451223BF', 'Paymentspaymentrunlogs8BC6E52D', 'PaymentsbankinboundlogsB8142D02', 'IntakeawardintakelogsF706E135',
        'IntakebudgetsweeperlogsE22EA6B4', 'Apicorslogs8453F77B', 'ConsoledeploylogsD345AD5B', 'Digestsledgerdigestlogs0A7DF753',
        'Simulationssimulationlogs933B964E',
      ],
    ],
  ])('keeps the logical ids of every %s', (type, ids) => {
    expect(Object.entries(resources).filter(([, r]) => r.Type === type).map(([id]) => id).sort()).toEqual([...ids].sort());
  });
});

describe('cdk-nag (AWS Solutions)', () => {
  it('reports no unacknowledged finding: synthesis succeeds with the checks on', () => {
    const { app } = buildApp(NO_BUNDLING);
    expect(() => app.synth()).not.toThrow();
  });

  it('would fail synthesis on an unacknowledged finding (the check above can fail)', () => {
    const { app } = buildApp(NO_BUNDLING);
    const extra = new Stack(app, 'Insecure');
    new sqs.Queue(extra, 'NoDlqNoTls');
    expect(() => app.synth()).toThrow(/not used as a dead-letter queue|AwsSolutions-SQS3/);
  });

  it('fails synthesis on what CloudFormation itself would refuse (a role description outside Latin-1)', () => {
    const { app } = buildApp(NO_BUNDLING);
    const extra = new Stack(app, 'Unicode');
    new iam.Role(extra, 'Described', { assumedBy: new iam.AccountRootPrincipal(), description: '标准化主管部门' });
    expect(() => app.synth()).toThrow(/does not match pattern|F3031/);
  });
});

describe('the controls before payment (issue 21)', () => {
  it('gives every pipeline function five working days of public notice (公示) in each of the three jurisdictions, and no cap', () => {
    const functions = Object.values(resources).filter(isPipelineFunction);
    expect(functions.length).toBeGreaterThanOrEqual(FUNCTIONS.length);
    for (const f of functions) {
      const variables = (f.Properties.Environment as { Variables: Record<string, string> }).Variables;
      const controls = controlsFromEnv({ AWARDS_CONTROLS: variables.AWARDS_CONTROLS });
      for (const j of ['130000', '130100', '350000']) expect(controls.byJurisdiction[j]).toEqual({ publicityWorkingDays: 5, recipientAnnualCapFen: null, objectionsTo: null, approvalWorkingDays: 5, paymentWorkingDays: 3 });
    }
  });
});
