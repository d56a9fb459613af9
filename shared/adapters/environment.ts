/**
 * What every adapter built from the environment shares: the SDK's timeouts and attempts (STYLE 11), and the error a
 * missing or malformed setting is (functions/runtime.ts builds the rest of a function from the same environment).
 */
import { LIMITS } from '../limits';

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/**
 * A service an adapter reaches could not be made ready on first use (a key, a log, a client): the request that needed
 * it is answered 503 with `publicMessage`, which names no path, key or variable; the message, with its cause, is logged.
 * It is tried again on the next request.
 */
export class DependencyUnavailableError extends Error {
  override name = 'DependencyUnavailableError';
  constructor(
    message: string,
    readonly publicMessage: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new ConfigurationError(`environment variable ${name} is not set`);
  return value;
}

/** Every SDK request has a timeout and a bounded number of attempts (STYLE 11). */
export const SDK = {
  maxAttempts: LIMITS.sdk.attemptsMax,
  requestHandler: { requestTimeout: LIMITS.sdk.requestTimeoutMs, connectionTimeout: LIMITS.sdk.connectionTimeoutMs },
} as const;
