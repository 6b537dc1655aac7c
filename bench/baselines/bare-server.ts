// The baselines: bare node:http servers that do the least the real endpoint must do, with the same bytes out.
//   node --import tsx bench/baselines/bare-server.ts pixel|redirect
//   node --import tsx bench/baselines/bare-server.ts json FILE   (reads the request body, answers FILE's bytes)
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { PIXEL_GIF, PIXEL_HEADERS } from '../../src/server/http/tracking/pixel';

const [mode, file] = process.argv.slice(2);
const target = 'https://example.com/pricing?utm_source=mailtrail';
const json = mode === 'json' ? readFileSync(file) : undefined;

const server = createServer((req, res) => {
  if (json) {
    // The request's JSON is read to its end, as the real endpoint must before it can answer.
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': json.length });
      res.end(json);
    });
    return;
  }
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
