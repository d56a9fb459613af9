#!/usr/bin/env node
// The `awards` bin. The project is TypeScript run from source: tsx registers its loader, then the command runs.
import { register } from 'tsx/esm/api';

// Node 20 is this project's runtime; the SDK's notice that its releases after January 2027 need Node 22 concerns
// versions the lockfile does not install, and it would open every command's output. Set the variable to "false" to see it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
await import('./main.ts');
