/**
 * The console in AWS (infra/constructs/console.ts), proven on the synthesised template: a private bucket only the
 * distribution reads, HTTPS with the console's security headers, a public app client with the code flow alone, the
 * runtime config.json the browser reads (rebuilt from the upload's own asset and markers), and the API accepting
 * the console's tokens and origin, all without a dependency cycle CloudFormation would refuse.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import { contentSecurityPolicy } from '../../console/csp';
import { consoleDomainPrefix } from '../../infra/constructs/console';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string | string[] };
let resources: Record<string, Resource>;
let outputs: Record<string, { Value: unknown }>;
let assemblyDir: string;

beforeAll(() => {
  const { app, stack } = buildApp(NO_BUNDLING);
  const assembly = app.synth();
  const template = assembly.getStackArtifact(stack.artifactId).template as { Resources: Record<string, Resource>; Outputs: Record<string, { Value: unknown }> };
  resources = template.Resources;
  outputs = template.Outputs;
  assemblyDir = assembly.directory;
}, 120_000);

/** The one resource of `type` (matching `where`), with its logical id. */
function only(type: string, where: (r: Resource) => boolean = () => true): [string, Resource] {
  const found = Object.entries(resources).filter(([, r]) => r.Type === type && where(r));
  if (found.length !== 1) throw new Error(`${found.length} resources of ${type}`);
  return found[0] as [string, Resource];
}

