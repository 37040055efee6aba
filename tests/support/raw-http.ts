// Raw HTTP/1.1 over a socket, for requests no HTTP client would send (bad targets, stalled bodies).
import { connect } from 'node:net';

/**
 * Sends raw bytes on a new connection and resolves, once the server closes it, with the status
 * of the answer (0 when it closed without one). `keepOpen` leaves the client's side open, as a
 * client still sending or waiting does.
 */
export function rawRequest(port: number, text: string | Buffer, keepOpen = false): Promise<{ status: number; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
    socket.on('close', () =>
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0), closedAfterMs: performance.now() - started }),
    );
    socket.write(text);
    if (!keepOpen) socket.end();
  });
}
