#!/usr/bin/env -S npx tsx
/**
 * The CDK app (cdk.json: `npx tsx infra/app.ts`). A bad `scorecard` context fails
 * synth with the same ConfigError message the functions would give.
 */
import { ConfigError } from '../shared/errors';
import { buildScorecardApp } from './scorecard-app';

try {
  buildScorecardApp().app.synth();
} catch (e) {
  if (e instanceof ConfigError) {
    process.stderr.write(`Scorecard configuration error: ${e.message}\n`);
    process.exit(1);
  }
  throw e;
}
