// `adt-hub send` as an operator runs it: a real process posting over real HTTP to the local hub.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalHub } from '../../local/hub.ts';
import { adtHub } from '../helpers/cli.ts';
import { HL7_FIXTURES } from '../helpers/fixtures.ts';
import { admission, msaOf } from '../helpers/hl7.ts';
import { postHl7, startTestHub } from '../helpers/local-hub.ts';
import { stateDirFor } from '../helpers/state-dir.ts';

let hub: LocalHub;

beforeAll(async () => {
  hub = await startTestHub('cli');
});

afterAll(async () => {
  await hub?.stop();
});

describe('adt-hub send', () => {
  it('sends every message of the files in order and prints each ACK code', async () => {
    const { code, stdout } = await adtHub([
      'send',
      '--url',
      hub.httpUrl,
      '--key',
      hub.senderKey,
      `${HL7_FIXTURES}a01-admission.hl7`,
      `${HL7_FIXTURES}mllp-frames.hl7`,
    ]);

    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual(['MSG00001  AA', 'MLP00001  AA', 'MLP00002  AA']);
  });

  it('exits 1 and prints the reason when a message is not accepted', async () => {
    const { code, stdout, stderr } = await adtHub([
      'send',
      '--json',
      '--url',
      `${hub.httpUrl}/v1/hl7`,
      '--key',
      hub.senderKey,
      `${HL7_FIXTURES}a02-transfer.hl7`,
      `${HL7_FIXTURES}bad-missing-pid.hl7`,
    ]);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));

    expect(code).toBe(1);
    expect(lines[0]).toMatchObject({ controlId: 'MSG00002', status: 200, ackCode: 'AA' });
    expect(lines[1]).toMatchObject({
      controlId: 'BAD00005',
      status: 400,
      ackCode: 'AE',
      reason: 'An ADT A01 message needs a PID segment',
    });
    expect(stderr.trim()).toBe('adt-hub send: 1 message(s) not accepted');
  });

  it('reports a wrong key as HTTP 401', async () => {
    const { code, stdout } = await adtHub([
      'send',
      '--url',
      hub.httpUrl,
      '--key',
      'wrong',
      `${HL7_FIXTURES}a01-admission.hl7`,
    ]);

    expect(code).toBe(1);
    expect(stdout).toContain('MSG00001  HTTP 401');
  });
});

describe('the CLI finds the hub npm start runs', () => {
  it('sends without --url and --key, and lists what was refused', async () => {
    const state = stateDirFor(hub);
    const { env } = state;
    const day = new Date().toISOString().slice(0, 10);

    const sent = await adtHub(
      ['send', `${HL7_FIXTURES}a04-registration.hl7`, `${HL7_FIXTURES}bad-version.hl7`],
      env,
    );
    const listed = await adtHub(['quarantine', 'list', '--json', '--day', day], env);
    state.remove();

    expect(sent.stdout.trim().split('\n')).toEqual([
      'MSG00010  AA',
      'BAD00007  AR  MSH-12 is not an HL7 v2 version',
    ]);
    expect(listed.code).toBe(0);
    const entries = listed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(entries).toContainEqual(
      expect.objectContaining({
        ackCode: 'AR',
        controlId: 'BAD00007',
        sendingFacility: 'RBN',
        error: expect.objectContaining({ code: 'UNSUPPORTED_VERSION', field: 'MSH-12' }),
      }),
    );
  });

  it('says so in one line when no hub is running', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'adt-hub-state-'));
    const result = await adtHub(['quarantine', 'list'], { ADT_HUB_STATE_DIR: stateDir });
    rmSync(stateDir, { recursive: true, force: true });

    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('adt-hub quarantine: no hub is running here: start one with npm start');
  });
});

describe('adt-hub senders add', () => {
  it('creates a key that may send for its facilities only, stored as a hash', async () => {
    const state = stateDirFor(hub);
    const created = await adtHub(
      ['senders', 'add', '--id', 'rbn-engine', '--facilities', 'RBN', '--json'],
      state.env,
    );
    state.remove();
    const { key } = JSON.parse(created.stdout);

    const ours = await postHl7({ ...hub, senderKey: key }, admission({ 10: 'SND001' }));
    const theirs = await postHl7({ ...hub, senderKey: key }, admission({ 4: 'RXX', 10: 'SND002' }));

    expect(created.code).toBe(0);
    expect(key).toMatch(/^adthub_/);
    expect(ours.status).toBe(200);
    expect(theirs.status).toBe(400);
    expect(msaOf(theirs.body).code).toBe('AR');
  });

  it('sends an operator to the configuration file for an SQS subscriber of a deployed stack', async () => {
    const result = await adtHub([
      '--stack',
      'prod',
      'subscribers',
      'add',
      '--id',
      'SC',
      '--name',
      'Team',
      '--queue',
    ]);

    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      'adt-hub subscribers: an SQS subscriber of a deployed stack is added in its configuration file (config/<deployment>.json, docs/deploy.md), not with --queue (adt-hub subscribers --help)',
    );
  });

  it('refuses --stack without a name, in one line', async () => {
    const result = await adtHub(['subscribers', 'list', '--stack']);

    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('adt-hub: --stack needs the deployment name of a deployed stack');
  });
});
