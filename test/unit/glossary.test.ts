// docs/glossary.md names every port and record the use cases depend on: a port added without a
// word for it fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const PORTS = join(import.meta.dirname, '../../functions/use-cases/ports');

it('has an entry for every name exported by functions/use-cases/ports/', () => {
  const glossary = readFileSync(join(import.meta.dirname, '../../docs/glossary.md'), 'utf8');
  const names = readdirSync(PORTS)
    .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
    .flatMap((file) =>
      [
        ...readFileSync(join(PORTS, file), 'utf8').matchAll(/^export (?:interface|type|const|class) (\w+)/gm),
      ].map((match) => match[1] as string),
    );
  expect(names.length).toBeGreaterThan(40);
  const missing = names.filter((name) => !glossary.includes(`\`${name}\``));
  expect(missing).toEqual([]);
});
