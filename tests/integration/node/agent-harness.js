// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// Runs the real Elastic APM Node.js agent once against a server and prints what it logged as
// JSON. Configuration comes from the agent's own ELASTIC_APM_* environment variables (server URL,
// secret token or API key, CA file), exactly as a user would configure it.
'use strict';
const util = require('util');

const logs = [];
const record = (level) => (...args) => {
  const parts = args.map((a) => (a instanceof Error ? a.stack || a.message : typeof a === 'object' ? util.inspect(a, { depth: 4 }) : String(a)));
  logs.push({ level, message: parts.join(' ') });
};
const logger = {
  trace() {}, debug() {},
  info: record('info'), warn: record('warn'), error: record('error'), fatal: record('fatal'),
  child() { return logger; },
};

const apm = require('elastic-apm-node').start({
  serviceName: process.env.HARNESS_SERVICE || 'harness-node-service',
  environment: process.env.HARNESS_ENVIRONMENT || 'production',
  logger,
  metricsInterval: '0s',
  cloudProvider: 'none',
  captureExceptions: false,
  apiRequestTime: '2s',
});

const trans = apm.startTransaction('harness-transaction', 'request');
const span = trans.startSpan('harness-span', 'custom');
span.end();
apm.captureError(new Error('harness test error'));
trans.end();

// Give the version fetch and the config poll time to answer, then flush and report.
setTimeout(() => {
  apm.flush(() => {
    setTimeout(() => {
      process.stdout.write(JSON.stringify({ logs }) + '\n');
      process.exit(0);
    }, 1000);
  });
}, 800);
