/**
 * The delivery log on the Scorecard table: one item per (run, workbook, recipient),
 *
 *   pk = `delivery#<runId>`   sk = `<workbook>#<recipient>`   v = the record as JSON   st = status
 *
 * A send is claimed with a conditional PutItem (no item yet, or only a failed one),
 * so a rerun of the same run, or two overlapping runs, never send the same e-mail twice.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { StoreError } from '../errors';
import type { DeliveryLog, DeliveryRecord } from '../ports';
import { isRetryableError } from './dynamo-store';
import { PK, SK, VALUE } from './table';

const STATUS = 'st';

/** The delivery log's partition keys start with this (the report role's table grant names it). */
export const DELIVERY_ENTITY = 'delivery';
/** Failed sends are also listed under one partition, newest first, for the next data-quality sheet. */
const FAILURES_PK = `${DELIVERY_ENTITY}#failures`;

export function deliveryKey(r: Pick<DeliveryRecord, 'runId' | 'workbook' | 'recipient'>): { pk: string; sk: string } {
  return { pk: `${DELIVERY_ENTITY}#${r.runId}`, sk: `${r.workbook}#${r.recipient}` };
}

export class DynamoDeliveryLog implements DeliveryLog {
  constructor(
    private readonly dynamo: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly opts: { maxAttempts?: number; sleep?: (ms: number) => Promise<void> } = {},
  ) {}

  async claim(record: DeliveryRecord): Promise<boolean> {
    const { pk, sk } = deliveryKey(record);
    try {
      await this.retry(`claiming ${pk} ${sk}`, () =>
        this.dynamo.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { [PK]: pk, [SK]: sk, [VALUE]: JSON.stringify(record), [STATUS]: record.status },
            ConditionExpression: 'attribute_not_exists(#pk) OR #st = :failed',
            ExpressionAttributeNames: { '#pk': PK, '#st': STATUS },
            ExpressionAttributeValues: { ':failed': 'failed' },
          }),
        ),
      );
      return true;
    } catch (e) {
      if (e instanceof StoreError && isConditionFailure(e.cause)) return false;
      throw e;
    }
  }

  async settle(record: DeliveryRecord): Promise<void> {
    const { pk, sk } = deliveryKey(record);
    await this.retry(`recording ${pk} ${sk}`, () =>
      this.dynamo.send(
        new PutCommand({ TableName: this.tableName, Item: { [PK]: pk, [SK]: sk, [VALUE]: JSON.stringify(record), [STATUS]: record.status } }),
      ),
    );
    if (record.status === 'failed') {
      const fsk = `${record.at}#${record.runId}#${sk}`;
      await this.retry(`listing the failed delivery ${fsk}`, () =>
        this.dynamo.send(new PutCommand({ TableName: this.tableName, Item: { [PK]: FAILURES_PK, [SK]: fsk, [VALUE]: JSON.stringify(record) } })),
      );
    }
  }

  async failuresSince(since: string): Promise<DeliveryRecord[]> {
    return this.records('reading failed deliveries', {
      KeyConditionExpression: '#pk = :pk AND #sk >= :since',
      ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
      ExpressionAttributeValues: { ':pk': FAILURES_PK, ':since': since },
      ScanIndexForward: false,
    });
  }

  async listRun(runId: string): Promise<DeliveryRecord[]> {
    return this.records(`reading deliveries of ${runId}`, {
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': PK },
      ExpressionAttributeValues: { ':pk': deliveryKey({ runId, workbook: '', recipient: '' }).pk },
    });
  }

  /** Every record a query of one partition returns, page after page. */
  private async records(what: string, query: Omit<QueryCommandInput, 'TableName' | 'ConsistentRead' | 'ExclusiveStartKey'>): Promise<DeliveryRecord[]> {
    const out: DeliveryRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.retry(what, () =>
        this.dynamo.send(new QueryCommand({ ...query, TableName: this.tableName, ConsistentRead: true, ExclusiveStartKey: start })),
      );
      for (const item of page.Items ?? []) out.push(JSON.parse(item[VALUE] as string) as DeliveryRecord);
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  private async retry<T>(what: string, fn: () => Promise<T>): Promise<T> {
    const max = this.opts.maxAttempts ?? 5;
    const sleep = this.opts.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (e) {
        if (!isRetryableError(e) || attempt >= max) {
          throw new StoreError(`${what} in ${this.tableName} failed${attempt > 1 ? ` after ${attempt} attempts` : ''}: ${(e as Error)?.message ?? e}`, { cause: e });
        }
        await sleep(50 * 2 ** attempt);
      }
    }
  }
}

function isConditionFailure(e: unknown): boolean {
  return e instanceof ConditionalCheckFailedException || (e as Error)?.name === 'ConditionalCheckFailedException';
}
