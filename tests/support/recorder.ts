// A local HTTP server standing in for a chat platform: it records every post, answers lookups by
// delivery key, and holds its answers until posts have come from a given number of processes,
// so that schedulers in several processes are certainly posting at the same time.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedHttpPost {
  channel: string;
  key: string;
  owner: number;
}

export interface Recorder {
  url: string;
  posts: RecordedHttpPost[];
  close(): Promise<void>;
}

/** Past this, held answers are released anyway, so that a broken run fails its assertions instead of hanging. */
const HOLD_LIMIT_MS = 15_000;

export async function startRecorder(options: { holdUntilOwners: number }): Promise<Recorder> {
  const posts: RecordedHttpPost[] = [];
  let held: Array<() => void> | undefined = [];
  const release = () => {
    for (const answer of held ?? []) answer();
    held = undefined;
  };
  const holdTimer = setTimeout(release, HOLD_LIMIT_MS);
  const send = (res: ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/find') {
      const index = posts.findIndex((post) => post.key === url.searchParams.get('key') && post.channel === url.searchParams.get('channel'));
      send(res, index === -1 ? 404 : 200, index === -1 ? {} : { id: `m-${index + 1}` });
      return;
    }
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const post = JSON.parse(body) as RecordedHttpPost;
      posts.push(post);
      const answer = () => send(res, 200, { id: `m-${posts.indexOf(post) + 1}` });
      if (!held) return answer();
      held.push(answer);
      if (new Set(posts.map((recorded) => recorded.owner)).size >= options.holdUntilOwners) release();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    posts,
    close: () => {
      clearTimeout(holdTimer);
      release();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
