// Which region `adt-hub --stack NAME` talks to.
import { describe, expect, it } from 'vitest';
import { stackRegion } from '../../../cli/hub-connection.ts';

const files = (json: string | undefined) => () => json;

describe('stackRegion', () => {
  it('takes AWS_REGION, then AWS_DEFAULT_REGION, over everything', () => {
    const config = files('{"deployment":"prod","region":"eu-west-1"}');
    expect(stackRegion('prod', { AWS_REGION: 'us-east-1' }, config)).toBe('us-east-1');
    expect(stackRegion('prod', { AWS_DEFAULT_REGION: 'us-east-2' }, config)).toBe('us-east-2');
  });

  it('otherwise takes the region of the deployment’s configuration file, eu-west-2 when it names none', () => {
    expect(stackRegion('prod', {}, files('{"deployment":"prod","region":"eu-west-1"}'))).toBe('eu-west-1');
    expect(stackRegion('prod', {}, files('{"deployment":"prod"}'))).toBe('eu-west-2');
  });

  it('leaves it to the profile without a file, or with one that is not JSON', () => {
    expect(stackRegion('prod', {}, files(undefined))).toBeUndefined();
    expect(stackRegion('prod', {}, files('{ not json'))).toBeUndefined();
  });

  it('reads no file for a name that is not a deployment name', () => {
    let asked = false;
    const read = () => {
      asked = true;
      return '{"region":"eu-west-1"}';
    };
    expect(stackRegion('../../etc/passwd', {}, read)).toBeUndefined();
    expect(asked).toBe(false);
  });
});
