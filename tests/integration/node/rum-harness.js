// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// Loads a page that uses a RUM connection kit's snippet in headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core; no browser is ever downloaded) and prints what
// happened to the agent's intake requests as JSON.
//
//   node rum-harness.js SNIPPET_FILE [PAGE_HOST]
//
// The page is served from a loopback origin, http://PAGE_HOST:<free port> (default 127.0.0.1);
// the agent's bundle (@elastic/apm-rum's dist file) is served next to it.
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const { chromium } = require('playwright-core');

const snippetFile = process.argv[2];
const pageHost = process.argv[3] || '127.0.0.1';
const bundle = fs.readFileSync(path.join(__dirname, 'node_modules/@elastic/apm-rum/dist/bundles/elastic-apm-rum.umd.min.js'));
const snippet = fs.readFileSync(snippetFile, 'utf8');
const page = `<!doctype html><html><head><meta charset="utf-8"><title>rum harness</title>
${snippet}
<script>
  const t = elasticApm.startTransaction('rum-harness-transaction', 'custom');
  elasticApm.captureError(new Error('rum harness error'));
  setTimeout(() => t.end(), 50);
</script>
</head><body>rum harness</body></html>`;

const server = http.createServer((req, res) => {
  if (req.url === '/elastic-apm-rum.umd.min.js') {
    res.writeHead(200, { 'Content-Type': 'application/javascript' });
    res.end(bundle);
  } else if (req.url === '/') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(page);
  } else {
    res.writeHead(404);
    res.end();
  }
});

server.listen(0, '127.0.0.1', async () => {
  const origin = `http://${pageHost}:${server.address().port}`;
  const result = { origin, responses: [], failures: [], console: [] };
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    // Root in a container has no user namespaces for Chromium's sandbox.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const context = await browser.newContext();
    const p = await context.newPage();
    const intake = (url) => url.includes('/intake/v');
    p.on('console', (m) => result.console.push(`${m.type()}: ${m.text()}`));
    p.on('response', (r) => {
      if (intake(r.url())) result.responses.push({ url: r.url(), method: r.request().method(), status: r.status() });
    });
    p.on('requestfailed', (r) => {
      if (intake(r.url())) result.failures.push({ url: r.url(), method: r.method(), error: r.failure() && r.failure().errorText });
    });
    await p.goto(origin + '/');
    // The agent flushes every 500 ms; wait for an intake outcome, then a little longer for the second batch.
    const deadline = Date.now() + 10000;
    while (Date.now() < deadline && result.responses.filter((r) => r.method === 'POST').length === 0 && result.failures.length === 0)
      await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1500));
  } finally {
    await browser.close();
    server.close();
  }
  process.stdout.write(JSON.stringify(result) + '\n');
});
