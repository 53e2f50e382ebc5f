// `adt-hub roster import` against the local hub: rows stored in DynamoDB Local, read back.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DynamoDbRosterStore } from '../../functions/adapters/dynamodb/roster-store.ts';
import { REGISTRY_TABLE } from '../../functions/platform/resources.ts';
import type { LocalHub } from '../../local/hub.ts';
import { adtHub } from '../helpers/cli.ts';
import { startTestHub } from '../helpers/local-hub.ts';
import { stateDirFor } from '../helpers/state-dir.ts';

let hub: LocalHub;
let state: ReturnType<typeof stateDirFor>;

beforeAll(async () => {
  hub = await startTestHub('roster');
  state = stateDirFor(hub);
});

afterAll(async () => {
  state?.remove();
  await hub?.stop();
});

function csv(name: string, lines: string[]): string {
  const path = join(tmpdir(), `${name}-${process.pid}.csv`);
  writeFileSync(path, `${lines.join('\r\n')}\r\n`);
  return path;
}

it('imports a roster, reports rejected rows, and replaces it on request', async () => {
  const first = csv('first', [
    'family_name,given_name,birth_date,sex,postcode,local_id,nhs_number,extra',
    'Khan,Amir,2001-05-09,M,WA2 7AB,SC:1,,ignored',
    '"O\'Brien, née Walsh",Mary,1942-03-17,F,wa11aa,SC:2,944 930 5552,',
    'Nobody,Ann,not-a-date,F,WA1 1AA,SC:3,,',
    'Smith,"Line,with comma",1950-02-28,F,,SC:4,,',
  ]);
  const second = csv('second', ['nhs_number,family_name,birth_date', '9449305552,Walsh,1942-03-17']);

  const imported = await adtHub(
    ['roster', 'import', '--subscriber', 'SC-WARRINGTON', '--json', first],
    state.env,
  );
  const replaced = await adtHub(
    ['roster', 'import', '--subscriber', 'SC-WARRINGTON', '--replace', second],
    state.env,
  );

  expect(imported.code).toBe(0);
  expect(JSON.parse(imported.stdout)).toMatchObject({
    subscriber: 'SC-WARRINGTON',
    imported: 3,
    rejected: [{ line: 4, reason: 'birth_date is not a date as YYYY-MM-DD' }],
  });
  expect(replaced.code).toBe(0);
  expect(replaced.stdout).toMatch(
    /^Roster of SC-WARRINGTON: 0 imported, 1 updated, 0 unchanged, 2 removed, 0 rejected/,
  );

  const rosters = await new DynamoDbRosterStore(
    hub.dynamodb,
    hub.env[REGISTRY_TABLE.envVar] as string,
  ).loadRosters();
  expect(rosters.get('SC-WARRINGTON')).toEqual([
    {
      personId: '9449305552',
      line: 2,
      nhsNumber: '9449305552',
      family: 'Walsh',
      given: [],
      birthDate: '1942-03-17',
    },
  ]);
});

it('exits 1 in one line when the file cannot be read', async () => {
  const result = await adtHub(['roster', 'import', '--subscriber', 'X', '/no/such.csv'], state.env);

  expect(result.code).toBe(1);
  expect(result.stderr.trim()).toBe('adt-hub roster: cannot read /no/such.csv: ENOENT');
});
