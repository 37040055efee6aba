// A minimal WebSocket server (RFC 6455: handshake, text frames, close) playing Slack's Socket
// Mode endpoint, so the test needs no WebSocket package of its own.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

const HANDSHAKE_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const TEXT = 0x1;
const CLOSE = 0x8;
const PING = 0x9;
const PONG = 0xa;

export interface SocketServer {
  url: string;
  /** JSON messages received, from every connection. */
  received: Record<string, unknown>[];
  connections: number;
  /** Sends a JSON message on the newest connection. */
  send(message: unknown): void;
  close(): Promise<void>;
}

function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  let header: Buffer;
  if (length < 126) {
    header = Buffer.from([0, length]);
  } else if (length < 65536) {
    header = Buffer.from([0, 126, 0, 0]);
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.from([0, 127, 0, 0, 0, 0, 0, 0, 0, 0]);
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  header[0] = 0x80 | opcode;
  return Buffer.concat([header, payload]);
}

/** Reads the complete (masked, client-to-server) frames at the start of `buffer`; returns them and the rest. */
function readFrames(buffer: Buffer): { frames: { opcode: number; payload: Buffer }[]; rest: Buffer } {
  const frames: { opcode: number; payload: Buffer }[] = [];
  let offset = 0;
  for (;;) {
    if (buffer.length - offset < 2) break;
    const opcode = buffer[offset]! & 0x0f;
    let length = buffer[offset + 1]! & 0x7f;
    let at = offset + 2;
    if (length === 126) {
      if (buffer.length < at + 2) break;
      length = buffer.readUInt16BE(at);
      at += 2;
    } else if (length === 127) {
      if (buffer.length < at + 8) break;
      length = Number(buffer.readBigUInt64BE(at));
      at += 8;
    }
    if (buffer.length < at + 4 + length) break;
    const mask = buffer.subarray(at, at + 4);
    const payload = Buffer.from(buffer.subarray(at + 4, at + 4 + length).map((byte, index) => byte ^ mask[index % 4]!));
    frames.push({ opcode, payload });
    offset = at + 4 + length;
  }
  return { frames, rest: buffer.subarray(offset) };
}

export async function startSocketServer(onConnect: (server: SocketServer) => void): Promise<SocketServer> {
  const sockets: Socket[] = [];
  const http = createServer((_req, res) => res.writeHead(426).end());
  const server: SocketServer = {
    url: '',
    received: [],
    connections: 0,
    send: (message) => sockets.at(-1)?.write(frame(TEXT, Buffer.from(JSON.stringify(message)))),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        http.close(() => resolve());
      }),
  };
  http.on('upgrade', (req, socket: Socket) => {
    const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}${HANDSHAKE_GUID}`).digest('base64');
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    sockets.push(socket);
    server.connections += 1;
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      const { frames, rest } = readFrames(Buffer.concat([pending, chunk]));
      pending = rest;
      for (const { opcode, payload } of frames) {
        if (opcode === TEXT) server.received.push(JSON.parse(payload.toString('utf8')) as Record<string, unknown>);
        if (opcode === PING) socket.write(frame(PONG, payload));
        if (opcode === CLOSE) socket.end(frame(CLOSE, payload));
      }
    });
    socket.on('error', () => undefined);
    onConnect(server);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  server.url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/link/?ticket=socket-test-ticket`;
  return server;
}