/** A CloudFormation string as text, each deploy-time value written `${LogicalId}` or `${LogicalId.Attribute}`. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown>;
  if (Array.isArray(v['Fn::Join'])) {
    const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(text).join(separator);
  }
  if (typeof v.Ref === 'string') return `\${${v.Ref}}`;
  if (Array.isArray(v['Fn::GetAtt'])) return `\${${(v['Fn::GetAtt'] as string[]).join('.')}}`;
  if (typeof v['Fn::Sub'] === 'string') return v['Fn::Sub'];
  throw new Error(`not a string: ${JSON.stringify(value)}`);
}

const distributionId = () => only('AWS::CloudFront::Distribution')[0];
const consoleOrigin = () => `https://\${${distributionId()}.DomainName}`;
const consoleClient = () => only('AWS::Cognito::UserPoolClient', (r) => JSON.stringify(r.Properties.AllowedOAuthFlows) === '["code"]');
const apiClient = () => only('AWS::Cognito::UserPoolClient', (r) => r.Properties.AllowedOAuthFlows === undefined);
const apiId = () => only('AWS::ApiGatewayV2::Api')[0];
const cognitoOrigin = () => `https://\${${only('AWS::Cognito::UserPoolDomain')[0]}}.auth.\${AWS::Region}.amazoncognito.com`;

describe('the site bucket', () => {
  const bucket = () => only('AWS::S3::Bucket', (r) => r.Properties.WebsiteConfiguration === undefined && JSON.stringify(r.Properties.LoggingConfiguration ?? {}).includes('console/'));

  it('blocks all public access, has no website hosting, and is encrypted, versioned, access logged and retained', () => {
    const [, site] = bucket();
    expect(site.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: { DestinationBucketName: { Ref: 'PaymentsAccessLogs264031DF' }, LogFilePrefix: 'console/' },
    });
    expect(site.Properties.WebsiteConfiguration).toBeUndefined();
    expect((site as { DeletionPolicy?: string }).DeletionPolicy).toBe('Retain');
  });

  it('lets CloudFront alone read it, for this distribution only (origin access control), and refuses plain HTTP', () => {
    const [siteId] = bucket();
    const [, policy] = only('AWS::S3::BucketPolicy', (r) => JSON.stringify(r.Properties.Bucket) === JSON.stringify({ Ref: siteId }));
    const statements = (policy.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement;
    expect(statements.filter((s) => s.Effect === 'Allow').map((s) => ({ ...s, Resource: text(s.Resource), Condition: { StringEquals: { 'AWS:SourceArn': text((s.Condition as { StringEquals: Record<string, unknown> }).StringEquals['AWS:SourceArn']) } } }))).toEqual([{
      Effect: 'Allow',
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: 's3:GetObject',
      Resource: `\${${siteId}.Arn}/*`,
      Condition: { StringEquals: { 'AWS:SourceArn': `arn:\${AWS::Partition}:cloudfront::\${AWS::AccountId}:distribution/\${${distributionId()}}` } },
    }]);
    expect(statements.filter((s) => s.Effect === 'Deny').map((s) => s.Condition)).toEqual([{ Bool: { 'aws:SecureTransport': 'false' } }]);
  });
});

describe('the distribution', () => {
  const config = () => only('AWS::CloudFront::Distribution')[1].Properties.DistributionConfig as Record<string, unknown> & {
    DefaultCacheBehavior: Record<string, unknown>;
    CacheBehaviors: Array<Record<string, unknown> & { PathPattern: string }>;
    Origins: Array<Record<string, unknown>>;
  };

  it('reads the bucket through an origin access control, and redirects every request to HTTPS', () => {
    const [oacId, oac] = only('AWS::CloudFront::OriginAccessControl');
    expect(oac.Properties.OriginAccessControlConfig).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' });
    expect(config().Origins).toEqual([expect.objectContaining({ OriginAccessControlId: { 'Fn::GetAtt': [oacId, 'Id'] }, S3OriginConfig: { OriginAccessIdentity: '' } })]);
    const behaviors = [config().DefaultCacheBehavior, ...config().CacheBehaviors];
    for (const behavior of behaviors) expect(behavior).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'] });
    expect(config()).toMatchObject({ DefaultRootObject: 'index.html', HttpVersion: 'http2and3', PriceClass: 'PriceClass_100' });
  });

  it('logs every request to a log bucket of its own', () => {
    const [logsId, logBucket] = only('AWS::S3::Bucket', (r) => JSON.stringify(r.Properties.OwnershipControls).includes('BucketOwnerPreferred') && r.Properties.LoggingConfiguration !== undefined);
    expect(config().Logging).toEqual({ Bucket: { 'Fn::GetAtt': [logsId, 'RegionalDomainName'] }, Prefix: 'console/' });
    expect(logBucket.Properties.PublicAccessBlockConfiguration).toMatchObject({ BlockPublicAcls: true, RestrictPublicBuckets: true });
  });

  // CloudFront matches a path against each behavior's pattern (`*` any characters), then the default behavior.
  const behaviorFor = (path: string) => {
    const matches = (pattern: string) => new RegExp(`^/?${pattern.replace(/^\//, '').replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(path.replace(/^\//, ''));
    return config().CacheBehaviors.find((b) => matches(b.PathPattern)) ?? config().DefaultCacheBehavior;
  };
  const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
  const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';

  it.each([
    ['/', CACHING_DISABLED],
    ['/index.html', CACHING_DISABLED],
    ['/config.json', CACHING_DISABLED],
    ['/app-L4N4BTJD.js', CACHING_OPTIMIZED],
    ['/app-O7MBP33X.css', CACHING_OPTIMIZED],
  ])('caches %s with policy %s (only the content-hashed files at the edge)', (path, policy) => {
    expect(behaviorFor(path).CachePolicyId).toBe(policy);
  });

  it('answers every path with the one security headers policy', () => {
    const [headersId] = only('AWS::CloudFront::ResponseHeadersPolicy');
    for (const behavior of [config().DefaultCacheBehavior, ...config().CacheBehaviors]) expect(behavior.ResponseHeadersPolicyId).toEqual({ Ref: headersId });
  });
});

describe('the security headers', () => {
  const security = () => (only('AWS::CloudFront::ResponseHeadersPolicy')[1].Properties.ResponseHeadersPolicyConfig as { SecurityHeadersConfig: Record<string, Record<string, unknown>> }).SecurityHeadersConfig;
  const csp = () => text(security().ContentSecurityPolicy?.ContentSecurityPolicy).split(/;\s*/);

  it('sets HSTS for two years with subdomains and preload, nosniff, DENY framing and no referrer, over the origin\'s', () => {
    expect(security()).toMatchObject({
      StrictTransportSecurity: { AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true, Preload: true, Override: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
      ContentSecurityPolicy: { Override: true },
    });
  });

  it.each([
    ['default-src', () => 'default-src \'none\''],
    ['script-src', () => 'script-src \'self\''],
    ['style-src', () => 'style-src \'self\''],
    ['img-src', () => 'img-src \'self\' data:'],
    ['connect-src', () => `connect-src 'self' \${${apiId()}.ApiEndpoint} ${cognitoOrigin()}`],
    ['form-action', () => `form-action 'self' ${cognitoOrigin()}`],
    ['frame-ancestors', () => 'frame-ancestors \'none\''],
    ['base-uri', () => 'base-uri \'none\''],
  ])('its CSP sets %s exactly', (directive, expected) => {
    expect(csp().filter((d) => d.startsWith(`${directive} `))).toEqual([expected()]);
  });

  it('builds its CSP from the API and Cognito origins, and names no other', () => {
    expect(contentSecurityPolicy({ connect: ['https://api.example', 'https://auth.example'], forms: ['https://auth.example'] })).toBe(
      'default-src \'none\'; script-src \'self\'; style-src \'self\'; img-src \'self\' data:; font-src \'self\'; connect-src \'self\' https://api.example https://auth.example; '
      + 'form-action \'self\' https://auth.example; frame-ancestors \'none\'; base-uri \'none\'; manifest-src \'self\'',
    );
  });
});

