/**
 * The single DynamoDB table: partition key `pk` (S), sort key `sk` (S), no indexes,
 * on-demand billing. Every item is `{ pk, sk, v }` where `v` is the record as JSON.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { StoreError } from '../errors';

export const PK = 'pk';
export const SK = 'sk';
/** The record, JSON-encoded (compact, and one attribute to unmarshal per item). */
export const VALUE = 'v';

/** Creates the table if it does not exist and waits until it is ACTIVE (local runs; CDK creates it in AWS). */
export async function createTableIfMissing(
  client: DynamoDBClient | DynamoDBDocumentClient,
  tableName: string,
  opts: { timeoutMs?: number; pollMs?: number } = {},
): Promise<void> {
  const send = (cmd: unknown) => (client as DynamoDBClient).send(cmd as DescribeTableCommand);
  const status = async (): Promise<string | null> => {
    try {
      const out = await send(new DescribeTableCommand({ TableName: tableName }));
      return out.Table?.TableStatus ?? null;
    } catch (e) {
      if (e instanceof ResourceNotFoundException || (e as Error)?.name === 'ResourceNotFoundException') return null;
      throw new StoreError(`cannot describe table ${tableName}: ${(e as Error)?.message ?? e}`, { cause: e });
    }
  };
  let s = await status();
  if (s === null) {
    try {
      await (client as DynamoDBClient).send(
        new CreateTableCommand({
          TableName: tableName,
          AttributeDefinitions: [
            { AttributeName: PK, AttributeType: 'S' },
            { AttributeName: SK, AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: PK, KeyType: 'HASH' },
            { AttributeName: SK, KeyType: 'RANGE' },
          ],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
    } catch (e) {
      // Created concurrently by someone else: fine.
      if ((e as Error)?.name !== 'ResourceInUseException') {
        throw new StoreError(`cannot create table ${tableName}: ${(e as Error)?.message ?? e}`, { cause: e });
      }
    }
    s = await status();
  }
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  while (s !== 'ACTIVE') {
    if (Date.now() > deadline) throw new StoreError(`table ${tableName} did not become ACTIVE (status ${s})`);
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 25));
    s = await status();
  }
}
