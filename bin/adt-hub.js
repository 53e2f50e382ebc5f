#!/usr/bin/env node
// The operator CLI's launcher. The CLI is TypeScript, run through tsx, so that `npx adt-hub`
// works straight after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

// Node 20 is supported until the AWS SDK drops it; its notice would only clutter the output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
await import('./adt-hub.ts');
