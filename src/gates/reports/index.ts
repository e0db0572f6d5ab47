export { renderJson } from './json.js';
export { renderJunit } from './junit.js';
export { renderHtml } from './html.js';
export { escapeXml } from './escape.js';
