#!/usr/bin/env node
// The operator CLI's launcher. The CLI is TypeScript, run through tsx, so that `npx adt-hub`
// works straight after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
await import('./adt-hub.ts');
