/**
 * The one Lambda construct every Scorecard function uses, so runtime, architecture,
 * bundling, logging and sizing are set once (the powertools examples/app pattern):
 * NodejsFunction bundled locally by esbuild (no Docker), Node.js 24 on ARM64, ESM
 * output with source maps, its own log group with bounded retention, and its own
 * role whose only built-in permission is writing to that log group.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LOG_RETENTION, type FunctionSizing } from '../settings';

/** The repository root (infra/constructs/ is two levels below it). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const RUNTIME = lambda.Runtime.NODEJS_24_X;

export interface ScorecardFunctionProps {
  /** Handler source relative to the repository root, e.g. `functions/ingest/handler.ts` (exports `handler`). */
  entry: string;
  description: string;
  /** POWERTOOLS_SERVICE_NAME, e.g. `scorecard-ingest`. */
  serviceName: string;
  sizing: FunctionSizing;
  environment?: Record<string, string>;
  /** LOG_LEVEL for Powertools Logger. */
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
}

export class ScorecardFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ScorecardFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // An explicit role instead of the default one with the AWSLambdaBasicExecutionRole
    // managed policy (which may write to every log group in the account).
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.serviceName}: ${props.description}`,
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    const entry = path.join(PROJECT_ROOT, props.entry);
    // NodejsFunction checks that the entry exists even when bundling is skipped
    // (unit tests). While a handler is not written yet, such a synth gets a
    // placeholder; a synth that bundles (cdk synth/deploy) still fails on it.
    const placeholder = !existsSync(entry) && !Stack.of(this).bundlingRequired;
    this.fn = new NodejsFunction(this, 'Function', {
      ...(placeholder
        ? { code: lambda.Code.fromInline('exports.handler = async () => { throw new Error("not bundled"); };'), handler: 'index.handler' }
        : { entry, handler: 'handler' }),
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      description: props.description,
      runtime: RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.sizing.memoryMb,
      timeout: props.sizing.timeout,
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        LOG_LEVEL: props.logLevel ?? 'INFO',
        ...props.environment,
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.EXTERNAL,
        sourcesContent: false,
        // Bundle the AWS SDK too: the versions tested here are the versions that run.
        bundleAwsSDK: true,
        // CommonJS dependencies (exceljs, csv-parse's deps) call require() for Node built-ins.
        banner: "import { createRequire as __scorecardCreateRequire } from 'node:module'; const require = __scorecardCreateRequire(import.meta.url);",
      },
    });
    this.fn.node.addDependency(this.logGroup);
  }
}
