import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

/** Where Vite writes the built web app (`npm run build:web`). */
export const WEB_DIST = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '..', 'web', 'dist');

const NOT_BUILT_PAGE = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Nền tảng đô thị thông minh Hà Nội</title></head>
<body><main><h1>Ứng dụng web chưa được build</h1><p>Chạy <code>npm run build:web</code> rồi khởi động lại.</p>
<p lang="en">The web app is not built. Run <code>npm run build:web</code> and restart.</p></main></body></html>`;

/** Serves the built single-page app: hashed assets with long caching, index.html for every page path. */
export async function loadWebApp() {
  const indexPath = path.join(WEB_DIST, 'index.html');
  const indexHtml = existsSync(indexPath) ? await readFile(indexPath, 'utf8') : NOT_BUILT_PAGE;

  const sendIndex = (_request: FastifyRequest, reply: FastifyReply) =>
    reply.code(200).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);

  const routes: FastifyPluginAsync = async (app) => {
    if (existsSync(WEB_DIST)) {
      await app.register(fastifyStatic, { root: WEB_DIST, serve: false });
    }
    app.get('/', { config: { access: 'public' }, schema: { hide: true } }, sendIndex);
    app.get<{ Params: { '*': string } }>(
      '/assets/*',
      { config: { access: 'public' }, schema: { hide: true } },
      (request, reply) => {
        const file = request.params['*'];
        if (!/^[\w.-]+$/.test(file) || !existsSync(path.join(WEB_DIST, 'assets', file))) {
          return reply.callNotFound();
        }
        return reply
          .header('cache-control', 'public, max-age=31536000, immutable')
          .sendFile(path.join('assets', file));
      },
    );
    app.get<{ Params: { file: string } }>(
      '/:file',
      { config: { access: 'public' }, schema: { hide: true } },
      (request, reply) => {
        const file = request.params.file;
        if (
          !/^[\w-]+\.(svg|ico|png|txt|webmanifest|json)$/.test(file) ||
          !existsSync(path.join(WEB_DIST, file))
        ) {
          return reply.callNotFound();
        }
        return reply.header('cache-control', 'public, max-age=3600').sendFile(file);
      },
    );
  };

  return { sendIndex, routes };
}
