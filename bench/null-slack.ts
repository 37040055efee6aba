// Stands in for Slack's Web API and response_urls in the HTTP benchmark, in a process of its
// own, so that the load generator's event loop never also serves our bot's answers (the bare
// Bolt baseline sends none). Answers every request with {"ok":true}; prints its port.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
