// Deployable on a fresh account: each function's reserved concurrency and memory come from the
// configuration file (functions.*), and synth says what Lambda concurrency quota they need, warning
// when that is more than the account has. Bundling is skipped, as in stacks.test.ts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../bin/hub.ts';

const dir = mkdtempSync(join(tmpdir(), 'adt-hub-config-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The app built from a configuration file with these `functions`. */
function synthWith(functions: Record<string, unknown> | undefined) {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(
    path,
    JSON.stringify({ deployment: 'sizing', alarmEmail: 'ops@example.org', ...(functions && { functions }) }),
  );
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], config: path } });
  const { hub } = buildApp(app);
  return { hub, template: Template.fromStack(hub) };
}

/** Each function's reservation and memory, by its handler's description. */
function sizes(template: Template) {
  return Object.values(template.findResources('AWS::Lambda::Function')).map((fn) => ({
    description: fn.Properties.Description as string,
    reserved: fn.Properties.ReservedConcurrentExecutions as number,
    memory: fn.Properties.MemorySize as number,
  }));
}

describe('reserved concurrency and memory', () => {
  it('are the defaults the hub was sized with when the file says nothing', () => {
    const { template } = synthWith(undefined);

    expect(sizes(template)).toEqual(
      expect.arrayContaining([
        { description: 'POST /v1/hl7: store, queue, acknowledge', reserved: 50, memory: 512 },
        { description: 'Match, route and dispatch each accepted message', reserved: 20, memory: 1024 },
        { description: 'POST signed alerts to webhook subscribers, with retries', reserved: 20, memory: 512 },
        { description: expect.stringMatching(/^Console API: pages/), reserved: 10, memory: 1024 },
        { description: expect.stringMatching(/^Console API: review/), reserved: 5, memory: 1024 },
      ]),
    );
  });

  it('come from the file, and each queue’s event source keeps within its consumer’s reservation', () => {
    const { template } = synthWith({
      ingest: { reservedConcurrency: 10, memoryMiB: 256 },
      process: { reservedConcurrency: 4, memoryMiB: 2048 },
      consoleRead: { reservedConcurrency: 2, memoryMiB: 512 },
    });
    const functions = template.findResources('AWS::Lambda::Function');
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));

    expect(sizes(template)).toEqual(
      expect.arrayContaining([
        { description: 'POST /v1/hl7: store, queue, acknowledge', reserved: 10, memory: 256 },
        { description: 'Match, route and dispatch each accepted message', reserved: 4, memory: 2048 },
        { description: expect.stringMatching(/^Console API: pages/), reserved: 2, memory: 512 },
      ]),
    );
    expect(mappings).toHaveLength(2);
    for (const mapping of mappings) {
      const fn = functions[mapping.Properties.FunctionName.Ref];
      expect(mapping.Properties.ScalingConfig.MaximumConcurrency).toBe(
        fn?.Properties.ReservedConcurrentExecutions,
      );
    }
  });
});

describe('the account’s concurrency quota', () => {
  it('is explained at every synth: what is reserved, and the quota it needs with the 100 kept unreserved', () => {
    const { hub } = synthWith(undefined);

    Annotations.fromStack(hub).hasInfo(
      '*',
      Match.stringLikeRegexp(
        '^Reserved concurrency 105 over 5 function\\(s\\): the account needs a Lambda concurrent executions quota of at least 205 in eu-west-2',
      ),
    );
    Annotations.fromStack(hub).hasNoWarning('*', Match.stringLikeRegexp('concurrency quota'));
  });

  it('warns when the reservations and the 100 unreserved need more than the quota, and says how to ask for more', () => {
    const { hub } = synthWith({ process: { reservedConcurrency: 900 } });

    Annotations.fromStack(hub).hasWarning(
      '*',
      Match.stringLikeRegexp(
        "^Reserved concurrency 985 \\+ 100 unreserved = 1085 is more than the account's concurrency quota of 1000",
      ),
    );
    Annotations.fromStack(hub).hasWarning(
      '*',
      Match.stringLikeRegexp(
        'aws service-quotas request-service-quota-increase --region eu-west-2 --service-code lambda --quota-code L-B99A9384 --desired-value 1085',
      ),
    );
  });

  it('warns against the quota the file declares for an account that has less than the default', () => {
    const { hub } = synthWith({ accountConcurrencyQuota: 150 });

    Annotations.fromStack(hub).hasWarning(
      '*',
      Match.stringLikeRegexp("= 205 is more than the account's concurrency quota of 150"),
    );
  });
});
