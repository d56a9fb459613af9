/**
 * People and the HTTP API: a Cognito user pool (MFA, no self sign-up) with a group for every role of every
 * jurisdiction, the API function behind a JWT authorizer on every route but the health check, access logs and
 * throttling, and alarms on 5xx answers and on contention.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { OUTBOUND_PREFIX } from '../../shared/payment-layout';
import { Construct } from 'constructs';
import { API_ROUTES, PUBLIC_ROUTES } from '../../functions/api/routes';
import { catalogJurisdictions } from '../../shared/domain/catalog';
import { CATALOG } from '../../shared/policies';
import type { Alarms } from './alarms';
import { grantPersonKey, pipelineFunction } from './function';

/** The roles of CONTRACT §2, as Cognito groups, for every jurisdiction the catalog pays in. */
export function roleGroups(): string[] {
  return [...catalogJurisdictions(CATALOG).flatMap((j) => [`approver:${j}`, `officer:${j}`, `budget-admin:${j}`]), 'auditor'];
}

export interface ApiProps {
  readonly table: dynamodb.ITableV2;
  readonly alarms: Alarms;
  /** Payment files: officers run batches and download files, auditors download files. */
  readonly paymentsBucket: s3.IBucket;
  /** The person key (ADR 009): the API keys an identity number it is asked by. */
  readonly personKey: secretsmanager.ISecret;
}

export class Api extends Construct {
  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const { table, alarms } = props;
    const fn = pipelineFunction(this, {
      name: 'api',
      entry: 'functions/api/handler.ts',
      timeout: Duration.seconds(10),
      table,
      alarms,
      environment: { PAYMENTS_BUCKET: props.paymentsBucket.bucketName, PERSON_KEY_SECRET_ARN: props.personKey.secretArn },
    });
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject'], resources: [props.paymentsBucket.arnForObjects(`${OUTBOUND_PREFIX}*`)] }));
    grantPersonKey(fn, props.personKey);
    const { userPool, client } = this.people();
    this.httpApi(fn, userPool, client);
    alarms.count('api-server-errors', 'api', 'ServerErrors', 'The HTTP API answered 5xx (a caught error is still an error)');
    alarms.count('api-contention', 'api', 'ContentionExhausted', 'api lost races on one ledger past its retry budget: the write was not made and will be retried');
  }

  private people(): { userPool: cognito.UserPool; client: cognito.UserPoolClient } {
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
    const stack = Stack.of(this);
    new CfnOutput(stack, 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(stack, 'UserPoolClientId', { value: client.userPoolClientId });
    return { userPool, client };
  }

  private httpApi(fn: lambda.IFunction, userPool: cognito.UserPool, client: cognito.UserPoolClient): void {
    const stack = Stack.of(this);
    const authorizer = new HttpJwtAuthorizer('Jwt', `https://cognito-idp.${stack.region}.amazonaws.com/${userPool.userPoolId}`, { jwtAudience: [client.userPoolClientId] });
    const httpApi = new apigw.HttpApi(this, 'Api', { description: 'Finance and auditors (CONTRACT.md §3)', defaultAuthorizer: authorizer });
    const integration = new HttpLambdaIntegration('ApiIntegration', fn);
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
    new CfnOutput(stack, 'ApiUrl', { value: httpApi.apiEndpoint, description: 'The HTTP API (AWARDS_API_URL)' });
  }
}
