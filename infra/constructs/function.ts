/**
 * One pipeline function: bundled by infra/bundle.ts (ESM, minified, split, source maps without sources), its own role writing
 * only to its own log group, exactly the table access TABLE_ACCESS gives it (test/infra/table-access.test.ts proves
 * the code needs each action and no other), and an alarm on its errors.
 */
import { join } from 'node:path';
import { AssetHashType, DockerImage, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { type FunctionName, TABLE_ACCESS, WRITE_ACTIONS, grantPairs } from '../access';
import { STACK_CONTROLS } from '../topology';
import { catalogWithRulesOff, rulesOffFrom } from '../../shared/policies';
import { type Alarms, METRICS_NAMESPACE } from './alarms';
import { bundleFunction } from '../bundle';

export const ROOT = join(import.meta.dirname, '../..');

export interface PipelineFunctionProps {
  readonly name: FunctionName;
  /** The handler module, from the repository root. */
  readonly entry: string;
  readonly timeout: Duration;
  readonly table: dynamodb.ITableV2;
  readonly alarms: Alarms;
  readonly environment?: Record<string, string>;
}

/**
 * The rules this deployment does not pay through the pipeline (CDK context `rulesOff`: rule ids, an array or a comma
 * separated string; ADR 002, (八) where the provincial S&T plan pays directly). Checked against the catalog at synth,
 * so a misspelt id fails the deployment, not a payment.
 */
export function rulesOffOf(scope: Construct): string[] {
  const raw: unknown = Stack.of(scope).node.tryGetContext('rulesOff');
  const ids = Array.isArray(raw) ? raw.map(String) : rulesOffFrom(typeof raw === 'string' ? raw : undefined);
  return catalogWithRulesOff(ids).rulesOff?.slice() ?? [];
}

/**
 * A function's code: infra/bundle.ts's build (code splitting, so libxml2 is a chunk loaded only where XML is read or
 * written; the ISO schemas in xsd/ beside it), the very build bench/bundles.ts measures (ADR 022). It runs here, at
 * synth, with the esbuild the project installs; the asset's hash is its output's, as NodejsFunction's is.
 */
function bundledCode(entry: string): lambda.Code {
  return lambda.Code.fromAsset(ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never used: local bundling always runs (esbuild is a dependency) or fails with its reason.
      image: DockerImage.fromRegistry('dummy'),
      // CDK caches a bundled asset by these options (tryBundle is not part of the key): the entry makes each function's own.
      environment: { AWARDS_BUNDLE_ENTRY: entry },
      local: {
        tryBundle(outputDir: string): boolean {
          bundleFunction(entry, outputDir);
          return true;
        },
      },
    },
  });
}

export function pipelineFunction(scope: Construct, props: PipelineFunctionProps): lambda.Function {
  const { name, table } = props;
  const rulesOff = rulesOffOf(scope);
  const logGroup = new logs.LogGroup(scope, `${name}-logs`, { retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
  // A role of its own, writing only to its own log group (no AWSLambdaBasicExecutionRole and its logs:* on *).
  const role = new iam.Role(scope, `${name}-role`, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  // A log group's ARN (Fn::GetAtt Arn) already covers its streams ("log-group:NAME:*").
  role.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
  const f = new lambda.Function(scope, name, {
    code: bundledCode(props.entry),
    handler: 'index.handler',
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: 512,
    timeout: props.timeout,
    role,
    logGroup,
    tracing: lambda.Tracing.ACTIVE,
    environment: {
      TABLE_NAME: table.tableName,
      POWERTOOLS_SERVICE_NAME: name,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      NODE_OPTIONS: '--enable-source-maps',
      ...(rulesOff.length > 0 ? { AWARDS_RULES_OFF: rulesOff.join(',') } : {}),
      AWARDS_CONTROLS: JSON.stringify(STACK_CONTROLS),
      ...props.environment,
    },
  });
  // Exact ARNs of the table and of each index it queries, one statement per resource: no resource wildcard, and
  // Query on the table only where the code queries it (infra/access.ts).
  const arnOf = (on: string) => (on === 'table' ? table.tableArn : `${table.tableArn}/index/${on}`);
  const access = TABLE_ACCESS[name];
  // A function that writes only its own kind of item writes under a LeadingKeys condition: a statement of its own.
  const bounded = (action: string, on: string) => access.writes !== undefined && on === 'table' && (WRITE_ACTIONS as readonly string[]).includes(action);
  const byPlace = new Map<string, string[]>();
  for (const { action, on } of grantPairs(access)) {
    const place = bounded(action, on) ? 'table writes' : on;
    byPlace.set(place, [...(byPlace.get(place) ?? []), `dynamodb:${action}`]);
  }
  for (const [place, actions] of byPlace) {
    const conditions = place === 'table writes' ? { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': (access.writes ?? []).map((p) => `${p}*`) } } : undefined;
    f.addToRolePolicy(new iam.PolicyStatement({ actions, resources: [arnOf(place === 'table writes' ? 'table' : place)], ...(conditions === undefined ? {} : { conditions }) }));
  }
  // Acknowledged on this function and its role alone, so a finding of the same id elsewhere in the stack still fails.
  Validations.of(role).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: 'X-Ray (Tracing.ACTIVE) requires xray:PutTraceSegments and PutTelemetryRecords on *; no narrower resource exists.' });
  Validations.of(f).acknowledge({ id: 'AwsSolutions-L1', reason: 'The functions target Node.js 22, the runtime the code is built (esbuild target node22) and tested for; a runtime upgrade is a deliberate change.' });
  props.alarms.alarm(`${name}-errors`, f.metricErrors({ period: Duration.minutes(1) }), `Errors of ${name}`);
  return f;
}

/**
 * The role and log group of a handler CDK provides (a custom resource's, e.g. BucketDeployment's), in the same shape
 * as a pipeline function's: the handler writes only to its own log group, with no AWSLambdaBasicExecutionRole and
 * its logs:* on *. The construct that uses it adds only what its calls need.
 */
export function handlerRole(scope: Construct, name: string, description: string): { role: iam.Role; logGroup: logs.LogGroup } {
  const logGroup = new logs.LogGroup(scope, `${name}-logs`, { retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
  const role = new iam.Role(scope, `${name}-role`, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description });
  role.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
  return { role, logGroup };
}

/** The one action a function needs on the person key (ADR 009): reading its value, once per cold start. */
export function grantPersonKey(fn: lambda.IFunction, secret: secretsmanager.ISecret): void {
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }));
}