describe('signing in: the Cognito domain and the console\'s app client', () => {
  it('allows the authorization code flow alone, without a secret, back to the console\'s own URL', () => {
    const [, client] = consoleClient();
    expect(client.Properties).toMatchObject({
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      GenerateSecret: false,
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      RefreshTokenValidity: 720,
    });
    expect((client.Properties.CallbackURLs as unknown[]).map(text)).toEqual([`${consoleOrigin()}/`]);
    expect((client.Properties.LogoutURLs as unknown[]).map(text)).toEqual([`${consoleOrigin()}/`]);
  });

  it('leaves the CLI\'s client without OAuth, now that the pool has a hosted sign-in page', () => {
    const [, client] = apiClient();
    expect(client.Properties).toMatchObject({ ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], AllowedOAuthFlowsUserPoolClient: false });
    expect(client.Properties.CallbackURLs).toBeUndefined();
  });

  it('has a Cognito prefix domain named after the stack and account unless context names one', () => {
    expect(text(only('AWS::Cognito::UserPoolDomain')[1].Properties.Domain)).toBe('award-pipeline-${AWS::AccountId}');
    expect(consoleDomainPrefix(new Stack(new App({ context: { consoleDomainPrefix: 'finance-console-7' } }), 'S'))).toBe('finance-console-7');
  });

  it.each(['Finance', 'aws-console', 'my-cognito', '-x', 'x-', 'a'.repeat(64), 42])('refuses the context domain prefix %s', (prefix) => {
    expect(() => consoleDomainPrefix(new Stack(new App({ context: { consoleDomainPrefix: prefix } }), 'S'))).toThrow(/consoleDomainPrefix/);
  });

  it('outputs the console URL, its client id and the Cognito domain', () => {
    expect(text(outputs.ConsoleUrl?.Value)).toBe(`${consoleOrigin()}/`);
    expect(outputs.ConsoleClientId?.Value).toEqual({ Ref: consoleClient()[0] });
    expect(text(outputs.CognitoDomain?.Value)).toBe(cognitoOrigin());
  });
});

