// A stand-in for the Lambda Node.js runtime, one process per function as one execution environment:
// loads the handler the template names (`index.handler`: index.js, .mjs or .cjs in the task root,
// the bundle CDK built) with the environment the parent gives it, then runs one invocation at a
// time as the parent asks over IPC. Plain JavaScript and no loader hooks, so the bundle is resolved
// by Node alone, as on Lambda. It records which environment variables the code reads, so that the
// check can tell a variable the template sets and nobody reads.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { recordEnvironmentReads } from './env-recorder.mjs';

const [taskRoot, handlerName] = process.argv.slice(2);
const { names: variablesRead, environment } = recordEnvironmentReads();

const send = (message) => process.send?.(message);

async function load() {
  const dot = handlerName.lastIndexOf('.');
  const moduleName = handlerName.slice(0, dot);
  const exportName = handlerName.slice(dot + 1);
  const file = ['.js', '.mjs', '.cjs']
    .map((extension) => join(taskRoot, `${moduleName}${extension}`))
    .find((path) => existsSync(path));
  if (file === undefined) throw new Error(`no ${moduleName}.js, .mjs or .cjs in ${taskRoot}`);
  const started = performance.now();
  const module = await import(pathToFileURL(file).href);
  const handler = module[exportName] ?? module.default?.[exportName];
  if (typeof handler !== 'function') throw new Error(`${file} exports no function ${exportName}`);
  return { handler, file, initMs: performance.now() - started };
}

function context(id, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  const name = environment.AWS_LAMBDA_FUNCTION_NAME ?? 'function';
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${environment.AWS_REGION}:000000000000:function:${name}`,
    memoryLimitInMB: environment.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '128',
    awsRequestId: id,
    logGroupName: environment.AWS_LAMBDA_LOG_GROUP_NAME ?? `/aws/lambda/${name}`,
    logStreamName: 'verify-deployed',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

let loaded;
try {
  loaded = await load();
  send({ type: 'ready', file: loaded.file, initMs: loaded.initMs });
} catch (error) {
  send({ type: 'init-error', message: error instanceof Error ? error.message : String(error) });
}

process.on('message', async (message) => {
  if (message.type === 'variables-read') {
    send({ type: 'variables-read', names: [...variablesRead] });
    return;
  }
  if (message.type !== 'invoke' || loaded === undefined) return;
  try {
    const result = await loaded.handler(message.event, context(message.id, message.timeoutMs));
    send({ type: 'result', id: message.id, result: result ?? null });
  } catch (error) {
    send({ type: 'error', id: message.id, message: error instanceof Error ? error.message : String(error) });
  }
});
