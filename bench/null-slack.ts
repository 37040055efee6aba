// Stands in for Slack's Web API and response_urls in the HTTP benchmark, in a process of its
// own, so that the load generator's event loop never also serves our bot's answers (the bare
// Bolt baseline sends none). Answers every request with {"ok":true}, and GET /answers with how
// many response_url posts it has had; prints its port.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let answers = 0;
const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/answers') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ answers }));
    return;
  }
  if (req.url?.startsWith('/response/')) answers++;
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
