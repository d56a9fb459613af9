#!/usr/bin/env node
// The `awards` bin. The project is TypeScript run from source: tsx registers its loader, then the command runs.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
