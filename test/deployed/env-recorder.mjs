// Records which environment variables a process's code reads: process.env wrapped in a Proxy that
// notes each name looked up. Used by the Lambda runtime stand-in (lambda-runtime.mjs) and, with
// `node --import`, by the MLLP container run, which writes the names to
// VERIFY_DEPLOYED_READS_FILE when it exits. A read of VERIFY_DEPLOYED_SENTINEL, which no code
// names, means the code enumerated its environment and reads cannot be told apart.
import { writeFileSync } from 'node:fs';

const OWN = /^VERIFY_DEPLOYED_(?!SENTINEL$)/;

export function recordEnvironmentReads() {
  const names = new Set();
  const environment = process.env;
  process.env = new Proxy(environment, {
    get(target, key) {
      if (typeof key === 'string' && !OWN.test(key)) names.add(key);
      return Reflect.get(target, key);
    },
    has(target, key) {
      if (typeof key === 'string' && !OWN.test(key)) names.add(key);
      return Reflect.has(target, key);
    },
  });
  return { names, environment };
}

const file = process.env.VERIFY_DEPLOYED_READS_FILE;
if (file !== undefined && process.env.VERIFY_DEPLOYED_RECORD === 'preload') {
  const { names } = recordEnvironmentReads();
  process.on('exit', () => writeFileSync(file, JSON.stringify([...names])));
}
