/**
 * The blog at its real URLs for Firefox: an HTTP proxy on 127.0.0.1 that answers plain http itself and, for a
 * CONNECT to one of the blog's hosts, hands the socket to an in-process https server with a self-signed certificate
 * made at start. Firefox's request interception does not see the content script's own fetch of /content.html, and a
 * request the extension's DNR rule blocked cannot be answered, so a proxy is what serves both (see FIREFOX.md).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BLOG_HOSTS } from '@/utils/site/hosts';

export interface BlogProxy {
  port: number;
  close(): Promise<void>;
}

export type Handler = (url: URL, response: ServerResponse) => void;

function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'kx-cert-'));
  try {
    const san = BLOG_HOSTS.map((host) => `DNS:${host}`).join(',');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=kexue.fm',
        '-addext',
        `subjectAltName=${san}`,
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Starts the proxy on a free port; `handle` answers every blog request, anything else gets a 502. */
export async function startBlogProxy(handle: Handler): Promise<BlogProxy> {
  const blog = new Set<string>(BLOG_HOSTS);
  const answer = (scheme: 'http' | 'https') => (request: IncomingMessage, response: ServerResponse) => {
    // A proxied http request carries the absolute URL; a request inside the TLS tunnel only the path.
    const path = request.url ?? '/';
    const url = new URL(path.startsWith('http') ? path : `${scheme}://${request.headers.host}${path}`);
    if (!blog.has(url.hostname)) {
      response.writeHead(502).end('not the blog: nothing reaches the network');
      return;
    }
    handle(url, response);
  };
  const https = createHttpsServer(selfSignedCertificate(), answer('https'));
  const proxy = createHttpServer(answer('http'));
  const sockets = new Set<Socket>();
  proxy.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  proxy.on('connect', (request: IncomingMessage, socket: Socket) => {
    const host = (request.url ?? '').split(':')[0] ?? '';
    if (!blog.has(host)) {
      socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    https.emit('connection', socket);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    port: (proxy.address() as AddressInfo).port,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => proxy.close(resolve));
      https.close();
    },
  };
}
