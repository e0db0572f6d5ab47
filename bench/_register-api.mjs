/**
 * Child process for register-large.mjs: registers one file through the programmatic API in a fresh home and
 * prints {"ms", "openMs", "peakRssMb", "digest"} as JSON. A process of its own so that its peak RSS is the
 * register's alone. Usage: node bench/_register-api.mjs <home> <name> <file.onnx>
 */
import { openRegistry, resolveConfig } from '../dist/app/index.js';

const [home, name, file] = process.argv.slice(2);
const opened = performance.now();
const { registry, close } = await openRegistry(resolveConfig({ home, actor: 'bench' }, {}));
const openMs = performance.now() - opened;
try {
  const started = performance.now();
  const version = await registry.register({ name, file });
  const ms = performance.now() - started;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ ms, openMs, peakRssMb, digest: version.digest }));
} finally {
  await close();
}
