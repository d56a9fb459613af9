/**
 * People and the HTTP API: a Cognito user pool (MFA, no self sign-up) with a group for every role of every
 * jurisdiction, the API function behind a JWT authorizer on every route but the health check, access logs and
 * throttling, and alarms on 5xx answers and on contention. The console (infra/constructs/console.ts) adds its own app
 * client to the authorizer's audience and its origin to the API's CORS configuration.
 */
import { CfnOutput, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
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
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { OFFICER_INBOUND_PREFIX, OUTBOUND_PREFIX } from '../../shared/payment-layout';
import { Construct } from 'constructs';
import { API_ROUTES, PUBLIC_ROUTES } from '../../shared/contract/routes';
import { catalogJurisdictions } from '../../shared/domain/catalog';
import { CATALOG } from '../../shared/policies';
import type { Alarms } from './alarms';
import type { Digests } from './digests';
import type { Simulations } from './simulations';
import { grantPersonKey, handlerRole, pipelineFunction } from './function';

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
  /** Signed digests (ADR 012): auditors list them, have the ledger signed now, and read the public key. */
  readonly digests: Digests;
  /** What-if (issue 14): the API starts simulations by sending their first step to the queue. */
  readonly simulations: Simulations;
}

/**
 * What a browser on an allowed origin may send and read: the routes' methods, a bearer token and JSON, and the two
 * headers the console reads from answers (a page's next cursor, a downloaded file's name). No cookies: the token is
 * sent explicitly, so no credentials mode.
 */
export const BROWSER_CORS = {
  AllowMethods: ['GET', 'POST', 'PUT', 'OPTIONS'],
  AllowHeaders: ['authorization', 'content-type'],
  ExposeHeaders: ['x-next-cursor', 'content-disposition'],
  MaxAge: 3600,
  AllowCredentials: false,
} as const;

export class Api extends Construct {
  readonly userPool: cognito.UserPool;
  readonly httpApi: apigw.HttpApi;
  /** The app clients whose tokens the JWT authorizer accepts (their `aud`); read when the template is written. */
  private readonly audiences: string[] = [];

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const { table, alarms } = props;
    const fn = pipelineFunction(this, {
      name: 'api',
      entry: 'functions/api/handler.ts',
      timeout: Duration.seconds(10),
      table,
      alarms,
      environment: { PAYMENTS_BUCKET: props.paymentsBucket.bucketName, PERSON_KEY_SECRET_ARN: props.personKey.secretArn, ...props.digests.environment },
    });
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject'], resources: [props.paymentsBucket.arnForObjects(`${OUTBOUND_PREFIX}*`)] }));
    // An officer's large bank file, queued for bank-inbound (review H3): written there only, never read back nor listed,
    // and never under the bank's own inbound/, which bank-inbound reconciles as the bank's (all jurisdictions).
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [props.paymentsBucket.arnForObjects(`${OFFICER_INBOUND_PREFIX}*`)] }));
    grantPersonKey(fn, props.personKey);
    props.digests.grantApi(fn);
    props.simulations.allowStart(fn);
    const { userPool, client } = this.people();
    this.userPool = userPool;
    this.audiences.push(client.userPoolClientId);
    this.httpApi = this.api(fn, userPool);
    alarms.count('api-server-errors', 'api', 'ServerErrors', 'The HTTP API answered 5xx (a caught error is still an error)');
    alarms.count('api-answers-off-contract', 'api', 'AnswersOffContract', 'The HTTP API answered something its contract does not declare (logged: route, status, what differs)');
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
      // The CLI signs in with SRP; OAuth flows would be live on the pool's hosted UI (the console's domain) with the
      // defaults CDK gives a client (implicit grant, a placeholder callback), so this client has none.
      disableOAuth: true,
    });
    const stack = Stack.of(this);
    new CfnOutput(stack, 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(stack, 'UserPoolClientId', { value: client.userPoolClientId });
    return { userPool, client };
  }

  /** Accepts the tokens of another app client of the pool: the JWT authorizer's audience names it too. */
  acceptClient(client: cognito.IUserPoolClient): void {
    this.audiences.push(client.userPoolClientId);
  }

  /**
   * Lets a browser on `origin` call the API (CORS; API Gateway answers the preflight itself, before any authorizer).
   * Set by a custom resource after the API and the origin exist, not by the API's own CorsConfiguration: the console's
   * origin is its CloudFront distribution, whose Content-Security-Policy names this API, so naming the distribution
   * in the API resource would make the two depend on each other and CloudFormation refuse the template. The custom
   * resource depends on both, nothing depends on it, and it re-applies the configuration whenever the origin changes.
   */
  allowOrigin(origin: string): AwsCustomResource {
    const apiId = this.httpApi.apiId;
    const { role, logGroup } = handlerRole(this, 'cors', 'Sets the HTTP API\'s CORS configuration (the console\'s origin)');
    const arn = (path: string) => Stack.of(this).formatArn({ service: 'apigateway', account: '', resource: `/apis/${apiId}${path}` });
    const update = {
      service: 'ApiGatewayV2',
      action: 'UpdateApi',
      parameters: { ApiId: apiId, CorsConfiguration: { ...BROWSER_CORS, AllowOrigins: [origin] } },
      physicalResourceId: PhysicalResourceId.of(`${apiId}-cors`),
    };
    const cors = new AwsCustomResource(this, 'Cors', {
      resourceType: 'Custom::HttpApiCors',
      onCreate: update,
      onUpdate: update,
      onDelete: { service: 'ApiGatewayV2', action: 'DeleteCorsConfiguration', parameters: { ApiId: apiId }, ignoreErrorCodesMatching: 'NotFoundException' },
      policy: AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['apigateway:PATCH'], resources: [arn('')] }),
        new iam.PolicyStatement({ actions: ['apigateway:DELETE'], resources: [arn('/cors')] }),
      ]),
      role,
      logGroup,
      installLatestAwsSdk: false,
    });
    // After the API's routes and its auto-deployed stage: API Gateway refuses changes to an API made concurrently.
    cors.node.addDependency(this.httpApi);
    return cors;
  }

  private api(fn: lambda.IFunction, userPool: cognito.UserPool): apigw.HttpApi {
    const stack = Stack.of(this);
    const jwtAudience = Lazy.list({ produce: () => this.audiences });
    const authorizer = new HttpJwtAuthorizer('Jwt', `https://cognito-idp.${stack.region}.amazonaws.com/${userPool.userPoolId}`, { jwtAudience });
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
    return httpApi;
  }
}
