/**
 * The finance and audit console, served where users are (ADR 011): the static site the console build writes, in a
 * private bucket that only the CloudFront distribution reads (origin access control), with security headers on every
 * answer, the Cognito domain and app client the console signs in with, and the runtime `config.json` the browser reads.
 * The browser calls the HTTP API directly, so the stack adds the console's client to the API's JWT audience and its
 * origin to the API's CORS configuration (infra/constructs/api.ts).
 */
import { Aws, CfnOutput, DefaultStackSynthesizer, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { ConsoleBuild } from '../../console/build';
import type { CognitoAuth } from '../../console/config-shape';
import { contentSecurityPolicy } from '../../console/csp';
import { handlerRole } from './function';
import { PrivateBucket } from './private-bucket';

export interface ConsoleProps {
  /** The built site (console/build.ts): `index.html` and its content-hashed scripts and styles. */
  readonly site: ConsoleBuild;
  /** The HTTP API's endpoint, `https://<id>.execute-api.<region>.amazonaws.com`, without a trailing slash. */
  readonly apiUrl: string;
  readonly userPool: cognito.UserPool;
  /** The prefix of the pool's Cognito domain, `https://<prefix>.auth.<region>.amazoncognito.com` (globally unique). */
  readonly domainPrefix: string;
  /** The stack's S3 access log bucket. */
  readonly accessLogs: s3.IBucket;
}

const RESERVED = /aws|amazon|cognito/;
const PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The Cognito domain prefix: context `consoleDomainPrefix` where given (it must be unique across AWS, so a deployment
 * may need to choose one), else `<stack name in kebab case>-<account>`, unique per account and stack name.
 */
export function consoleDomainPrefix(stack: Stack): string {
  const given: unknown = stack.node.tryGetContext('consoleDomainPrefix');
  if (given !== undefined) {
    if (typeof given !== 'string' || !PREFIX.test(given) || RESERVED.test(given)) {
      throw new Error(`consoleDomainPrefix ${JSON.stringify(given)}: 1 to 63 lower-case letters, digits and inner hyphens, without aws, amazon or cognito`);
    }
    return given;
  }
  const name = stack.stackName.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-').replace(/aws|amazon|cognito/g, '').replace(/-+/g, '-').replace(/^-|-$/g, '')
    .slice(0, 50);
  return `${name || 'console'}-${stack.account}`;
}

export class Console extends Construct {
  readonly bucket: PrivateBucket;
  readonly distribution: cloudfront.Distribution;
  readonly domain: cognito.UserPoolDomain;
  readonly client: cognito.UserPoolClient;
  /** `https://<distribution domain>`, what a browser on the console sends as its Origin. */
  readonly origin: string;
  /** `https://<distribution domain>/`, where users open the console and where Cognito sends them back. */
  readonly url: string;
  readonly config: { readonly apiUrl: string; readonly auth: CognitoAuth };

  constructor(scope: Construct, id: string, props: ConsoleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.domain = props.userPool.addDomain('ConsoleDomain', { cognitoDomain: { domainPrefix: props.domainPrefix } });
    const cognitoOrigin = this.domain.baseUrl();
    this.bucket = this.siteBucket(props.accessLogs);
    this.distribution = this.cdn(contentSecurityPolicy({ connect: [props.apiUrl, cognitoOrigin], forms: [cognitoOrigin] }), props.accessLogs);
    this.origin = `https://${this.distribution.distributionDomainName}`;
    this.url = `${this.origin}/`;
    this.client = this.appClient(props.userPool);
    this.config = {
      apiUrl: props.apiUrl,
      auth: {
        kind: 'cognito',
        domain: cognitoOrigin,
        clientId: this.client.userPoolClientId,
        userPoolId: props.userPool.userPoolId,
        region: stack.region,
        redirectUri: this.url,
        logoutUri: this.url,
      },
    };
    this.deploy(props.site);
    new CfnOutput(stack, 'ConsoleUrl', { value: this.url, description: 'The finance and audit console' });
    new CfnOutput(stack, 'ConsoleClientId', { value: this.client.userPoolClientId, description: 'The console\'s Cognito app client' });
    new CfnOutput(stack, 'CognitoDomain', { value: cognitoOrigin, description: 'The Cognito domain the console signs in on' });
  }

  /**
   * A public client (no secret: a browser cannot keep one) with the authorization code flow only, which the console
   * runs with PKCE, and Cognito's own sign-in (MFA as the pool requires). Its callback and sign-out URL is the console.
   */
  private appClient(userPool: cognito.UserPool): cognito.UserPoolClient {
    return userPool.addClient('ConsoleClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [this.url],
        logoutUrls: [this.url],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
  }

  /**
   * Private, as every bucket of the stack is (infra/constructs/private-bucket.ts), and retained with the stack though a
   * deploy rebuilds its files: its access logs stay evidence. Every deploy replaces index.html and config.json: their
   * old versions are not kept forever.
   */
  private siteBucket(accessLogs: s3.IBucket): PrivateBucket {
    return new PrivateBucket(this, 'Site', {
      accessLogs: { bucket: accessLogs, prefix: 'console/' },
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(90) }],
    });
  }

  /**
   * The distribution: HTTPS only, the security headers on every answer, the hashed scripts and styles cached at the
   * edge (a new build has new names), everything else (index.html, config.json) fetched from the bucket every time.
   */
  private cdn(csp: string, accessLogs: s3.IBucket): cloudfront.Distribution {
    // Policy and access-control names are unique per account, across regions: the region is part of each (and an
    // access control's name is at most 64 characters).
    const name = `${Stack.of(this).stackName.slice(0, 40)}-console-${Aws.REGION}`;
    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      responseHeadersPolicyName: name,
      comment: 'The award console: CSP, HSTS, no sniffing, no framing, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, preload: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });
    const originAccessControl = new cloudfront.S3OriginAccessControl(this, 'OriginAccess', {
      originAccessControlName: name,
      description: 'CloudFront reads the console bucket, signed (SigV4)',
    });
    const origin = S3BucketOrigin.withOriginAccessControl(this.bucket, { originAccessControl, originAccessLevels: [cloudfront.AccessLevel.READ] });
    const behavior = (cachePolicy: cloudfront.ICachePolicy): cloudfront.BehaviorOptions => ({
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy,
      responseHeadersPolicy: headers,
      compress: true,
    });
    const hashed = behavior(cloudfront.CachePolicy.CACHING_OPTIMIZED);
    const distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'award-pipeline: the finance and audit console',
      defaultRootObject: 'index.html',
      defaultBehavior: behavior(cloudfront.CachePolicy.CACHING_DISABLED),
      additionalBehaviors: { 'app-*.js': hashed, 'app-*.css': hashed },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.cdnLogBucket(accessLogs),
      logFilePrefix: 'console/',
    });
    Validations.of(distribution).acknowledge(
      { id: 'AwsSolutions-CFR1', reason: 'No geo restriction by design: officers and auditors sign in from wherever they travel; Cognito (MFA) and the API decide access, not the country.' },
      { id: 'AwsSolutions-CFR2', reason: 'No WAF: the distribution serves public static files only (no data, no secrets); the protected surface is the API, behind JWTs and throttling. A CLOUDFRONT-scope web ACL also requires a us-east-1 stack.' },
      { id: 'AwsSolutions-CFR4', reason: 'The default *.cloudfront.net certificate, whose TLS policy CloudFront sets (TLSv1 minimum cannot be raised on it); a custom domain with a certificate and TLSv1.2_2021 is the deployer\'s choice.' },
    );
    return distribution;
  }

  /**
   * CloudFront's standard logs: the legacy delivery writes with an ACL grant to its log-delivery account, so the bucket
   * allows ACLs (BUCKET_OWNER_PREFERRED) and is the distribution's alone; its own access is logged to the stack's.
   */
  private cdnLogBucket(accessLogs: s3.IBucket): PrivateBucket {
    return new PrivateBucket(this, 'CdnLogs', { logs: true, accessLogs: { bucket: accessLogs, prefix: 'console-cdn-logs/' } });
  }

  /**
   * Two uploads, in order. First the hashed files, cached for a year (immutable: a new build has new names), old ones
   * kept so a browser still holding the previous index.html finds its scripts. Then index.html and config.json,
   * revalidated on every load, and the edge caches invalidated: a new index.html never names a script not yet there.
   */
  private deploy(site: ConsoleBuild): void {
    const { role, logGroup } = handlerRole(this, 'deploy', 'Uploads the console to its bucket and invalidates the distribution');
    const html = site.files.get('index.html');
    if (html === undefined) throw new Error('the console build has no index.html');
    const common = { destinationBucket: this.bucket, role, logGroup, prune: false };
    const assets = new s3deploy.BucketDeployment(this, 'Assets', {
      ...common,
      sources: [s3deploy.Source.asset(site.dir, { exclude: ['index.html'] })],
      cacheControl: [s3deploy.CacheControl.setPublic(), s3deploy.CacheControl.maxAge(Duration.days(365)), s3deploy.CacheControl.immutable()],
    });
    const document = new s3deploy.BucketDeployment(this, 'Document', {
      ...common,
      sources: [s3deploy.Source.data('index.html', html.toString('utf8')), s3deploy.Source.jsonData('config.json', this.config)],
      cacheControl: [s3deploy.CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/*'],
    });
    document.node.addDependency(assets);
    // Each BucketDeployment makes an AWS CLI layer, but the handler the two share (a singleton) has the first one's.
    document.node.tryRemoveChild('AwsCliLayer');
    this.acknowledgeDeployment(role);
  }

  /** The findings on BucketDeployment's handler, which aws-cdk-lib writes: its role's grants and its runtime. */
  private acknowledgeDeployment(role: iam.Role): void {
    const stack = Stack.of(this);
    const qualifier = (stack.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') as string | undefined) ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
    const grant = 'BucketDeployment\'s own grants (grantRead of its source assets, grantReadWrite of the site bucket), the role being the upload handler\'s alone';
    Validations.of(role).acknowledge(
      { id: 'AwsSolutions-IAM5[Action::s3:GetObject*]', reason: `${grant}: it downloads the source zips and reads back the site.` },
      { id: 'AwsSolutions-IAM5[Action::s3:GetBucket*]', reason: `${grant}: it locates the two buckets.` },
      { id: 'AwsSolutions-IAM5[Action::s3:List*]', reason: `${grant}: aws s3 sync lists the site bucket to compare.` },
      { id: 'AwsSolutions-IAM5[Action::s3:DeleteObject*]', reason: `${grant}, on the site bucket only; prune is off, so no deploy deletes a file.` },
      { id: 'AwsSolutions-IAM5[Action::s3:Abort*]', reason: `${grant}, on the site bucket only: aborting its own multipart uploads.` },
      { id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-${qualifier}-assets-<AWS::AccountId>-<AWS::Region>/*]`, reason: 'The bootstrap asset bucket, whose objects are named by content hash at synthesis: the handler reads the console\'s source zips there.' },
      { id: this.bucket.objectsFinding(), reason: 'The console bucket\'s objects, named by the build (content-hashed scripts and styles, index.html, config.json).' },
      { id: 'AwsSolutions-IAM5[Resource::*]', reason: 'BucketDeployment grants cloudfront:CreateInvalidation and GetInvalidation on * (not scopable through the construct); the handler invalidates only the console distribution it is given.' },
    );
    const handler = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (handler === undefined) throw new Error('BucketDeployment created no handler');
    Validations.of(handler).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'The Python runtime aws-cdk-lib pins for BucketDeployment\'s handler and its AWS CLI layer: it moves with aws-cdk-lib upgrades, not with this project\'s code.',
    });
  }
}
