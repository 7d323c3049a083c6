/**
 * Not a case: the embedded servers (startLocalStack: dynalite in memory + s3rver) in a
 * process of their own, so that bench/cases/ingest-lambda.ts measures the ingest
 * handler's own memory, as a Lambda would have it. Prints `READY {endpoints, tableName}`
 * and runs until its stdin closes.
 */
import { startLocalStack } from '../../shared/local/runtime';

const stack = await startLocalStack();
process.stdout.write(`READY ${JSON.stringify({ endpoints: stack.endpoints, tableName: stack.tableName })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void stack.stop().then(() => process.exit(0));
});
