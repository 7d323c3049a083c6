import { describe, expect, it } from 'vitest';
import { MalformedMessageError, decodeS3Key, encodeS3Key, objectsFromMessageBody } from './s3-events';

const s3Body = (key: string, eventName = 'ObjectCreated:Put') =>
  JSON.stringify({ Records: [{ eventName, s3: { bucket: { name: 'b' }, object: { key, size: 12, eTag: 'abc' } } }] });

describe('S3 event keys', () => {
  it('decode + as a space and %XX as the character (as S3 encodes keys in events)', () => {
    expect(decodeS3Key('uploads/deals/Q3+deals%2Bfix.csv')).toBe('uploads/deals/Q3 deals+fix.csv');
    expect(decodeS3Key('uploads/deals/caf%C3%A9+%26+co%282%29.csv')).toBe('uploads/deals/café & co(2).csv');
    expect(decodeS3Key('uploads/deals/100%.csv')).toBe('uploads/deals/100%.csv');
  });

  it('round-trip keys through the S3 event encoding', () => {
    for (const key of ['uploads/deals/Q3 deals+fix.csv', 'uploads/surveys/ümlaut & 50%.xlsx', 'uploads/finance/a/b/c.csv']) {
      expect(encodeS3Key(key)).not.toContain(' ');
      expect(decodeS3Key(encodeS3Key(key))).toBe(key);
    }
    expect(encodeS3Key('uploads/deals/a b+c.csv')).toBe('uploads/deals/a+b%2Bc.csv');
  });
});

describe('objectsFromMessageBody', () => {
  it('read the created objects of an S3 notification', () => {
    expect(objectsFromMessageBody(s3Body('uploads/deals/a+b.csv'))).toEqual([
      { bucket: 'b', key: 'uploads/deals/a b.csv', size: 12, etag: 'abc', eventName: 'ObjectCreated:Put' },
    ]);
  });

  it('give nothing for the S3 test event and for removals', () => {
    expect(objectsFromMessageBody(JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'b' }))).toEqual([]);
    expect(objectsFromMessageBody(s3Body('uploads/deals/a.csv', 'ObjectRemoved:Delete'))).toEqual([]);
  });

  it('unwrap a notification delivered through SNS', () => {
    const body = JSON.stringify({ Type: 'Notification', Message: s3Body('uploads/deals/x%2By.csv') });
    expect(objectsFromMessageBody(body).map((o) => o.key)).toEqual(['uploads/deals/x+y.csv']);
  });

  it('reject a body that is not an S3 notification', () => {
    expect(() => objectsFromMessageBody('not json')).toThrow(MalformedMessageError);
    expect(() => objectsFromMessageBody('{"hello":1}')).toThrow(MalformedMessageError);
  });
});
