/**
 * The baseline of bench/serve.mjs: a bare node:http server that reads the request body, parses it as JSON (the
 * same OIP v2 body modelpilot gets) and answers a fixed small JSON. Nothing of modelpilot or onnxruntime is
 * loaded: this is the ceiling of Node's HTTP stack on this machine.
 *   node bench/_bare-server.mjs <port>     prints `listening <port>` once it accepts connections
 */
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 0);
const ANSWER = '{"model_name":"bare","outputs":[]}';

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let status = 200;
    try {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      status = 400;
    }
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(ANSWER) });
    res.end(ANSWER);
  });
});
server.keepAliveTimeout = 75_000;
server.listen(port, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
