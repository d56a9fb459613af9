/**
 * The console's Content-Security-Policy, one definition for both places that serve it (CloudFront in AWS, the local
 * stack here): nothing inline and nothing from elsewhere but the origins the app talks to: the API (`connect`) and, in
 * AWS, the Cognito domain (its token endpoint by fetch, its sign-in page by navigation or form: `connect` and `forms`).
 */
export function contentSecurityPolicy(origins: { readonly connect: readonly string[]; readonly forms: readonly string[] }): string {
  const list = (extra: readonly string[]) => ['\'self\'', ...extra].join(' ');
  return [
    'default-src \'none\'', 'script-src \'self\'', 'style-src \'self\'', 'img-src \'self\' data:', 'font-src \'self\'',
    `connect-src ${list(origins.connect)}`, `form-action ${list(origins.forms)}`,
    'frame-ancestors \'none\'', 'base-uri \'none\'', 'manifest-src \'self\'',
  ].join('; ');
}