describe('the API, called from the console', () => {
  it('accepts the ID tokens of both app clients: the JWT authorizer\'s audience names each', () => {
    const [, authorizer] = only('AWS::ApiGatewayV2::Authorizer');
    expect((authorizer.Properties.JwtConfiguration as { Audience: unknown[] }).Audience).toEqual([{ Ref: apiClient()[0] }, { Ref: consoleClient()[0] }]);
  });

  it('allows exactly the console\'s origin (CORS), set once both exist, and only by a handler that may change nothing else', () => {
    const [, cors] = only('Custom::HttpApiCors');
    const call = (phase: 'Create' | 'Update') => JSON.parse(text(cors.Properties[phase])) as { action: string; parameters: Record<string, unknown> };
    expect(call('Create')).toEqual(call('Update'));
    expect(call('Create')).toMatchObject({ service: 'ApiGatewayV2', action: 'UpdateApi' });
    expect(call('Create').parameters).toEqual({
      ApiId: `\${${apiId()}}`,
      CorsConfiguration: {
        AllowOrigins: [consoleOrigin()],
        AllowMethods: ['GET', 'POST', 'PUT', 'OPTIONS'],
        AllowHeaders: ['authorization', 'content-type'],
        ExposeHeaders: ['x-next-cursor', 'content-disposition'],
        MaxAge: 3600,
        AllowCredentials: false,
      },
    });
    // One source of truth: the API resource itself configures no CORS.
    expect(only('AWS::ApiGatewayV2::Api')[1].Properties.CorsConfiguration).toBeUndefined();
    // The handler's own policy, which the custom resource waits for.
    const policies = [cors.DependsOn ?? []].flat().map((id) => resources[id]).filter((r) => r?.Type === 'AWS::IAM::Policy') as Resource[];
    expect(policies).toHaveLength(1);
    const grants = ((policies[0] as Resource).Properties.PolicyDocument as { Statement: Array<{ Action: string; Resource: unknown }> }).Statement.map((s) => `${s.Action} ${text(s.Resource)}`);
    expect(grants).toEqual([
      `apigateway:PATCH arn:\${AWS::Partition}:apigateway:\${AWS::Region}::/apis/\${${apiId()}}`,
      `apigateway:DELETE arn:\${AWS::Partition}:apigateway:\${AWS::Region}::/apis/\${${apiId()}}/cors`,
    ]);
  });
});

