/**
 * The award pipeline on AWS, as seven constructs around one table: Intake (the bus, its rules and archive,
 * award-intake, the budget sweeper, the schema registry), Payments (the payments bucket, payment-run, bank-inbound),
 * Digests (the signing key, the Object Lock bucket, ledger-digest), Simulations (the what-if queue and the function
 * that runs its steps), Api (Cognito and the HTTP API), Console (the finance and audit console on CloudFront, its
 * Cognito domain and app client) and Alarms (one topic, every alarm). infra/constructs/ holds each.
 */
import { CfnOutput, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { PUBLIC_ROUTES } from '../shared/contract/routes';
import { TABLE_SCHEMA } from '../shared/store/table';
import { Alarms } from './constructs/alarms';
import { Api } from './constructs/api';
import { Console, consoleDomainPrefix } from './constructs/console';
import { Digests } from './constructs/digests';
import { buildConsoleSite, releaseConsoleSite } from './constructs/console-build';
import { Payments } from './constructs/payments';
import { Intake } from './constructs/intake';
import { Simulations } from './constructs/simulations';

export { roleGroups } from './constructs/api';

export class AwardPipelineStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const table = this.awardTable();
    const alarms = new Alarms(this, 'Alarms');
    const upstreamPrincipals = (this.node.tryGetContext('upstreamPrincipals') as Record<string, string> | undefined) ?? {};
    const personKey = this.personKey();
    new Intake(this, 'Intake', { table, alarms, upstreamPrincipals, personKey });
    const payments = new Payments(this, 'Payments', { table, alarms });
    const digests = new Digests(this, 'Digests', { table, alarms, accessLogs: payments.accessLogs });
    const simulations = new Simulations(this, 'Simulations', { table, alarms });
    const api = new Api(this, 'Api', { table, alarms, paymentsBucket: payments.bucket, personKey, digests, simulations });
    const built = buildConsoleSite();
    const site = new Console(this, 'Console', {
      site: built,
      apiUrl: api.httpApi.apiEndpoint,
      userPool: api.userPool,
      domainPrefix: consoleDomainPrefix(this),
      accessLogs: payments.accessLogs,
    });
    releaseConsoleSite(this, built);
    // The console calls the API with the ID tokens of its own client, from its own origin.
    api.acceptClient(site.client);
    api.allowOrigin(site.origin);
    new CfnOutput(this, 'PaymentsBucketName', { value: payments.bucket.bucketName });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    this.acknowledgements();
  }

  /** The one table of ADR 003: awards, ledger, budgets, facts and events; kept whatever happens to the stack. */
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

  /**
   * The person key of ADR 009: the secret that keys every id derived from an identity number. Generated once by
   * Secrets Manager, read only by award-intake and the API, kept whatever happens to the stack (losing it would give
   * every person new ids, and a repeat of their fact a second award).
   */
  private personKey(): secretsmanager.Secret {
    const secret = new secretsmanager.Secret(this, 'PersonKey', {
      description: 'Keys the ids derived from identity numbers (ADR 009); never rotated, never exported',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'A pepper, not a credential: every person\'s award ids, fact keys and index keys are derived from it, so rotating it would make a repeated fact a new one (ADR 009).',
    });
    return secret;
  }

  /** cdk-nag findings this stack acknowledges, each with its reason; any other finding fails synthesis. */
  private acknowledgements(): void {
    for (const route of PUBLIC_ROUTES) {
      Validations.of(this).acknowledge({ id: 'AwsSolutions-APIG4', reason: `${route} is the unauthenticated health check of CONTRACT §3; every other route uses the JWT authorizer.` });
    }
  }
}
