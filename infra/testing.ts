/**
 * Test helpers: the app as `cdk synth` builds it (cdk.json's context, which the CLI
 * passes and `new App()` alone would not read), with bundling skipped unless asked.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { PROJECT_ROOT } from './constructs/scorecard-function';
import { buildScorecardApp, type ScorecardApp } from './scorecard-app';

export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')).context;
}

export interface TestAppOptions {
  /** Context on top of cdk.json's (like `cdk synth -c key=value`). */
  context?: Record<string, unknown>;
  /** Run esbuild (slow); default false. */
  bundle?: boolean;
  outdir?: string;
  /**
   * CDK's built-in CloudFormation schema/lint validation (what `cdk synth` runs;
   * ~30 s for this app). Default false in tests; cdk-nag runs either way.
   */
  cfnValidation?: boolean;
}

export function testApp(opts: TestAppOptions = {}): ScorecardApp {
  const context: Record<string, unknown> = { ...cdkJsonContext(), ...opts.context };
  if (!opts.bundle) context['aws:cdk:bundling-stacks'] = [];
  return buildScorecardApp(new App({ context, outdir: opts.outdir, builtinCloudFormationValidation: opts.cfnValidation ?? false }));
}
