/** The fake Amazon's small HTTP vocabulary: an answer value, and reading a bounded form or JSON body. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Answer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export const jsonAnswer = (status: number, body: unknown): Answer => ({
  status,
  headers: { 'content-type': 'application/json;charset=UTF-8', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

export const htmlAnswer = (status: number, html: string): Answer => ({ status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: html });

export const redirectAnswer = (location: string): Answer => ({ status: 302, headers: { location } });

export function write(res: ServerResponse, answer: Answer): void {
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}

const LIMIT = 64 * 1024;

/** The request body as text, at most 64 KiB (more is refused with `null`). */
export async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > LIMIT) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** 256 random bits, base64url. */
export const randomId = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');

/** Client credentials from HTTP Basic (RFC 6749 §2.3.1, form-encoded parts) or the form body. */
export function clientCredentials(authorization: string | undefined, form: URLSearchParams): { id: string; secret: string } | undefined {
  if (authorization?.startsWith('Basic ')) {
    const [id = '', secret = ''] = Buffer.from(authorization.slice(6), 'base64').toString('utf8').split(':');
    return { id: decodeURIComponent(id), secret: decodeURIComponent(secret) };
  }
  const id = form.get('client_id');
  const secret = form.get('client_secret');
  return id && secret ? { id, secret } : undefined;
}
