// Replies to a response_url (where Slack takes the answer to a slash command or a button click)
// over node:http(s) with keep-alive agents, each post abandoned after the Slack timeout. Bolt's
// respond() posts through fetch, which measured about three times the CPU per post (web streams,
// Request and Response objects); under load, that CPU came out of the acks' latency.
import { Agent as HttpAgent, type IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { RespondArguments } from '@slack/bolt';

/** An idle socket is closed after this long (undici's default, as fetch had), or sooner when the server's Keep-Alive says so. */
const IDLE_SOCKET_MS = 4_000;

export interface ResponseUrl {
  /** Posts `message` to `responseUrl`; rejects on a non-2xx answer, a network failure, or the timeout. */
  send(responseUrl: string, message: RespondArguments): Promise<void>;
  /** Closes the idle sockets (those of posts still under way close when they end). */
  close(): void;
}

export function responseUrlPoster(timeoutMs: number): ResponseUrl {
  const http = new HttpAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS });
  const https = new HttpsAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS });
  return {
    send: (responseUrl, message) =>
      new Promise((resolve, reject) => {
        const url = new URL(responseUrl);
        const [request, agent] = url.protocol === 'https:' ? [httpsRequest, https] : [httpRequest, http];
        const body = JSON.stringify(message);
        const onResponse = (res: IncomingMessage) => {
          // Read to the end, so that the socket goes back to the agent.
          res.resume();
          res.once('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve();
            else reject(new Error(`the response_url answered ${status}`));
          });
          res.once('error', reject);
        };
        const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
        const req = request(url, { method: 'POST', agent, headers }, onResponse).once('error', reject);
        // A timer rather than AbortSignal.timeout, which costs an EventTarget and its listeners per post.
        const timer = setTimeout(() => req.destroy(new Error(`the response_url did not answer within ${timeoutMs} ms`)), timeoutMs);
        req.once('close', () => clearTimeout(timer));
        req.end(body);
      }),
    close: () => {
      http.destroy();
      https.destroy();
    },
  };
}
