import { ConfigError } from '../errors';
import { parseConfig, type Config } from './config';
import { parseMailSettings, type MailSettings } from './deliveries';

/**
 * The one place that reads the environment of a Lambda (or the local runtime).
 * Called once at cold start; throws ConfigError naming the variable.
 */
export interface RuntimeEnv {
  tableName: string;
  bucketName: string;
  config: Config;
  /** SNS topic for "dashboard published"; optional (local runs have none). */
  topicArn?: string;
  /** Endpoint overrides for the embedded servers; undefined in AWS. */
  dynamoEndpoint?: string;
  s3Endpoint?: string;
  /** E-mail sender (MAIL_FROM, MAIL_IDENTITY, MAIL_IDENTITY_ARN, MAIL_CONFIGURATION_SET); the report function only. */
  mail?: MailSettings & { identityArn?: string };
}

export function readRuntimeEnv(env: NodeJS.ProcessEnv = process.env): RuntimeEnv {
  const need = (name: string): string => {
    const v = env[name];
    if (!v || !v.trim()) throw new ConfigError(`environment variable ${name} is required`, name);
    return v.trim();
  };
  let configJson: unknown;
  if (env.SCORECARD_CONFIG) {
    try {
      configJson = JSON.parse(env.SCORECARD_CONFIG);
    } catch (cause) {
      throw new ConfigError('environment variable SCORECARD_CONFIG is not valid JSON', 'SCORECARD_CONFIG', { cause });
    }
  }
  return {
    tableName: need('TABLE_NAME'),
    bucketName: need('BUCKET_NAME'),
    config: parseConfig(configJson, 'SCORECARD_CONFIG'),
    topicArn: env.TOPIC_ARN || undefined,
    dynamoEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    s3Endpoint: env.S3_ENDPOINT || undefined,
    mail: env.MAIL_FROM
      ? {
          ...parseMailSettings({ from: env.MAIL_FROM, ...(env.MAIL_IDENTITY ? { identity: env.MAIL_IDENTITY } : {}) }, 'MAIL_FROM/MAIL_IDENTITY'),
          identityArn: env.MAIL_IDENTITY_ARN || undefined,
          configurationSet: env.MAIL_CONFIGURATION_SET || undefined,
        }
      : undefined,
  };
}
