/**
 * Builds the Scorecard CDK app: validated settings from context, the stateful and
 * pipeline stacks, and the cdk-nag AwsSolutions checks. Shared by infra/app.ts (the
 * `cdk` entry) and the tests, so both synthesize the same thing.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PipelineStack } from './pipeline-stack';
import { readAppSettings, type AppSettings } from './settings';
import { StatefulStack } from './stateful-stack';

export const STATEFUL_STACK = 'ScorecardStateful';
export const PIPELINE_STACK = 'ScorecardPipeline';

export interface ScorecardApp {
  app: App;
  settings: AppSettings;
  stateful: StatefulStack;
  pipeline: PipelineStack;
}

/**
 * Throws ConfigError (before any construct exists) when the `scorecard` or
 * `scorecardSchedule` context is not valid.
 */
export function buildScorecardApp(app: App = new App()): ScorecardApp {
  const settings = readAppSettings((key) => app.node.tryGetContext(key));
  // Environment-agnostic stacks: no account/region lookups, so `cdk synth` works
  // offline; `cdk deploy` uses the account and region of the caller's credentials.
  const stateful = new StatefulStack(app, STATEFUL_STACK, {
    description: 'Scorecard data: upload/report bucket, access-log bucket, DynamoDB table (retained on deletion)',
  });
  const pipeline = new PipelineStack(app, PIPELINE_STACK, {
    description: 'Scorecard pipeline: ingest and report functions, queues, schedules, alarms, topic',
    bucket: stateful.bucket,
    table: stateful.table,
    settings,
  });
  pipeline.addStackDependency(stateful, "the pipeline uses the bucket and table");
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, settings, stateful, pipeline };
}

