// The baselines: bare node:http servers that do the least the real endpoint must do, with the same bytes out.
//   node --import tsx bench/baselines/bare-server.ts pixel|redirect
import { createServer } from 'node:http';
import { PIXEL_GIF, PIXEL_HEADERS } from '../../src/server/http/tracking/pixel';

const mode = process.argv[2];
const target = 'https://example.com/pricing?utm_source=mailtrail';

const server = createServer((req, res) => {
  if (mode === 'redirect') {
    res.writeHead(302, { location: target, 'cache-control': 'no-store' });
    res.end();
    return;
  }
  res.writeHead(200, PIXEL_HEADERS);
  res.end(PIXEL_GIF);
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.stdout.write(`listening on http://127.0.0.1:${address.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
