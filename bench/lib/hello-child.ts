/**
 * Baseline servers for the same machine and the same load generator: a bare `node:http` handler and
 * an express 5 route, each answering a small FHIR Patient. Gateway figures divided by these give
 * ratios that stay comparable on a noisy shared machine. Argument: `http` or `express`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';

const body = JSON.stringify({ resourceType: 'Patient', id: 'p1', meta: { versionId: '1' }, gender: 'female', birthDate: '1974-12-25' });
const kind = process.argv[2] === 'express' ? 'express' : 'http';
const server = kind === 'express'
  ? createServer(express().get('/fhir/Patient/:id', (_req, res) => {
    res.type('application/fhir+json').send(body);
  }))
  : createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/fhir+json' }).end(body);
  });
server.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
});
process.on('message', (m: { type: string }) => {
  if (m.type === 'rss') process.send?.({ type: 'rss', maxRssKb: process.resourceUsage().maxRSS });
  if (m.type === 'stop') server.close(() => process.exit(0));
});
