/**
 * The runtime configuration the console reads from `./config.json`: the one shape the browser (console/src) and the
 * stack that writes it (infra/constructs/console.ts) agree on. Locally `{ "apiUrl": "", "auth": { "kind": "local" } }`.
 */

export interface CognitoAuth {
  readonly kind: 'cognito';
  /** `https://<prefix>.auth.<region>.amazoncognito.com` */
  readonly domain: string;
  readonly clientId: string;
  readonly userPoolId: string;
  readonly region: string;
  /** Where the hosted UI sends the browser back with `?code=` (the console's address). */
  readonly redirectUri: string;
  readonly logoutUri: string;
}

export type AuthConfig = { readonly kind: 'local' } | CognitoAuth;

export interface ConsoleConfig {
  /** The API's origin, without a trailing slash (empty: the same origin as the console, as on the local stack). */
  readonly apiUrl: string;
  readonly auth: AuthConfig;
}
