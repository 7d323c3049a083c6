/**
 * The embedded SES v2 API server: aws-ses-v2-local (docs/decisions/mail.md says why),
 * on a free loopback port, and what it received turned back into .eml files.
 *
 * The server keeps received messages in memory (one store per process) and parses
 * raw MIME with mailparser; its own /get-emlContent re-encodes the attachments of raw
 * messages wrongly (base64 text taken as UTF-8), so the .eml is rebuilt here from
 * the parsed message, and each attachment is checked against the checksum
 * mailparser took of what arrived.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import MailComposer from 'nodemailer/lib/mail-composer';
import { ScorecardError } from '../errors';

const require = createRequire(import.meta.url);

interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  attachments: { content: string; contentType: string; filename?: string; checksum?: string }[];
  at: number;
}

/** A message the embedded SES server accepted, as an .eml a mail client opens. */
export interface LocalMail {
  messageId: string;
  to: string[];
  subject: string;
  eml: Buffer;
}

export async function startSesServer(): Promise<{ server: http.Server; endpoint: string }> {
  const mod = require('aws-ses-v2-local') as { default: (c: { host: string; port: number }) => Promise<http.Server> };
  const server = await mod.default({ host: '127.0.0.1', port: 0 });
  return { server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** The messages with these SES message ids, in that order (ids the server does not know are an error). */
export async function fetchSentMail(endpoint: string, messageIds: string[]): Promise<LocalMail[]> {
  const res = await fetch(`${endpoint}/store`);
  if (!res.ok) throw new ScorecardError(`the embedded SES server answered ${res.status} for its store`);
  const { emails } = (await res.json()) as { emails: StoredEmail[] };
  const byId = new Map(emails.map((e) => [e.messageId, e]));
  const out: LocalMail[] = [];
  for (const id of messageIds) {
    const e = byId.get(id);
    if (!e) throw new ScorecardError(`the embedded SES server has no message ${id}`);
    const attachments = e.attachments.map((a) => {
      const content = Buffer.from(a.content, 'base64');
      if (a.checksum && createHash('md5').update(content).digest('hex') !== a.checksum) {
        throw new ScorecardError(`attachment ${a.filename ?? '?'} of message ${id} does not match what the SES server received`);
      }
      return { filename: a.filename, content, contentType: a.contentType };
    });
    const eml = await new MailComposer({
      from: e.from,
      to: e.destination.to,
      cc: e.destination.cc,
      subject: e.subject,
      text: e.body.text,
      html: e.body.html,
      attachments,
      date: new Date(e.at * 1000),
      headers: { 'X-SES-Message-ID': e.messageId },
    })
      .compile()
      .build();
    out.push({ messageId: id, to: e.destination.to, subject: e.subject, eml });
  }
  return out;
}
