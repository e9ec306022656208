// A tiny static file server for the built demo: 127.0.0.1 only, GET and HEAD
// only, no directory listings, no logging of requests. Used by serve.sh and
// by the end-to-end tests.
//
//   node web-demo/static-server.mjs [dir] [--port N]

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { resolve, join, extname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Content types by file extension (the test server uses the same table). */
export const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.rules': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** The policy of the page's meta tag (build-demo.mjs writes it there too). */
export const CSP_META = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; img-src 'self' data:; style-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'";
/** Sent as a header as well, with what only a header can say. */
export const CSP = `${CSP_META}; frame-ancestors 'none'`;

/**
 * Serve `root` on 127.0.0.1. Resolves to { server, url }.
 * port 0 picks a free port.
 */
export function serve(root, { port = 0, host = '127.0.0.1' } = {}) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    const headers = {
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
      'Cross-Origin-Opener-Policy': 'same-origin',
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, Allow: 'GET, HEAD' });
      res.end();
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      res.writeHead(400, headers);
      res.end();
      return;
    }
    if (pathname.endsWith('/')) pathname += 'index.html';
    const file = resolve(join(base, pathname));
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403, headers);
      res.end();
      return;
    }
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new Error('not a file');
      const body = await readFile(file);
      const type = TYPES[extname(file).toLowerCase()] || 'application/octet-stream';
      const h = { ...headers, 'Content-Type': type, 'Content-Length': body.length };
      if (type.startsWith('text/html')) {
        // The single-file build carries its own policy (with hashes) in its meta tag.
        if (!file.endsWith('screening-demo.html')) h['Content-Security-Policy'] = CSP;
        h['X-Frame-Options'] = 'DENY';
      }
      res.writeHead(200, h);
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not found');
    }
  });
  return new Promise((ok, bad) => {
    server.once('error', bad);
    server.listen(port, host, () => {
      server.off('error', bad);
      const { port: p } = server.address();
      ok({ server, url: `http://${host}:${p}/` });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const portAt = args.indexOf('--port');
  const port = portAt >= 0 ? Number(args[portAt + 1]) : Number(process.env.PORT || 8080);
  const dir = args.find((a, i) => !a.startsWith('--') && (portAt < 0 || i !== portAt + 1))
    || fileURLToPath(new URL('./build/', import.meta.url));
  const start = async (p) => {
    try {
      return await serve(dir, { port: p });
    } catch (err) {
      if (err.code === 'EADDRINUSE' && p !== 0) {
        process.stderr.write(`Port ${p} is in use; picking a free one.\n`);
        return serve(dir, { port: 0 });
      }
      throw err;
    }
  };
  const { url } = await start(port);
  process.stdout.write(`\nThe screening demo is running at ${url}\n`);
  process.stdout.write(`The single-file build (open from disk, no server needed): ${resolve(dir, 'screening-demo.html')}\n`);
  process.stdout.write('Press Ctrl+C to stop.\n');
}
