/**
 * The Mailer port over Amazon SES API v2: the message is built as MIME by
 * nodemailer's MailComposer (plain text + HTML alternatives, the workbook attached)
 * and sent as Raw content from the configured sender identity, through the
 * configuration set that reports bounces and complaints.
 */
import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import MailComposer from 'nodemailer/lib/mail-composer';
import { MailError } from '../errors';
import type { MailMessage, Mailer } from '../ports';
import { isRetryableError } from './dynamo-store';

export interface SesMailerOptions {
  /** `Scorecard <reports@example.com>`. */
  from: string;
  /** ARN of the verified identity (address or domain) that authorises `from`; optional locally. */
  fromIdentityArn?: string;
  configurationSet?: string;
}

/** SES v2 errors another attempt can fix. */
const RETRYABLE_SES = new Set(['TooManyRequestsException', 'LimitExceededException', 'InternalFailure', 'ServiceUnavailable']);

export function buildMime(from: string, m: MailMessage): Promise<Buffer> {
  return new MailComposer({
    from,
    to: m.to,
    subject: m.subject,
    text: m.text,
    html: m.html,
    attachments: [{ filename: m.attachment.filename, content: m.attachment.content, contentType: m.attachment.contentType }],
  })
    .compile()
    .build();
}

/** SES tag values: letters, digits, `_`, `-`, `.`, `@` only. */
function tagValue(s: string): string {
  return s.replace(/[^A-Za-z0-9_.@-]/g, '_').slice(0, 256) || '_';
}

export class SesMailer implements Mailer {
  constructor(
    private readonly ses: SESv2Client,
    private readonly opts: SesMailerOptions,
  ) {}

  async send(m: MailMessage): Promise<{ messageId: string }> {
    const raw = await buildMime(this.opts.from, m);
    try {
      const out = await this.ses.send(
        new SendEmailCommand({
          FromEmailAddress: this.opts.from,
          FromEmailAddressIdentityArn: this.opts.fromIdentityArn,
          Destination: { ToAddresses: [m.to] },
          Content: { Raw: { Data: raw } },
          ConfigurationSetName: this.opts.configurationSet,
          EmailTags: Object.entries(m.tags ?? {}).map(([Name, Value]) => ({ Name: tagValue(Name), Value: tagValue(Value) })),
        }),
      );
      if (!out.MessageId) throw new MailError(`SES accepted the message to ${m.to} but returned no message id`, false);
      return { messageId: out.MessageId };
    } catch (e) {
      if (e instanceof MailError) throw e;
      const name = (e as Error)?.name ?? 'Error';
      const retryable = RETRYABLE_SES.has(name) || isRetryableError(e);
      throw new MailError(`SES did not send to ${m.to}: ${name}: ${(e as Error)?.message ?? String(e)}`, retryable, { cause: e });
    }
  }
}
