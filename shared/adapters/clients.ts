/**
 * SDK clients, built once (at Lambda cold start, or when the local stack starts)
 * and injected into the adapters. The only place that configures AWS SDK clients.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';

export interface ClientOptions {
  region?: string;
  /** e.g. http://127.0.0.1:PORT for dynalite; undefined in AWS. */
  dynamoEndpoint?: string;
  /** e.g. http://127.0.0.1:PORT for s3rver; undefined in AWS. */
  s3Endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export interface Clients {
  dynamo: DynamoDBDocumentClient;
  s3: S3Client;
  /** The low-level client under `dynamo` (table admin; `destroy()` of the document client does nothing). */
  dynamoClient: DynamoDBClient;
}

export function makeClients(opts: ClientOptions = {}): Clients {
  const region = opts.region ?? process.env.AWS_REGION ?? 'us-east-1';
  const base = opts.dynamoEndpoint
    ? new DynamoDBClient({ region, endpoint: opts.dynamoEndpoint, credentials: opts.credentials })
    : new DynamoDBClient({ region, credentials: opts.credentials });
  const dynamo = DynamoDBDocumentClient.from(base, {
    // Records are stored without undefined attributes; empty strings are kept as is.
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    unmarshallOptions: { wrapNumbers: false },
  });
  const s3 = new S3Client({
    region,
    credentials: opts.credentials,
    ...(opts.s3Endpoint ? { endpoint: opts.s3Endpoint, forcePathStyle: true } : {}),
    // Streamed uploads otherwise use aws-chunked framing with trailing checksums,
    // which S3-compatible servers (s3rver) store verbatim.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return { dynamo, s3, dynamoClient: base };
}

/** Closes the clients' sockets so a process (CLI, test) can exit. */
export function destroyClients(clients: Clients): void {
  clients.dynamoClient.destroy();
  clients.s3.destroy();
}

/** The SES v2 client (e-mail delivery); `endpoint` for the embedded SES server. */
export function makeSesClient(opts: Pick<ClientOptions, 'region' | 'credentials'> & { endpoint?: string } = {}): SESv2Client {
  return new SESv2Client({
    region: opts.region ?? process.env.AWS_REGION ?? 'us-east-1',
    credentials: opts.credentials,
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
  });
}
