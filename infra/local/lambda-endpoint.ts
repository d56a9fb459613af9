/**
 * Lambda's Invoke API on this machine (`POST /2015-03-31/functions/{name}/invocations`), for the one function another
 * function starts: the API's "sign now" invokes ledger-digest synchronously, in AWS and here alike, with an unmodified
 * `@aws-sdk/client-lambda` (AWS_ENDPOINT_URL_LAMBDA points it here). So the API runs no signing code of its own on
 * either side (issue 19, finding 12): it asks the function whose role alone may sign. Bound to 127.0.0.1.
 */
import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { Context } from 'aws-lambda';
import { freePort } from './dynamodb';
import { BodyTooLargeError, close, listen, readBody, send } from './http';
import { LIMITS } from '../../shared/limits';

export type Invocable = (event: unknown, context: Context) => Promise<unknown>;

const PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

export interface LambdaEndpoint {
  readonly url: string;
  /** Makes `name` invocable (by name, or by an ARN ending in `:function:<name>`). */
  serve(name: string, handler: Invocable): void;
  stop(): Promise<void>;
}

export async function startLambdaEndpoint(deps: { context: (name: string) => Context; log: (line: string) => void }): Promise<LambdaEndpoint> {
  const functions = new Map<string, Invocable>();
  const server = createServer((req, res) => {
    void invoke(functions, deps, req, res).catch((error: Error) => {
      deps.log(`lambda endpoint: ${error.message}`);
      if (!res.headersSent) send(res, 500, JSON.stringify({ Type: 'Service', Message: error.message }), { 'content-type': 'application/json', 'x-amzn-errortype': 'ServiceException' });
    });
  });
  const port = await freePort();
  await listen(server, port, 'Lambda endpoint', 'none');
  return { url: `http://127.0.0.1:${port}`, serve: (name, handler) => void functions.set(name, handler), stop: () => close(server) };
}

type Deps = { context: (name: string) => Context };

async function invoke(functions: ReadonlyMap<string, Invocable>, deps: Deps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const refuse = (status: number, type: string, message: string) =>
    send(res, status, JSON.stringify({ Type: 'User', Message: message }), { 'content-type': 'application/json', 'x-amzn-errortype': type });
  const match = PATH.exec(new URL(req.url ?? '/', 'http://localhost').pathname);
  if (req.method !== 'POST' || match === null) return refuse(404, 'UnknownOperationException', `${req.method} ${req.url} is not Invoke`);
  const name = decodeURIComponent(match[1] ?? '').replace(/^arn:aws:lambda:[^:]+:\d+:function:/, '');
  const handler = functions.get(name);
  if (handler === undefined) return refuse(404, 'ResourceNotFoundException', `Function not found: ${name}`);
  if ((req.headers['x-amz-invocation-type'] ?? 'RequestResponse') !== 'RequestResponse') return refuse(400, 'InvalidParameterValueException', 'only RequestResponse invocations are served here');
  let body: string;
  try {
    body = await readBody(req, LIMITS.local.lambdaPayloadBytesMax);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return refuse(413, 'RequestTooLargeException', error.message);
    throw error;
  }
  const headers = { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' };
  try {
    const result = await handler(body === '' ? {} : JSON.parse(body), deps.context(name));
    send(res, 200, JSON.stringify(result ?? null), headers);
  } catch (error) {
    // As Lambda answers a function that threw: 200, X-Amz-Function-Error, and the error as the payload.
    const { name: errorType, message: errorMessage } = error as Error;
    send(res, 200, JSON.stringify({ errorType, errorMessage }), { ...headers, 'x-amz-function-error': 'Unhandled' });
  }
}

/** The account and region the local stack's ARNs and queue URLs name. */
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';

/** The context Lambda passes a handler; the local stack and the tests build it the same way. */
export function lambdaContext(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