describe('the upload', () => {
  const deployments = () => Object.entries(resources).filter(([, r]) => r.Type === 'Custom::CDKBucketDeployment');
  const document = () => only('Custom::CDKBucketDeployment', (r) => r.Properties.DistributionId !== undefined);

  it('writes config.json with the API, the Cognito domain and client, and the console\'s URL to come back to', () => {
    const [, deployment] = document();
    const markers = deployment.Properties.SourceMarkers as Array<Record<string, unknown>>;
    const keys = deployment.Properties.SourceObjectKeys as string[];
    const index = markers.findIndex((m) => Object.keys(m).length > 0);
    const raw = readFileSync(join(assemblyDir, `asset.${(keys[index] as string).replace(/\.zip$/, '')}`, 'config.json'), 'utf8');
    const filled = Object.entries(markers[index] ?? {}).reduce((json, [marker, value]) => json.split(marker).join(text(value)), raw);
    expect(JSON.parse(filled)).toEqual({
      apiUrl: `\${${apiId()}.ApiEndpoint}`,
      auth: {
        kind: 'cognito',
        domain: cognitoOrigin(),
        clientId: `\${${consoleClient()[0]}}`,
        userPoolId: `\${${only('AWS::Cognito::UserPool')[0]}}`,
        region: '${AWS::Region}',
        redirectUri: `${consoleOrigin()}/`,
        logoutUri: `${consoleOrigin()}/`,
      },
    });
  });

  it('uploads the hashed files first (cached a year), then index.html and config.json (revalidated) and invalidates /*', () => {
    expect(deployments()).toHaveLength(2);
    const [documentId, doc] = document();
    const [assetsId, assets] = deployments().find(([id]) => id !== documentId) as [string, Resource];
    expect(assets.Properties).toMatchObject({ Prune: false, SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' } });
    expect(assets.Properties.DistributionId).toBeUndefined();
    expect(doc.Properties).toMatchObject({ Prune: false, SystemMetadata: { 'cache-control': 'no-cache' }, DistributionId: { Ref: distributionId() }, DistributionPaths: ['/*'] });
    expect([doc.DependsOn].flat()).toContain(assetsId);
    expect(Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::LayerVersion')).toHaveLength(1);
  });

  it('runs with a role that reads the asset bucket, writes the site bucket, invalidates, and logs to its own group', () => {
    const [, handler] = only('AWS::Lambda::Function', (r) => r.Properties.Runtime === 'python3.13');
    const roleId = (handler.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    expect(resources[roleId]?.Properties.ManagedPolicyArns).toBeUndefined();
    const statements = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Array<{ Action: string | string[]; Resource: unknown }> }).Statement);
    const where = (resource: unknown) => [resource].flat().map(text).map((r) => r.replace(/\$\{(Console[A-Za-z]+?)[0-9A-F]{8}(\.Arn)?\}/g, '<$1>')).sort().join(' ');
    const READ = ['s3:GetBucket*', 's3:GetObject*', 's3:List*'];
    const actions = (list: string[]) => (list.every((a) => a.startsWith('s3:')) ? (list.every((a) => READ.includes(a)) ? 's3 read' : 's3 read-write') : list.sort().join(','));
    const allowed = statements.map((s) => `${actions([s.Action].flat())} on ${where(s.Resource)}`);
    const assetBucket = 'arn:${AWS::Partition}:s3:::cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}';
    expect(allowed.sort()).toEqual([
      'cloudfront:CreateInvalidation,cloudfront:GetInvalidation on *',
      'logs:CreateLogStream,logs:PutLogEvents on <Consoledeploylogs>',
      's3 read-write on <ConsoleSite> <ConsoleSite>/*',
      `s3 read on ${assetBucket} ${assetBucket}/*`,
    ].sort());
  });

  it('adds no function beyond the pipeline\'s but CDK\'s two custom-resource handlers, neither reaching the table or the key', () => {
    const others = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function' && (r.Properties.Environment as { Variables?: { POWERTOOLS_SERVICE_NAME?: string } } | undefined)?.Variables?.POWERTOOLS_SERVICE_NAME === undefined);
    expect(others.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual(['AWS679f53fac002430cb0da5b7982bd2287', 'CustomCDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C']);
    for (const [, fn] of others) {
      const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const granted = JSON.stringify(Object.values(resources).filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(roleId)));
      expect(granted).not.toMatch(/dynamodb:|secretsmanager:|kms:/);
    }
  });
});

describe('the template as CloudFormation orders it', () => {
  /** The logical ids each resource refers to (Ref, Fn::GetAtt, Fn::Sub, DependsOn): CloudFormation creates those first. */
  function references(all: Record<string, Resource>): Map<string, Set<string>> {
    const graph = new Map<string, Set<string>>();
    const walk = (value: unknown, into: Set<string>): void => {
      if (Array.isArray(value)) return value.forEach((v) => walk(v, into));
      if (value === null || typeof value !== 'object') return;
      for (const [key, v] of Object.entries(value)) {
        if (key === 'Ref' && typeof v === 'string') into.add(v);
        else if (key === 'Fn::GetAtt') into.add((Array.isArray(v) ? v[0] : String(v).split('.')[0]) as string);
        else if (key === 'Fn::Sub') for (const m of JSON.stringify(v).matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}/g)) into.add(m[1] as string);
        else walk(v, into);
      }
    };
    for (const [id, r] of Object.entries(all)) {
      const into = new Set<string>([r.DependsOn ?? []].flat());
      walk(r.Properties, into);
      graph.set(id, new Set([...into].filter((ref) => ref in all)));
    }
    return graph;
  }

  /** A cycle of logical ids, if the references have one (depth-first search). */
  function cycle(graph: Map<string, Set<string>>): string[] | undefined {
    const state = new Map<string, 'open' | 'done'>();
    const path: string[] = [];
    const visit = (id: string): string[] | undefined => {
      if (state.get(id) === 'done') return undefined;
      if (state.get(id) === 'open') return [...path.slice(path.indexOf(id)), id];
      state.set(id, 'open');
      path.push(id);
      for (const next of graph.get(id) ?? []) {
        const found = visit(next);
        if (found !== undefined) return found;
      }
      path.pop();
      state.set(id, 'done');
      return undefined;
    };
    for (const id of graph.keys()) {
      const found = visit(id);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  it('has no circular dependency (CDK synthesises one; CloudFormation refuses it at deploy)', () => {
    expect(cycle(references(resources))).toBeUndefined();
  });

  it('would find one: CORS on the API resource itself, naming the distribution whose CSP names the API', () => {
    const api = only('AWS::ApiGatewayV2::Api')[0];
    const withCors = { ...resources, [api]: { ...(resources[api] as Resource), Properties: { ...resources[api]?.Properties, CorsConfiguration: { AllowOrigins: [{ 'Fn::GetAtt': [distributionId(), 'DomainName'] }] } } } };
    expect(cycle(references(withCors))).toEqual(expect.arrayContaining([api, distributionId()]));
  });
});
