/**
 * The local token issuer: HS256 JWTs with the claims Cognito puts in an ID token (`sub`, `username`,
 * `cognito:groups`, `iss`, `aud`, `token_use`). Local stack only: the secret is a development constant (override it
 * with AWARDS_LOCAL_JWT_SECRET); in AWS the HTTP API's JWT authorizer verifies Cognito's tokens instead.
 */
import { SignJWT, jwtVerify } from 'jose';

export const LOCAL_ISSUER = 'https://award-pipeline.local/issuer';
export const LOCAL_AUDIENCE = 'award-pipeline-local';

function secret(): Uint8Array {
  return new TextEncoder().encode(process.env.AWARDS_LOCAL_JWT_SECRET ?? 'award-pipeline local development issuer, not for AWS');
}

export async function issueToken(user: string, groups: readonly string[], ttlSeconds = 12 * 3600): Promise<string> {
  return new SignJWT({ 'username': user, 'cognito:groups': [...groups], 'token_use': 'id' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(secret());
}

export class InvalidTokenError extends Error {
  override name = 'InvalidTokenError';
}

/** Verifies a token as API Gateway's JWT authorizer does: signature, issuer, audience, expiry. */
export async function verifyToken(token: string): Promise<Record<string, unknown>> {
  try {
    const { payload } = await jwtVerify(token, secret(), { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, algorithms: ['HS256'] });
    return payload as Record<string, unknown>;
  } catch (cause) {
    throw new InvalidTokenError(`the token is not valid: ${(cause as Error).message}`, { cause });
  }
}
