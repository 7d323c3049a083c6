export async function main(argv: string[]): Promise<number> {
  console.log('scorecard', argv.join(' '));
  return 0;
}
