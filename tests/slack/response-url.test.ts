// Replies to response_urls: the JSON Slack expects, a failure for a non-2xx answer or a timeout,
// and one kept-alive socket reused for posts one after another.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { responseUrlPoster, type ResponseUrl } from '../../adapters/slack/response-url.ts';

let server: Server;
let url: string;
let connections: number;
let received: { contentType: string | undefined; body: string }[];
let status: number;
/** While set, requests get no answer. */
let silent: boolean;
let poster: ResponseUrl;

beforeEach(async () => {
  connections = 0;
  received = [];
  status = 200;
  silent = false;
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ contentType: req.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') });
      if (!silent) res.writeHead(status, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/response/1`;
  poster = responseUrlPoster(500);
});

afterEach(async () => {
  poster.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('response_url poster', () => {
  it('posts the message as JSON', async () => {
    await poster.send(url, { response_type: 'ephemeral', text: 'Ünïcode ✓' });
    expect(received).toEqual([{ contentType: 'application/json', body: '{"response_type":"ephemeral","text":"Ünïcode ✓"}' }]);
  });

  it('reuses one socket for posts made one after another', async () => {
    for (let i = 0; i < 5; i++) await poster.send(url, { text: `answer ${i}` });
    expect(received).toHaveLength(5);
    expect(connections).toBe(1);
  });

  it('fails when the response_url answers with an error status', async () => {
    status = 404;
    await expect(poster.send(url, { text: 'too late' })).rejects.toThrow('the response_url answered 404');
  });

  it('gives up on a response_url that does not answer', async () => {
    silent = true;
    await expect(poster.send(url, { text: 'nobody listens' })).rejects.toThrow('the response_url did not answer within 500 ms');
  });
});
