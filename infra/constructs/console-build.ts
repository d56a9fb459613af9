/**
 * The console's files for a synthesis: built by console/build.ts into a directory of the synthesis's own, and removed
 * once the stack's assets have been copied out of it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cxapi from 'aws-cdk-lib/cx-api';
import type { Construct } from 'constructs';
import { type ConsoleBuild, buildConsole } from '../../console/build';

/**
 * Builds the console into a directory of its own: test files synthesise in parallel processes, and none may rebuild
 * a directory another is copying.
 */
export function buildConsoleSite(): ConsoleBuild {
  return buildConsole(mkdtempSync(join(tmpdir(), 'award-console-')));
}

/**
 * Removes a build once the stack is made: its files were copied into the cloud assembly (staged) as the upload's
 * assets were created. With staging off (`cdk synth --no-staging`) the assembly names the directory itself, so it stays.
 */
export function releaseConsoleSite(scope: Construct, site: ConsoleBuild): void {
  if (scope.node.tryGetContext(cxapi.DISABLE_ASSET_STAGING_CONTEXT)) return;
  rmSync(site.dir, { recursive: true, force: true });
}
